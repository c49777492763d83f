// Reading the ledger: history, one record, deploys per environment, and the rules that ask it.
#include "ledger/queries.hpp"

#include <algorithm>

namespace slipway::ledger {

using util::SqlValue;
using util::Statement;

namespace {

std::unexpected<Error> not_a(std::int64_t id, std::string_view kind) {
    return fail("record #" + std::to_string(id) + " is not a " + std::string(kind) + " record");
}

// Runs `stmt` and collects column 0 of every row.
Result<std::vector<std::int64_t>> ids_of(Result<Statement> stmt) {
    if (!stmt)
        return std::unexpected(stmt.error());
    std::vector<std::int64_t> ids;
    auto rows = stmt->for_each([&] {
        ids.push_back(stmt->int64(0));
        return Status{};
    });
    if (!rows)
        return std::unexpected(rows.error());
    return ids;
}

Result<std::optional<std::int64_t>> first_id(Result<Statement> stmt) {
    SLIPWAY_TRY_LET(ids, ids_of(std::move(stmt)));
    if (ids->empty())
        return std::nullopt;
    return ids->front();
}

// How far `entry`'s push landed: the refs every confirmation of it names, against its own.
// A push settled as not landed that its late post-receive confirmed after all has landed.
Status read_landing(Ledger& ledger, PushEntry& entry) {
    if (entry.push.verdict != Verdict::accepted || !entry.confirmed_by)
        return {};
    SLIPWAY_TRY_LET(stmt, ledger.database().prepare(
                              "SELECT DISTINCT su.ref FROM ref_syncs s JOIN ref_updates su ON "
                              "su.record_id = s.record_id WHERE s.push_id = ?",
                              {entry.meta.id}));
    std::vector<std::string> moved;
    SLIPWAY_TRY(stmt->for_each([&] {
        moved.push_back(stmt->text(0));
        return Status{};
    }));
    for (const auto& u : entry.push.ref_updates)
        if (std::find(moved.begin(), moved.end(), u.ref) == moved.end())
            entry.not_landed.push_back(u.ref);
    entry.landing = entry.not_landed.empty() ? Landing::landed
                    : entry.not_landed.size() < entry.push.ref_updates.size()
                        ? Landing::partly_landed
                        : Landing::not_landed;
    return {};
}

Result<PushEntry> load_push_entry(Ledger& ledger, Record record) {
    PushEntry entry{.meta = record.meta, .push = std::get<PushRecord>(std::move(record.body))};
    SLIPWAY_TRY_LET(
        confirmed,
        first_id(ledger.database().prepare(
            "SELECT record_id FROM ref_syncs WHERE push_id = ? ORDER BY record_id LIMIT 1",
            {entry.meta.id})));
    entry.confirmed_by = *confirmed;
    SLIPWAY_TRY(read_landing(ledger, entry));
    // The finding check/break_glass adds (ledger/controls.hpp names its rule).
    entry.break_glass =
        entry.push.verdict == Verdict::accepted &&
        std::any_of(entry.push.findings.begin(), entry.push.findings.end(), [](const Finding& f) {
            return f.rule == "break-glass" && f.severity == Severity::warning;
        });
    if (entry.break_glass) {
        SLIPWAY_TRY_LET(ack, first_id(ledger.database().prepare(
                                 "SELECT record_id FROM controls WHERE action = 'acknowledge' "
                                 "AND subject_id = ? ORDER BY record_id LIMIT 1",
                                 {entry.meta.id})));
        entry.acknowledged_by = *ack;
    }
    return entry;
}

Result<DeployEntry> load_deploy_entry(Ledger& ledger, Record start, Output output) {
    DeployEntry entry{.start_meta = start.meta,
                      .start = std::get<DeployStart>(std::move(start.body))};
    SLIPWAY_TRY_LET(
        end_id,
        first_id(ledger.database().prepare(
            "SELECT record_id FROM deploy_ends WHERE deploy_id = ? ORDER BY record_id LIMIT 1",
            {entry.start_meta.id})));
    if (!*end_id)
        return entry;
    SLIPWAY_TRY_LET(end, ledger.read(**end_id, output));
    if (!*end || !std::holds_alternative<DeployEnd>((*end)->body))
        return not_a(**end_id, "deploy_end");
    entry.end_meta = (*end)->meta;
    entry.end = std::get<DeployEnd>(std::move((*end)->body));
    return entry;
}

// The deploy whose start record is `id`.
Result<DeployEntry> load_deploy(Ledger& ledger, std::int64_t id, Output output) {
    SLIPWAY_TRY_LET(record, ledger.read(id, output));
    if (!*record || !std::holds_alternative<DeployStart>((*record)->body))
        return not_a(id, "deploy_start");
    return load_deploy_entry(ledger, std::move(**record), output);
}

constexpr std::string_view not_a_deletion = "trim(u.new_id, '0') != ''";

// A push whose confirmations name fewer refs than it updates: one that changed less than the
// gate let through (nothing, when it never landed). `p` is the pushes row.
constexpr std::string_view fell_short = R"sql(
(p.verdict = 'accepted' AND EXISTS (SELECT 1 FROM ref_syncs s WHERE s.push_id = p.record_id)
 AND (SELECT count(DISTINCT su.ref) FROM ref_syncs s JOIN ref_updates su ON su.record_id =
      s.record_id WHERE s.push_id = p.record_id)
   < (SELECT count(*) FROM ref_updates u WHERE u.record_id = p.record_id)))sql";

// The pushes row `p` has a confirmation that its update `u` moved the ref.
constexpr std::string_view update_confirmed =
    "EXISTS (SELECT 1 FROM ref_syncs s JOIN ref_updates su ON su.record_id = s.record_id WHERE "
    "s.push_id = p.record_id AND su.ref = u.ref AND su.new_id = u.new_id)";

// The newest accepted push, among the 100 newest that updated `landed`'s first ref as it did,
// whose updates include every one of `landed`; `settled` picks those a ref_sync already names.
Result<std::optional<std::int64_t>>
find_push_with(Ledger& ledger, const std::vector<RefChange>& landed, bool settled) {
    if (landed.empty())
        return std::nullopt;
    // Unconfirmed: from open_pushes, the accepted pushes no ref_sync names yet (kept by
    // triggers), a few rows whatever the history. Settled: from the updates of the ref with
    // those values (an index on the ref), never from every push.
    const std::string sql =
        settled ? "SELECT p.record_id FROM ref_updates u JOIN pushes p ON p.record_id = "
                  "u.record_id WHERE u.ref = ? AND u.old_id = ? AND u.new_id = ? AND p.verdict = "
                  "'accepted' AND EXISTS (SELECT 1 FROM ref_syncs s WHERE s.push_id = "
                  "p.record_id) ORDER BY p.record_id DESC LIMIT 100"
                : "SELECT o.push_id FROM open_pushes o WHERE EXISTS (SELECT 1 FROM ref_updates u "
                  "WHERE u.record_id = o.push_id AND u.ref = ? AND u.old_id = ? AND u.new_id = ?) "
                  "ORDER BY o.push_id DESC LIMIT 100";
    SLIPWAY_TRY_LET(ids,
                    ids_of(ledger.database().prepare(
                        sql, {landed.front().ref, landed.front().old_id, landed.front().new_id})));
    for (std::int64_t id : *ids) {
        SLIPWAY_TRY_LET(record, ledger.read(id, Output::omit));
        if (!*record)
            continue;
        const auto& updates = std::get<PushRecord>((*record)->body).ref_updates;
        bool all = std::all_of(landed.begin(), landed.end(), [&](const RefChange& l) {
            return std::any_of(updates.begin(), updates.end(), [&](const RefChange& u) {
                return u.ref == l.ref && u.old_id == l.old_id && u.new_id == l.new_id;
            });
        });
        if (all)
            return id;
    }
    return std::nullopt;
}

} // namespace

std::string_view landing_name(Landing landing) {
    switch (landing) {
    case Landing::landed:
        return "landed";
    case Landing::partly_landed:
        return "partly landed";
    case Landing::not_landed:
        return "not landed";
    case Landing::pending:
        break;
    }
    return "pending";
}

std::string_view DeployEntry::state() const {
    return end ? outcome_name(end->outcome) : std::string_view("running");
}

std::int64_t DeployEntry::duration_ms() const {
    if (!end_meta)
        return 0;
    // The targets' own durations, measured by the deploy on a monotonic clock: record times
    // follow the wall clock (held back to keep their order), so a clock set forward or back
    // mid-deploy would make the difference of the two records wrong.
    if (end && !end->targets.empty()) {
        std::int64_t total = 0;
        for (const auto& t : end->targets)
            total += t.duration_ms;
        return total;
    }
    return end_meta->time_ms - start_meta.time_ms;
}

Result<std::vector<LogEntry>> read_log(Ledger& ledger, const LogFilter& filter) {
    std::string ref = filter.ref.value_or("");
    std::string ref_branch = ref;
    std::string ref_tag = ref;
    if (filter.ref && !ref.starts_with("refs/")) {
        ref_branch = "refs/heads/" + ref;
        ref_tag = "refs/tags/" + ref;
    }
    auto opt = [](const std::optional<std::string>& s) -> SqlValue {
        return s ? SqlValue(std::string_view(*s)) : SqlValue(nullptr);
    };
    // One pass over the records table; each filter is inert when its parameter is NULL.
    const std::string sql = R"sql(
SELECT r.id FROM records r
LEFT JOIN pushes p ON p.record_id = r.id
LEFT JOIN deploys d ON d.record_id = r.id
WHERE (p.record_id IS NOT NULL OR d.record_id IS NOT NULL)
  AND (?1 IS NULL OR r.time_ms >= ?1)
  AND (?2 IS NULL OR coalesce(p.pusher, d.pusher) = ?2)
  AND (?3 = 0 OR p.verdict = 'rejected' OR )sql" +
                            std::string(fell_short) + R"sql()
  AND (?4 IS NULL OR d.environment = ?4 OR EXISTS (
        SELECT 1 FROM ref_updates u WHERE u.record_id = p.record_id
        AND instr(',' || u.environment || ',', ',' || ?4 || ',') > 0))
  AND (?5 IS NULL OR d.ref IN (?5, ?6, ?7) OR EXISTS (
        SELECT 1 FROM ref_updates u WHERE u.record_id = p.record_id AND u.ref IN (?5, ?6, ?7)))
ORDER BY r.id DESC
LIMIT ?8
)sql";
    SLIPWAY_TRY_LET(ids, ids_of(ledger.database().prepare(
                             sql, {filter.since_ms ? SqlValue(*filter.since_ms) : SqlValue(nullptr),
                                   opt(filter.user), std::int64_t{filter.rejected_only ? 1 : 0},
                                   opt(filter.environment),
                                   filter.ref ? SqlValue(std::string_view(ref)) : SqlValue(nullptr),
                                   std::string_view(ref_branch), std::string_view(ref_tag),
                                   filter.limit == 0 ? std::int64_t{-1}
                                                     : static_cast<std::int64_t>(filter.limit)})));

    std::vector<LogEntry> entries;
    for (std::int64_t id : *ids) {
        SLIPWAY_TRY_LET(shown, show_record(ledger, id, Output::omit));
        if (!*shown)
            continue; // cannot happen inside one connection; be lenient
        if (auto* push = std::get_if<PushEntry>(&**shown))
            entries.emplace_back(std::move(*push));
        else if (auto* deploy = std::get_if<DeployEntry>(&**shown))
            entries.emplace_back(std::move(*deploy));
    }
    return entries;
}

Result<std::optional<ShownRecord>> show_record(Ledger& ledger, std::int64_t id, Output output) {
    SLIPWAY_TRY_LET(record, ledger.read(id, output));
    if (!*record)
        return std::nullopt;
    switch (kind_of((*record)->body)) {
    case RecordKind::push: {
        SLIPWAY_TRY_LET(entry, load_push_entry(ledger, std::move(**record)));
        return ShownRecord(std::move(*entry));
    }
    case RecordKind::deploy_start: {
        SLIPWAY_TRY_LET(entry, load_deploy_entry(ledger, std::move(**record), output));
        return ShownRecord(std::move(*entry));
    }
    case RecordKind::deploy_end: {
        SLIPWAY_TRY_LET(
            entry, load_deploy(ledger, std::get<DeployEnd>((*record)->body).deploy_id, output));
        return ShownRecord(std::move(*entry));
    }
    case RecordKind::ref_sync:
        return ShownRecord(
            ConfirmationEntry{.meta = (*record)->meta, .sync = std::get<RefSync>((*record)->body)});
    case RecordKind::control:
        return ShownRecord(ControlEntry{.meta = (*record)->meta,
                                        .control = std::get<ControlRecord>((*record)->body)});
    }
    return std::nullopt;
}

Result<std::optional<DeployEntry>> find_deploy(Ledger& ledger, std::string_view environment,
                                               Which which) {
    SLIPWAY_TRY_LET(
        id,
        first_id(
            which == Which::latest
                ? ledger.database().prepare("SELECT record_id FROM deploys WHERE environment = ? "
                                            "ORDER BY record_id DESC LIMIT 1",
                                            {environment})
                : ledger.database().prepare(
                      "SELECT d.record_id FROM deploys d JOIN deploy_ends e ON e.deploy_id = "
                      "d.record_id WHERE d.environment = ? AND e.outcome = 'success' "
                      "ORDER BY e.record_id DESC LIMIT 1",
                      {environment})));
    if (!*id)
        return std::nullopt;
    SLIPWAY_TRY_LET(entry, load_deploy(ledger, **id, Output::omit));
    return std::move(*entry);
}

Result<std::optional<DeployEntry>> find_deploy_at(Ledger& ledger, std::string_view environment,
                                                  Which which, std::int64_t time_ms) {
    SLIPWAY_TRY_LET(
        id, first_id(which == Which::latest
                         ? ledger.database().prepare(
                               "SELECT d.record_id FROM deploys d JOIN records r ON r.id = "
                               "d.record_id WHERE d.environment = ? AND r.time_ms <= ? "
                               "ORDER BY d.record_id DESC LIMIT 1",
                               {environment, time_ms})
                         : ledger.database().prepare(
                               "SELECT d.record_id FROM deploys d JOIN deploy_ends e ON "
                               "e.deploy_id = d.record_id JOIN records r ON r.id = e.record_id "
                               "WHERE d.environment = ? AND e.outcome = 'success' AND "
                               "r.time_ms <= ? ORDER BY e.record_id DESC LIMIT 1",
                               {environment, time_ms})));
    if (!*id)
        return std::nullopt;
    SLIPWAY_TRY_LET(entry, load_deploy(ledger, **id, Output::omit));
    // The end, when recorded after `time_ms`, had not happened yet at that time.
    if (entry->end_meta && entry->end_meta->time_ms > time_ms) {
        entry->end_meta.reset();
        entry->end.reset();
    }
    return std::move(*entry);
}

Result<std::vector<std::pair<std::string, std::int64_t>>>
deployed_after(Ledger& ledger, std::string_view environment, std::string_view commit) {
    SLIPWAY_TRY_LET(stmt, ledger.database().prepare(R"sql(
SELECT d.commit_id, min(e.record_id) AS first_end, min(r.time_ms) FROM deploys d
JOIN deploy_ends e ON e.deploy_id = d.record_id JOIN records r ON r.id = e.record_id
WHERE d.environment = ?1 AND e.outcome = 'success' AND d.commit_id != ?2
  AND e.record_id > (SELECT coalesce(max(e2.record_id), -1) FROM deploys d2
                     JOIN deploy_ends e2 ON e2.deploy_id = d2.record_id
                     WHERE d2.environment = ?1 AND d2.commit_id = ?2 AND e2.outcome = 'success')
  AND EXISTS (SELECT 1 FROM deploys d3 JOIN deploy_ends e3 ON e3.deploy_id = d3.record_id
              WHERE d3.environment = ?1 AND d3.commit_id = ?2 AND e3.outcome = 'success')
GROUP BY d.commit_id ORDER BY first_end)sql",
                                                    {environment, commit}));
    std::vector<std::pair<std::string, std::int64_t>> out;
    SLIPWAY_TRY(stmt->for_each([&] {
        out.emplace_back(stmt->text(0), stmt->int64(2));
        return Status{};
    }));
    return out;
}

Result<bool> was_deployed_successfully(Ledger& ledger, std::string_view environment,
                                       std::string_view commit) {
    SLIPWAY_TRY_LET(
        id, first_id(ledger.database().prepare(
                "SELECT d.record_id FROM deploys d JOIN deploy_ends e ON e.deploy_id = d.record_id "
                "WHERE d.environment = ? AND d.commit_id = ? AND e.outcome = 'success' LIMIT 1",
                {environment, commit})));
    return id->has_value();
}

Result<std::optional<std::int64_t>> newer_accepted_push(Ledger& ledger,
                                                        std::string_view environment,
                                                        std::int64_t after_id,
                                                        Confirmation confirmation) {
    // pre-receive records a ref feeding several environments as "staging,preprod".
    std::string sql = "SELECT p.record_id FROM pushes p WHERE p.record_id > ?1 AND "
                      "p.verdict = 'accepted' AND EXISTS (SELECT 1 FROM ref_updates u WHERE "
                      "u.record_id = p.record_id AND instr(',' || u.environment || ',', "
                      "',' || ?2 || ',') > 0 AND " +
                      std::string(not_a_deletion);
    if (confirmation == Confirmation::required)
        sql += " AND " + std::string(update_confirmed);
    sql += ") ORDER BY p.record_id DESC LIMIT 1";
    return first_id(ledger.database().prepare(sql, {after_id, environment}));
}

Result<std::optional<std::int64_t>>
newer_accepted_push_to_refs(Ledger& ledger, const std::vector<std::string>& refs,
                            std::int64_t after_id, Confirmation confirmation) {
    std::optional<std::int64_t> newest;
    // One query per ref keeps the SQL static; environments have one or two source refs.
    for (const auto& ref : refs) {
        std::string sql = "SELECT p.record_id FROM pushes p WHERE p.record_id > ? AND "
                          "p.verdict = 'accepted' AND EXISTS (SELECT 1 FROM ref_updates u "
                          "WHERE u.record_id = p.record_id AND u.ref = ? AND " +
                          std::string(not_a_deletion);
        if (confirmation == Confirmation::required)
            sql += " AND " + std::string(update_confirmed);
        sql += ") ORDER BY p.record_id DESC LIMIT 1";
        SLIPWAY_TRY_LET(id, first_id(ledger.database().prepare(sql, {after_id, ref})));
        if (*id && (!newest || **id > *newest))
            newest = *id;
    }
    return newest;
}

Result<std::vector<std::int64_t>> unfinished_deploys(Ledger& ledger, std::string_view environment) {
    return ids_of(ledger.database().prepare(
        "SELECT d.record_id FROM deploys d WHERE d.environment = ? AND NOT EXISTS (SELECT 1 "
        "FROM deploy_ends e WHERE e.deploy_id = d.record_id) ORDER BY d.record_id",
        {environment}));
}

Result<std::optional<std::int64_t>> find_unconfirmed_push(Ledger& ledger,
                                                          const std::vector<RefChange>& landed) {
    return find_push_with(ledger, landed, false);
}

Result<std::optional<std::int64_t>> find_settled_push(Ledger& ledger,
                                                      const std::vector<RefChange>& landed) {
    return find_push_with(ledger, landed, true);
}

} // namespace slipway::ledger
