// The ledger store: opening `<repo>.git/slipway/ledger.db`, appending chained records, reading
// them.
#include "ledger/ledger.hpp"

#include "ledger/canonical.hpp"
#include "ledger/compression.hpp"
#include "ledger/schema.hpp"
#include "ledger/timestamp.hpp"

#include <sys/stat.h>
#include <system_error>

namespace slipway::ledger {

using util::Blob;
using util::Create;
using util::Database;
using util::Statement;
using util::Transaction;

namespace {

std::string record_name(std::int64_t id) {
    return "record #" + std::to_string(id);
}

Status insert_ref_changes(Database& db, std::int64_t id, const std::vector<RefChange>& changes) {
    std::int64_t position = 0;
    for (const auto& c : changes) {
        auto ok = db.run("INSERT INTO ref_updates (record_id, position, ref, old_id, new_id, "
                         "environment) VALUES (?, ?, ?, ?, ?, ?)",
                         {id, position++, c.ref, c.old_id, c.new_id, c.environment});
        if (!ok)
            return ok;
    }
    return {};
}

Status insert_strings(Database& db, std::string_view sql, std::int64_t id,
                      const std::vector<std::string>& values) {
    std::int64_t position = 0;
    for (const auto& v : values)
        SLIPWAY_TRY(db.run(sql, {id, position++, v}));
    return {};
}

Result<std::vector<RefChange>> load_ref_changes(Database& db, std::int64_t id) {
    SLIPWAY_TRY_LET(stmt, db.prepare("SELECT ref, old_id, new_id, environment FROM ref_updates "
                                     "WHERE record_id = ? ORDER BY position",
                                     {id}));
    std::vector<RefChange> out;
    auto rows = stmt->for_each([&] {
        out.push_back({stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3)});
        return Status{};
    });
    if (!rows)
        return std::unexpected(rows.error());
    return out;
}

Result<std::vector<std::string>> load_strings(Database& db, std::string_view sql, std::int64_t id) {
    SLIPWAY_TRY_LET(stmt, db.prepare(sql, {id}));
    std::vector<std::string> out;
    auto rows = stmt->for_each([&] {
        out.push_back(stmt->text(0));
        return Status{};
    });
    if (!rows)
        return std::unexpected(rows.error());
    return out;
}

// Steps `stmt` to its one row; an error naming `table` when the record has no row there.
Status expect_row(Statement& stmt, std::int64_t id, RecordKind kind, std::string_view table) {
    SLIPWAY_TRY_LET(row, stmt.step());
    if (!*row)
        return fail(record_name(id) + " is a " + std::string(kind_name(kind)) +
                    " record but has no row in " + std::string(table));
    return {};
}

std::unexpected<Error> bad_value(std::int64_t id, std::string_view what, std::string_view value) {
    return fail(record_name(id) + " has an unknown " + std::string(what) + " \"" +
                std::string(value) + "\"");
}

Result<RecordBody> load_push(Database& db, std::int64_t id) {
    SLIPWAY_TRY_LET(stmt,
                    db.prepare("SELECT pusher, identity_source, protocol, remote_address, verdict, "
                               "reason FROM pushes WHERE record_id = ?",
                               {id}));
    SLIPWAY_TRY(expect_row(*stmt, id, RecordKind::push, "pushes"));
    PushRecord push;
    push.pusher = stmt->text(0);
    push.identity_source = stmt->text(1);
    push.protocol = stmt->text(2);
    push.remote_address = stmt->text(3);
    auto verdict = parse_verdict(stmt->text(4));
    if (!verdict)
        return bad_value(id, "verdict", stmt->text(4));
    push.verdict = *verdict;
    push.reason = stmt->text(5);

    SLIPWAY_TRY_LET(
        options,
        load_strings(db, "SELECT value FROM push_options WHERE record_id = ? ORDER BY position",
                     id));
    push.push_options = std::move(*options);
    SLIPWAY_TRY_LET(changes, load_ref_changes(db, id));
    push.ref_updates = std::move(*changes);
    SLIPWAY_TRY_LET(certificate, db.first_row("SELECT status, signer, key, nonce, nonce_status, "
                                              "text FROM push_certificates WHERE record_id = ?",
                                              {id}));
    if (*certificate)
        push.certificate = PushCertificate{.status = (*certificate)->text(0),
                                           .signer = (*certificate)->text(1),
                                           .key = (*certificate)->text(2),
                                           .nonce = (*certificate)->text(3),
                                           .nonce_status = (*certificate)->text(4),
                                           .text = (*certificate)->text(5)};

    SLIPWAY_TRY_LET(signatures,
                    db.prepare("SELECT object, kind, signer, key, status FROM push_signatures "
                               "WHERE record_id = ? ORDER BY position",
                               {id}));
    auto signers = signatures->for_each([&]() -> Status {
        push.signatures.push_back({.object = signatures->text(0),
                                   .kind = signatures->text(1),
                                   .signer = signatures->text(2),
                                   .key = signatures->text(3),
                                   .status = signatures->text(4)});
        return {};
    });
    if (!signers)
        return std::unexpected(signers.error());

    SLIPWAY_TRY_LET(findings,
                    db.prepare("SELECT ref, path, line, col, severity, message, rule FROM "
                               "findings WHERE record_id = ? ORDER BY position",
                               {id}));
    auto rows = findings->for_each([&]() -> Status {
        auto severity = parse_severity(findings->text(4));
        if (!severity)
            return bad_value(id, "finding severity", findings->text(4));
        push.findings.push_back({.ref = findings->text(0),
                                 .path = findings->text(1),
                                 .line = static_cast<int>(findings->int64(2)),
                                 .column = static_cast<int>(findings->int64(3)),
                                 .severity = *severity,
                                 .message = findings->text(5),
                                 .rule = findings->text(6)});
        return {};
    });
    if (!rows)
        return std::unexpected(rows.error());
    return push;
}

Result<RecordBody> load_deploy_start(Database& db, std::int64_t id) {
    SLIPWAY_TRY_LET(stmt,
                    db.prepare("SELECT environment, ref, tag, commit_id, pusher, push_id, log "
                               "FROM deploys WHERE record_id = ?",
                               {id}));
    SLIPWAY_TRY(expect_row(*stmt, id, RecordKind::deploy_start, "deploys"));
    return DeployStart{.environment = stmt->text(0),
                       .ref = stmt->text(1),
                       .tag = stmt->text(2),
                       .commit = stmt->text(3),
                       .pusher = stmt->text(4),
                       .push_id = stmt->int64(5),
                       .log = stmt->text(6)};
}

Result<RecordBody> load_deploy_end(Database& db, std::int64_t id, Output output) {
    auto stmt =
        db.prepare("SELECT deploy_id, outcome, message FROM deploy_ends WHERE record_id = ?", {id});
    if (!stmt)
        return std::unexpected(stmt.error());
    SLIPWAY_TRY(expect_row(*stmt, id, RecordKind::deploy_end, "deploy_ends"));
    DeployEnd end;
    end.deploy_id = stmt->int64(0);
    auto outcome = parse_outcome(stmt->text(1));
    if (!outcome)
        return bad_value(id, "outcome", stmt->text(1));
    end.outcome = *outcome;
    end.message = stmt->text(2);

    SLIPWAY_TRY_LET(targets,
                    db.prepare(output == Output::include
                                   ? "SELECT name, kind, outcome, exit_code, duration_ms, output "
                                     "FROM targets WHERE record_id = ? ORDER BY position"
                                   : "SELECT name, kind, outcome, exit_code, duration_ms, NULL "
                                     "FROM targets WHERE record_id = ? ORDER BY position",
                               {id}));
    auto rows = targets->for_each([&]() -> Status {
        TargetResult t;
        t.name = targets->text(0);
        t.kind = targets->text(1);
        auto target_outcome = parse_outcome(targets->text(2));
        if (!target_outcome)
            return bad_value(id, "target outcome", targets->text(2));
        t.outcome = *target_outcome;
        t.exit_code = static_cast<int>(targets->int64(3));
        t.duration_ms = targets->int64(4);
        if (output == Output::include) {
            auto text = decompress(targets->blob(5));
            if (!text)
                return fail(record_name(id) + ": output of target \"" + t.name + "\"",
                            text.error());
            t.output = std::move(*text);
        }
        end.targets.push_back(std::move(t));
        return {};
    });
    if (!rows)
        return std::unexpected(rows.error());
    auto pruned =
        load_strings(db, "SELECT object FROM pruned WHERE record_id = ? ORDER BY position", id);
    if (!pruned)
        return std::unexpected(pruned.error());
    end.pruned = std::move(*pruned);
    SLIPWAY_TRY_LET(changes, load_ref_changes(db, id));
    end.ref_updates = std::move(*changes);
    return end;
}

Result<RecordBody> load_ref_sync(Database& db, std::int64_t id) {
    SLIPWAY_TRY_LET(stmt,
                    db.prepare("SELECT push_id, source FROM ref_syncs WHERE record_id = ?", {id}));
    SLIPWAY_TRY(expect_row(*stmt, id, RecordKind::ref_sync, "ref_syncs"));
    RefSync sync;
    sync.push_id = stmt->int64(0);
    sync.source = stmt->text(1);
    SLIPWAY_TRY_LET(changes, load_ref_changes(db, id));
    sync.ref_updates = std::move(*changes);
    return sync;
}

Result<RecordBody> load_control(Database& db, std::int64_t id) {
    SLIPWAY_TRY_LET(stmt, db.prepare("SELECT action, actor, environment, commit_id, reason, "
                                     "subject_id FROM controls WHERE record_id = ?",
                                     {id}));
    SLIPWAY_TRY(expect_row(*stmt, id, RecordKind::control, "controls"));
    auto action = parse_control_action(stmt->text(0));
    if (!action)
        return bad_value(id, "control action", stmt->text(0));
    return ControlRecord{.action = *action,
                         .actor = stmt->text(1),
                         .environment = stmt->text(2),
                         .commit = stmt->text(3),
                         .reason = stmt->text(4),
                         .subject_id = stmt->int64(5)};
}

// The kind of record `id`, nullopt when there is none.
Result<std::optional<std::string>> kind_of_record(Database& db, std::int64_t id) {
    SLIPWAY_TRY_LET(row, db.first_row("SELECT kind FROM records WHERE id = ?", {id}));
    if (!*row)
        return std::nullopt;
    return (*row)->text(0);
}

Status expect_kind(Database& db, std::int64_t id, RecordKind kind, std::string_view field) {
    SLIPWAY_TRY_LET(actual, kind_of_record(db, id));
    if (!*actual || **actual != kind_name(kind))
        return fail(std::string(field) + " " + std::to_string(id) + " is not a " +
                    std::string(kind_name(kind)) + " record");
    return {};
}

} // namespace

Result<Ledger> Ledger::open(const std::filesystem::path& path, Create create) {
    std::error_code ec;
    // sqlite follows symlinks (and SQLITE_OPEN_NOFOLLOW refuses any on the whole path, the
    // repository's own location included): the ledger's directory and files are checked here.
    const auto dir = path.parent_path();
    for (const auto& p : {dir, path, std::filesystem::path(path.string() + "-wal"),
                          std::filesystem::path(path.string() + "-shm"),
                          std::filesystem::path(path.string() + "-journal")}) {
        struct stat st {};
        if (!p.empty() && ::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode))
            return fail("cannot open the ledger " + path.string() + ": " + p.string() +
                        " is a symlink, and the ledger is never opened through one; replace it "
                        "with the file or directory it points to");
    }
    if (create == Create::yes) {
        if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
            std::filesystem::create_directories(dir, ec);
            if (ec)
                return fail("cannot create the ledger's directory " + dir.string() + ": " +
                            ec.message());
        }
    } else if (!std::filesystem::exists(path, ec)) {
        return fail("no ledger at " + path.string() +
                    ": nothing has been recorded in this repository (is Slipway installed?)");
    }
    SLIPWAY_TRY_LET(db, Database::open(path, create));
    SLIPWAY_TRY(migrate(*db));
    return Ledger(std::move(*db));
}

Status Ledger::check_references(const RecordBody& body) {
    if (auto* start = std::get_if<DeployStart>(&body); start && start->push_id != 0)
        return expect_kind(m_db, start->push_id, RecordKind::push, "push_id");
    if (auto* sync = std::get_if<RefSync>(&body); sync && sync->push_id != 0)
        return expect_kind(m_db, sync->push_id, RecordKind::push, "push_id");
    if (auto* control = std::get_if<ControlRecord>(&body);
        control && control->action == ControlAction::acknowledge)
        return expect_kind(m_db, control->subject_id, RecordKind::push, "subject_id");
    if (auto* end = std::get_if<DeployEnd>(&body)) {
        SLIPWAY_TRY(expect_kind(m_db, end->deploy_id, RecordKind::deploy_start, "deploy_id"));
        auto ended =
            m_db.prepare("SELECT record_id FROM deploy_ends WHERE deploy_id = ?", {end->deploy_id});
        if (!ended)
            return std::unexpected(ended.error());
        SLIPWAY_TRY_LET(row, ended->step());
        if (*row)
            return fail("deploy #" + std::to_string(end->deploy_id) + " already ended (" +
                        record_name(ended->int64(0)) + ")");
    }
    return {};
}

Status Ledger::insert_body(std::int64_t id, const RecordBody& body) {
    if (auto* push = std::get_if<PushRecord>(&body)) {
        auto ok = m_db.run("INSERT INTO pushes (record_id, pusher, identity_source, protocol, "
                           "remote_address, verdict, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           {id, push->pusher, push->identity_source, push->protocol,
                            push->remote_address, verdict_name(push->verdict), push->reason});
        if (!ok)
            return ok;
        ok = insert_strings(m_db,
                            "INSERT INTO push_options (record_id, position, value) "
                            "VALUES (?, ?, ?)",
                            id, push->push_options);
        if (!ok)
            return ok;
        if (ok = insert_ref_changes(m_db, id, push->ref_updates); !ok)
            return ok;
        if (const auto& c = push->certificate) {
            ok = m_db.run("INSERT INTO push_certificates (record_id, status, signer, key, nonce, "
                          "nonce_status, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          {id, c->status, c->signer, c->key, c->nonce, c->nonce_status, c->text});
            if (!ok)
                return ok;
        }
        std::int64_t position = 0;
        for (const auto& sig : push->signatures) {
            ok = m_db.run("INSERT INTO push_signatures (record_id, position, object, kind, "
                          "signer, key, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          {id, position++, sig.object, sig.kind, sig.signer, sig.key, sig.status});
            if (!ok)
                return ok;
        }
        position = 0;
        for (const auto& f : push->findings) {
            ok = m_db.run("INSERT INTO findings (record_id, position, ref, path, line, col, "
                          "severity, message, rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {id, position++, f.ref, f.path, std::int64_t{f.line},
                           std::int64_t{f.column}, severity_name(f.severity), f.message, f.rule});
            if (!ok)
                return ok;
        }
        return {};
    }
    if (auto* start = std::get_if<DeployStart>(&body)) {
        return m_db.run("INSERT INTO deploys (record_id, environment, ref, tag, commit_id, "
                        "pusher, push_id, log) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        {id, start->environment, start->ref, start->tag, start->commit,
                         start->pusher, start->push_id, start->log});
    }
    if (auto* end = std::get_if<DeployEnd>(&body)) {
        auto ok = m_db.run("INSERT INTO deploy_ends (record_id, deploy_id, outcome, message) "
                           "VALUES (?, ?, ?, ?)",
                           {id, end->deploy_id, outcome_name(end->outcome), end->message});
        if (!ok)
            return ok;
        std::int64_t position = 0;
        for (const auto& t : end->targets) {
            if (t.stored) {
                // A stream compressed while the target ran is stored as it is (decompress()
                // reads it like any other), written into its row a piece at a time: binding
                // it would make sqlite copy up to the deploy's cap twice.
                const std::string_view blob = t.stored->zlib();
                ok = m_db.run("INSERT INTO targets (record_id, position, name, kind, outcome, "
                              "exit_code, duration_ms, output) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, zeroblob(?))",
                              {id, position++, t.name, t.kind, outcome_name(t.outcome),
                               std::int64_t{t.exit_code}, t.duration_ms,
                               static_cast<std::int64_t>(blob.size())});
                if (ok)
                    ok = m_db.write_blob("targets", "output", m_db.last_insert_rowid(), blob);
                if (!ok)
                    return ok;
                continue;
            }
            SLIPWAY_TRY_LET(compressed, compress(t.output));
            ok = m_db.run("INSERT INTO targets (record_id, position, name, kind, outcome, "
                          "exit_code, duration_ms, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          {id, position++, t.name, t.kind, outcome_name(t.outcome),
                           std::int64_t{t.exit_code}, t.duration_ms, Blob{*compressed}});
            if (!ok)
                return ok;
        }
        ok = insert_strings(m_db,
                            "INSERT INTO pruned (record_id, position, object) VALUES (?, ?, ?)", id,
                            end->pruned);
        if (!ok)
            return ok;
        return insert_ref_changes(m_db, id, end->ref_updates);
    }
    if (auto* control = std::get_if<ControlRecord>(&body))
        return m_db.run("INSERT INTO controls (record_id, action, actor, environment, commit_id, "
                        "reason, subject_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        {id, control_action_name(control->action), control->actor,
                         control->environment, control->commit, control->reason,
                         control->subject_id});
    const auto& sync = std::get<RefSync>(body);
    auto ok = m_db.run("INSERT INTO ref_syncs (record_id, push_id, source) VALUES (?, ?, ?)",
                       {id, sync.push_id, sync.source});
    if (!ok)
        return ok;
    return insert_ref_changes(m_db, id, sync.ref_updates);
}

Result<std::int64_t> Ledger::append(const RecordBody& body, std::int64_t time_ms) {
    auto tx = Transaction::begin_immediate(m_db);
    if (!tx)
        return fail("cannot write the ledger", tx.error());
    if (auto ok = check_references(body); !ok)
        return fail("cannot record " + std::string(kind_name(kind_of(body))), ok.error());
    SLIPWAY_TRY_LET(last, head());

    // A clock set back must not make the chain go back in time (negative durations, `log
    // --since` missing what was just recorded): a record is never older than its predecessor.
    const std::int64_t clock = time_ms != 0 ? time_ms : now_ms();
    m_clock_behind_ms = clock < last->time_ms ? last->time_ms - clock : 0;
    RecordMeta meta{.id = 0,
                    .time_ms = clock + m_clock_behind_ms,
                    .format = canonical_format,
                    .prev_hash = last->hash};
    auto ok = m_db.run(
        "INSERT INTO records (kind, time_ms, format, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, NULL)",
        {kind_name(kind_of(body)), meta.time_ms, std::int64_t{meta.format}, meta.prev_hash});
    if (!ok)
        return fail("cannot write the ledger", ok.error());
    meta.id = m_db.last_insert_rowid();
    if (ok = insert_body(meta.id, body); !ok)
        return fail("cannot write the ledger", ok.error());
    auto hash = record_hash(meta, body);
    if (!hash)
        return fail("cannot hash a record of format " + std::to_string(meta.format));
    if (ok = m_db.run("UPDATE records SET hash = ? WHERE id = ?", {*hash, meta.id}); !ok)
        return fail("cannot write the ledger", ok.error());
    if (ok = tx->commit(); !ok)
        return fail("cannot write the ledger", ok.error());
    return meta.id;
}

Result<std::optional<std::string>> Ledger::check_integrity() {
    SLIPWAY_TRY_LET(rows, m_db.prepare("PRAGMA quick_check(20)"));
    std::string found;
    auto walked = rows->for_each([&]() -> Status {
        std::string line = rows->text(0);
        // "*** in database main ***\n" heads the first problem, in the same row: it names no
        // problem itself, and skipping the whole row would hide a file with just one.
        if (line.starts_with("*** in database"))
            line.erase(0, line.find('\n') == std::string::npos ? line.size() : line.find('\n') + 1);
        if (line != "ok" && !line.empty())
            found += (found.empty() ? "" : "; ") + line;
        return {};
    });
    // sqlite gives up on a page it cannot even parse: that is what the check looks for.
    if (!walked) {
        // The message names the file and the statement; what sqlite said comes last.
        const std::string& message = walked.error().message;
        const auto cut = message.rfind(": ");
        found += (found.empty() ? "sqlite: " : "; sqlite: ") +
                 (cut == std::string::npos ? message : message.substr(cut + 2));
    }
    if (found.empty())
        return std::nullopt;
    return found;
}

Result<bool> Ledger::integrity_due() {
    SLIPWAY_TRY_LET(head, this->head());
    SLIPWAY_TRY_LET(last_push,
                    m_db.first_row("SELECT id FROM records WHERE kind = 'push' ORDER BY id DESC "
                                   "LIMIT 1"));
    if (!*last_push)
        return true;
    // The previous push's gate saw the chain end just before that push's record. Each gate
    // looks at the records added since (a range of ids): a multiple of the interval falls in
    // exactly one of those ranges, whatever confirmations and deploys add between pushes.
    const std::int64_t seen_before = (*last_push)->int64(0) - 1;
    return head->id / integrity_interval != seen_before / integrity_interval;
}

Result<std::optional<Record>> Ledger::read(std::int64_t id, Output output) {
    SLIPWAY_TRY_LET(
        row,
        m_db.first_row(
            "SELECT kind, time_ms, format, prev_hash, coalesce(hash, '') FROM records WHERE id = ?",
            {id}));
    if (!*row)
        return std::nullopt;
    const Statement& stmt = **row;
    auto kind = parse_kind(stmt.text(0));
    if (!kind)
        return bad_value(id, "kind", stmt.text(0));
    Record record;
    record.meta = {.id = id,
                   .time_ms = stmt.int64(1),
                   .format = static_cast<int>(stmt.int64(2)),
                   .prev_hash = stmt.text(3),
                   .hash = stmt.text(4)};
    Result<RecordBody> body = [&]() -> Result<RecordBody> {
        switch (*kind) {
        case RecordKind::push:
            return load_push(m_db, id);
        case RecordKind::deploy_start:
            return load_deploy_start(m_db, id);
        case RecordKind::deploy_end:
            return load_deploy_end(m_db, id, output);
        case RecordKind::ref_sync:
            return load_ref_sync(m_db, id);
        case RecordKind::control:
            return load_control(m_db, id);
        }
        return fail("unreachable");
    }();
    if (!body)
        return std::unexpected(body.error());
    record.body = std::move(*body);
    return record;
}

Result<ChainHead> Ledger::head() {
    SLIPWAY_TRY_LET(
        row, m_db.first_row(
                 "SELECT id, coalesce(hash, ''), time_ms FROM records ORDER BY id DESC LIMIT 1"));
    if (!*row)
        return ChainHead{};
    return ChainHead{.id = (*row)->int64(0), .hash = (*row)->text(1), .time_ms = (*row)->int64(2)};
}

} // namespace slipway::ledger
