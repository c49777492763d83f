// Checking the hash chain: every record re-encoded from its rows and re-hashed, in order.
#include "ledger/verify.hpp"

#include "ledger/canonical.hpp"

#include <array>
#include <vector>

namespace slipway::ledger {

using util::Database;
using util::Transaction;

namespace {

std::string record_name(std::int64_t id) {
    return "record #" + std::to_string(id);
}

// The rows of kind tables that belong to no record of that kind: the lowest such record id.
Result<std::optional<ChainProblem>> find_stray_rows(Database& db) {
    struct Owner {
        std::string_view table;
        std::string_view kinds; ///< SQL list of the kinds its rows may belong to
        std::string_view described;
    };
    static constexpr std::array<Owner, 13> owners = {{
        {"pushes", "('push')", "a push"},
        {"push_signatures", "('push')", "a push"},
        {"push_certificates", "('push')", "a push"},
        {"push_options", "('push')", "a push"},
        {"findings", "('push')", "a push"},
        {"ref_updates", "('push', 'deploy_end', 'ref_sync')", "a push, deploy end or ref sync"},
        {"deploys", "('deploy_start')", "a deploy start"},
        {"deploy_ends", "('deploy_end')", "a deploy end"},
        {"targets", "('deploy_end')", "a deploy end"},
        {"pruned", "('deploy_end')", "a deploy end"},
        {"ref_syncs", "('ref_sync')", "a ref sync"},
        {"controls", "('control')", "a control"},
        {"schema_version", "", ""},
    }};
    std::optional<ChainProblem> first;
    for (const auto& owner : owners) {
        if (owner.kinds.empty())
            continue;
        std::string sql = "SELECT min(t.record_id) FROM " + std::string(owner.table) +
                          " t LEFT JOIN records r ON r.id = t.record_id WHERE r.id IS NULL OR "
                          "r.kind NOT IN " +
                          std::string(owner.kinds);
        auto row = db.first_row(sql); // an aggregate: always one row
        if (!row)
            return std::unexpected(row.error());
        if (!*row || (*row)->is_null(0))
            continue;
        std::int64_t id = (*row)->int64(0);
        if (!first || id < first->record_id)
            first = ChainProblem{id, "table " + std::string(owner.table) + " has rows for " +
                                         record_name(id) + ", which is not " +
                                         std::string(owner.described) +
                                         " record: rows were added after it was written"};
    }
    return first;
}

// The value of sqlite's AUTOINCREMENT counter for `records` (0 when none yet).
Result<std::int64_t> id_counter(Database& db) {
    SLIPWAY_TRY_LET(row, db.first_row("SELECT coalesce(max(seq), 0) FROM sqlite_sequence "
                                      "WHERE name = 'records'"));
    return *row ? (*row)->int64(0) : 0;
}

std::string missing_range(std::int64_t first, std::int64_t last) {
    if (first == last)
        return "record #" + std::to_string(first) + " is missing";
    return "records #" + std::to_string(first) + " to #" + std::to_string(last) + " are missing";
}

// Every record id, in order.
Result<std::vector<std::int64_t>> record_ids(Database& db) {
    std::vector<std::int64_t> ids;
    SLIPWAY_TRY_LET(stmt, db.prepare("SELECT id FROM records ORDER BY id"));
    SLIPWAY_TRY(stmt->for_each([&]() -> Status {
        ids.push_back(stmt->int64(0));
        return {};
    }));
    return ids;
}

// What is wrong with record `id`, which must follow the record with hash `expected_prev`;
// nullopt when it is whole. Its hash is `hash` when it is.
Result<std::optional<std::string>>
check_record(Ledger& ledger, std::int64_t id, const std::string& expected_prev, std::string& hash) {
    using Problem = std::optional<std::string>;
    auto record = ledger.read(id, Output::include);
    if (!record) {
        // Rows that no longer decode (an enum text edited, a row deleted, output corrupted)
        // are tampering too; the message names the record, say it once.
        std::string reason = record.error().message;
        std::string prefix = record_name(id);
        if (reason.starts_with(prefix + ": "))
            reason.erase(0, prefix.size() + 2);
        else if (reason.starts_with(prefix + " "))
            reason.replace(0, prefix.size(), "it");
        return Problem(reason);
    }
    if (!*record)
        return Problem("it disappeared while being read");
    const auto& meta = (*record)->meta;
    if (meta.prev_hash != expected_prev)
        return Problem(id == 1 ? "its prev_hash is not the genesis hash: it was rewritten"
                               : "its prev_hash is not the hash of " + record_name(id - 1) +
                                     ": one of the two was rewritten");
    auto computed = record_hash(meta, (*record)->body);
    if (!computed)
        return Problem("it uses canonical format " + std::to_string(meta.format) +
                       ", which this Slipway does not know; upgrade Slipway");
    if (*computed != meta.hash)
        return Problem("its content does not match its hash: it was changed after it was written");
    hash = meta.hash;
    return Problem();
}

} // namespace

Result<ChainReport> verify_chain(Ledger& ledger, const std::optional<std::string>& anchor) {
    Database& db = ledger.database();
    SLIPWAY_TRY_LET(snapshot, Transaction::begin_read(db));
    SLIPWAY_TRY_LET(ids, record_ids(db));

    ChainReport report;
    report.records = static_cast<std::int64_t>(ids->size());
    SLIPWAY_TRY_LET(head, ledger.head());
    report.head = *head;

    std::optional<ChainProblem> chain_problem;
    bool anchor_found = false;
    std::string expected_prev = genesis_hash;
    std::int64_t expected_id = 1;
    for (std::int64_t id : *ids) {
        if (id != expected_id) {
            chain_problem =
                ChainProblem{id, missing_range(expected_id, id - 1) + " before it (deleted)"};
            break;
        }
        std::string hash;
        SLIPWAY_TRY_LET(problem, check_record(ledger, id, expected_prev, hash));
        if (*problem) {
            chain_problem = ChainProblem{id, std::move(**problem)};
            break;
        }
        anchor_found = anchor_found || (anchor && hash == *anchor);
        expected_prev = hash;
        expected_id = id + 1;
    }
    if (!chain_problem) {
        SLIPWAY_TRY_LET(counter, id_counter(db));
        if (*counter >= expected_id)
            chain_problem = ChainProblem{
                expected_id, missing_range(expected_id, *counter) +
                                 " after the last record (deleted from the end of the chain)"};
    }

    SLIPWAY_TRY_LET(stray, find_stray_rows(db));
    if (*stray && (!chain_problem || (*stray)->record_id < chain_problem->record_id))
        chain_problem = *stray;
    report.problem = chain_problem;

    if (!report.problem && anchor && !anchor_found)
        report.problem = ChainProblem{0, "no record has the head hash " + *anchor +
                                             " kept earlier: records were removed from the end "
                                             "or the whole chain was rewritten"};
    SLIPWAY_TRY(snapshot->commit());
    return report;
}

} // namespace slipway::ledger
