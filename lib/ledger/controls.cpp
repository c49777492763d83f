// Reading change-control decisions from the ledger.
#include "ledger/controls.hpp"

namespace slipway::ledger {

namespace {

using util::SqlValue;

// The control record `sql` (one row, column 0 an id; ?1 the key, ?2 a time bound or NULL)
// names, when its action is `in_force`.
Result<std::optional<ControlEntry>> last_decision(Ledger& ledger, std::string_view sql,
                                                  std::string_view key, ControlAction in_force,
                                                  std::optional<std::int64_t> at_ms = {}) {
    SLIPWAY_TRY_LET(
        row, ledger.database().first_row(sql, {key, at_ms ? SqlValue(*at_ms) : SqlValue(nullptr)}));
    if (!*row)
        return std::nullopt;
    const std::int64_t id = (*row)->int64(0);
    SLIPWAY_TRY_LET(record, ledger.read(id, Output::omit));
    if (!*record || !std::holds_alternative<ControlRecord>((*record)->body))
        return fail("record #" + std::to_string(id) + " is not a control record");
    ControlEntry entry{.meta = (*record)->meta,
                       .control = std::get<ControlRecord>((*record)->body)};
    if (entry.control.action != in_force)
        return std::nullopt;
    return entry;
}

} // namespace

Result<std::optional<ControlEntry>> find_freeze(Ledger& ledger, std::string_view environment,
                                                std::optional<std::int64_t> at_ms) {
    return last_decision(ledger,
                         "SELECT c.record_id FROM controls c JOIN records r ON r.id = c.record_id "
                         "WHERE c.environment = ?1 AND c.action IN ('freeze', 'thaw') AND "
                         "(?2 IS NULL OR r.time_ms <= ?2) ORDER BY c.record_id DESC LIMIT 1",
                         environment, ControlAction::freeze, at_ms);
}

Result<std::optional<ControlEntry>> find_quarantine(Ledger& ledger, std::string_view commit) {
    return last_decision(ledger,
                         "SELECT record_id FROM controls WHERE commit_id = ?1 AND action IN "
                         "('quarantine', 'unquarantine') AND ?2 IS NULL ORDER BY record_id DESC "
                         "LIMIT 1",
                         commit, ControlAction::quarantine);
}

Result<std::vector<PushEntry>>
unacknowledged_break_glass(Ledger& ledger, std::optional<std::string_view> environment) {
    SLIPWAY_TRY_LET(
        stmt, ledger.database().prepare(
                  R"sql(
SELECT p.record_id FROM pushes p WHERE p.verdict = 'accepted'
  AND EXISTS (SELECT 1 FROM findings f WHERE f.record_id = p.record_id AND f.rule = ?1
              AND f.severity = 'warning')
  AND NOT EXISTS (SELECT 1 FROM controls c WHERE c.action = 'acknowledge'
                  AND c.subject_id = p.record_id)
  AND (?2 IS NULL OR EXISTS (SELECT 1 FROM ref_updates u WHERE u.record_id = p.record_id
       AND instr(',' || u.environment || ',', ',' || ?2 || ',') > 0))
ORDER BY p.record_id)sql",
                  {break_glass_rule, environment ? SqlValue(*environment) : SqlValue(nullptr)}));
    std::vector<std::int64_t> ids;
    SLIPWAY_TRY(stmt->for_each([&] {
        ids.push_back(stmt->int64(0));
        return Status{};
    }));
    std::vector<PushEntry> out;
    for (std::int64_t id : ids) {
        SLIPWAY_TRY_LET(shown, show_record(ledger, id, Output::omit));
        if (*shown)
            if (auto* push = std::get_if<PushEntry>(&**shown))
                out.push_back(std::move(*push));
    }
    return out;
}

} // namespace slipway::ledger
