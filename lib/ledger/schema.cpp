// The ledger's tables, their version, and the migrations run when a ledger is opened.
#include "ledger/schema.hpp"

#include "ledger/timestamp.hpp"

#include <array>

namespace slipway::ledger {

using util::Database;
using util::Transaction;

namespace {

// Version 1. Every record is a row of `records` (the chain: kind, time, the canonical
// format it was hashed with, prev_hash, hash) plus rows keyed by its id in the tables of
// its kind. `position` keeps list order, which is part of what is hashed. `hash` is NULL
// only inside the transaction that writes the record. Columns are NOT NULL so that a
// "missing" value has exactly one spelling.
constexpr std::string_view schema_v1 = R"sql(
CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    applied_ms  INTEGER NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE records (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT NOT NULL,
    time_ms   INTEGER NOT NULL,
    format    INTEGER NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT UNIQUE
);
CREATE TABLE pushes (
    record_id       INTEGER PRIMARY KEY REFERENCES records(id),
    pusher          TEXT NOT NULL,
    identity_source TEXT NOT NULL,
    protocol        TEXT NOT NULL,
    remote_address  TEXT NOT NULL,
    verdict         TEXT NOT NULL,
    reason          TEXT NOT NULL
);
CREATE TABLE push_options (
    record_id INTEGER NOT NULL REFERENCES records(id),
    position  INTEGER NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);
CREATE TABLE ref_updates (
    record_id   INTEGER NOT NULL REFERENCES records(id),
    position    INTEGER NOT NULL,
    ref         TEXT NOT NULL,
    old_id      TEXT NOT NULL,
    new_id      TEXT NOT NULL,
    environment TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);
CREATE INDEX ref_updates_by_ref ON ref_updates (ref);
CREATE INDEX ref_updates_by_environment ON ref_updates (environment);
CREATE TABLE findings (
    record_id INTEGER NOT NULL REFERENCES records(id),
    position  INTEGER NOT NULL,
    ref       TEXT NOT NULL,
    path      TEXT NOT NULL,
    line      INTEGER NOT NULL,
    col       INTEGER NOT NULL,
    severity  TEXT NOT NULL,
    message   TEXT NOT NULL,
    rule      TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);
CREATE TABLE deploys (
    record_id   INTEGER PRIMARY KEY REFERENCES records(id),
    environment TEXT NOT NULL,
    ref         TEXT NOT NULL,
    tag         TEXT NOT NULL,
    commit_id   TEXT NOT NULL,
    pusher      TEXT NOT NULL,
    push_id     INTEGER NOT NULL
);
CREATE INDEX deploys_by_environment ON deploys (environment);
CREATE TABLE deploy_ends (
    record_id INTEGER PRIMARY KEY REFERENCES records(id),
    deploy_id INTEGER NOT NULL REFERENCES deploys(record_id),
    outcome   TEXT NOT NULL,
    message   TEXT NOT NULL
);
CREATE INDEX deploy_ends_by_deploy ON deploy_ends (deploy_id);
CREATE TABLE targets (
    record_id   INTEGER NOT NULL REFERENCES records(id),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    exit_code   INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    output      BLOB NOT NULL,
    PRIMARY KEY (record_id, position)
);
CREATE TABLE pruned (
    record_id INTEGER NOT NULL REFERENCES records(id),
    position  INTEGER NOT NULL,
    object    TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);
CREATE TABLE ref_syncs (
    record_id INTEGER PRIMARY KEY REFERENCES records(id),
    push_id   INTEGER NOT NULL,
    source    TEXT NOT NULL
);
CREATE INDEX ref_syncs_by_push ON ref_syncs (push_id);
)sql";

// Version 2: two derived tables, kept by triggers, so that what every push asks — the last
// confirmed value of each ref, and the accepted pushes no post-receive confirmed — costs
// O(refs) instead of a scan of the whole history. Not part of any hash: they are indexes,
// rebuilt from the chained rows when the step runs.
constexpr std::string_view schema_v2 = R"sql(
CREATE TABLE ref_heads (
    ref       TEXT PRIMARY KEY,
    value     TEXT NOT NULL,
    record_id INTEGER NOT NULL
);
CREATE TABLE open_pushes (
    push_id INTEGER PRIMARY KEY
);
INSERT INTO ref_heads (ref, value, record_id)
    SELECT u.ref, u.new_id, max(u.record_id) FROM ref_updates u JOIN records r ON r.id = u.record_id
    WHERE r.kind IN ('ref_sync', 'deploy_end') GROUP BY u.ref;
INSERT INTO open_pushes (push_id)
    SELECT p.record_id FROM pushes p WHERE p.verdict = 'accepted'
    AND NOT EXISTS (SELECT 1 FROM ref_syncs s WHERE s.push_id = p.record_id);
CREATE TRIGGER ref_heads_follow_confirmations AFTER INSERT ON ref_updates
WHEN (SELECT kind FROM records WHERE id = NEW.record_id) IN ('ref_sync', 'deploy_end')
BEGIN
    INSERT INTO ref_heads (ref, value, record_id) VALUES (NEW.ref, NEW.new_id, NEW.record_id)
    ON CONFLICT (ref) DO UPDATE SET value = excluded.value, record_id = excluded.record_id
    WHERE excluded.record_id >= ref_heads.record_id;
END;
CREATE TRIGGER open_pushes_add AFTER INSERT ON pushes WHEN NEW.verdict = 'accepted'
BEGIN
    INSERT OR IGNORE INTO open_pushes (push_id) VALUES (NEW.record_id);
END;
CREATE TRIGGER open_pushes_remove AFTER INSERT ON ref_syncs
BEGIN
    DELETE FROM open_pushes WHERE push_id = NEW.push_id;
END;
)sql";

// Version 3: the log file of each deploy, so that the deploy that finds one dead can name its
// log (canonical format 2 hashes it). Deploys recorded before have none.
constexpr std::string_view schema_v3 = R"sql(
ALTER TABLE deploys ADD COLUMN log TEXT NOT NULL DEFAULT '';
)sql";

// Version 4: the certificate of a signed push (canonical format 2 hashes it).
constexpr std::string_view schema_v4 = R"sql(
CREATE TABLE push_certificates (
    record_id    INTEGER PRIMARY KEY REFERENCES records(id),
    status       TEXT NOT NULL,
    signer       TEXT NOT NULL,
    key          TEXT NOT NULL,
    nonce        TEXT NOT NULL,
    nonce_status TEXT NOT NULL,
    text         TEXT NOT NULL
);
)sql";

// Version 5: change-control decisions (canonical format 3 hashes them): freezes and thaws of
// an environment, quarantines of a commit, acknowledgments of a break-glass push.
constexpr std::string_view schema_v5 = R"sql(
CREATE TABLE controls (
    record_id   INTEGER PRIMARY KEY REFERENCES records(id),
    action      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    environment TEXT NOT NULL,
    commit_id   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    subject_id  INTEGER NOT NULL
);
CREATE INDEX controls_by_environment ON controls (environment);
CREATE INDEX controls_by_commit ON controls (commit_id);
)sql";

// Version 6: who signed each commit and tag a push brought, as the gate verified it (canonical
// format 4 hashes them).
constexpr std::string_view schema_v6 = R"sql(
CREATE TABLE push_signatures (
    record_id INTEGER NOT NULL REFERENCES records(id),
    position  INTEGER NOT NULL,
    object    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    signer    TEXT NOT NULL,
    key       TEXT NOT NULL,
    status    TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);
)sql";

// To change the schema, append a step here and never edit a shipped one, e.g.
//   {2, "targets record image digests",
//    "ALTER TABLE targets ADD COLUMN digests TEXT NOT NULL DEFAULT '';"},
// A column that enters the hash also needs a new canonical format (canonical.hpp): records
// written before it keep the format they were hashed with, so they keep verifying.
constexpr std::array<Migration, 6> all_migrations = {{
    {1, "records, pushes, deploys, confirmations", schema_v1},
    {2, "ref heads and open pushes, kept by triggers", schema_v2},
    {3, "the log file of each deploy", schema_v3},
    {4, "the certificate of a signed push", schema_v4},
    {5, "change-control decisions: freezes, quarantines, acknowledgments", schema_v5},
    {6, "the verified signers of a push's commits and tags", schema_v6},
}};

} // namespace

std::span<const Migration> migrations() {
    return all_migrations;
}

int latest_schema_version() {
    return all_migrations.back().version;
}

Result<int> schema_version(Database& db) {
    SLIPWAY_TRY_LET(
        table,
        db.prepare(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"));
    SLIPWAY_TRY(table->step());
    if (table->int64(0) == 0)
        return 0;
    SLIPWAY_TRY_LET(version, db.prepare("SELECT coalesce(max(version), 0) FROM schema_version"));
    SLIPWAY_TRY(version->step());
    return static_cast<int>(version->int64(0));
}

Status migrate(Database& db, std::span<const Migration> steps) {
    int target = steps.empty() ? 0 : steps.back().version;
    // Fast path without the write lock: every push opens the ledger.
    SLIPWAY_TRY_LET(current, schema_version(db));
    if (*current == target)
        return {};

    SLIPWAY_TRY_LET(tx, Transaction::begin_immediate(db));
    current = schema_version(db); // another process may have migrated meanwhile
    if (!current)
        return std::unexpected(current.error());
    if (*current > target)
        return fail("the ledger " + db.path().string() + " has schema version " +
                    std::to_string(*current) + ", newer than this Slipway understands (" +
                    std::to_string(target) + "); upgrade Slipway");
    for (const auto& step : steps) {
        if (step.version <= *current)
            continue;
        if (auto ok = db.exec(step.sql); !ok)
            return fail("migrating the ledger to schema version " + std::to_string(step.version),
                        ok.error());
        SLIPWAY_TRY(db.run("INSERT INTO schema_version (version, applied_ms, description) "
                           "VALUES (?, ?, ?)",
                           {std::int64_t{step.version}, now_ms(), step.description}));
    }
    return tx->commit();
}

} // namespace slipway::ledger
