// The read-only admin commands over the ledger: status, log, show, audit verify, audit head.
#pragma once

#include "ledger/controls.hpp"
#include "ledger/ledger.hpp"
#include "ledger/queries.hpp"
#include "policy/freeze.hpp"
#include "util/result.hpp"
#include "view/status.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::admin {

/// Every command prints tidy columns for people, or with `--json` one pretty-printed JSON
/// document (keys sorted, times as ISO 8601 UTC strings next to their `_ms` numbers).
enum class Format { text, json };

// What status shows, computed in view/ (the status page and the metrics use it too).
using view::collect_status;
using view::EnvironmentSpec;
using view::EnvironmentStatus;
using view::PendingCommit;
using view::PendingLookup;
using view::StatusOptions;

/// Prints `rows` to `out`: a table (environment, deployed commit and tag, when, by whom,
/// the last attempt's result, pending count) followed by the pending commits of each
/// environment; or JSON `{"environments": [...]}`.
/// Then, per environment, its freeze and unacknowledged break-glass uses, when it has any. With
/// `at_ms` (--at) a first line says what time the rows are of.
void print_status(const std::vector<EnvironmentStatus>& rows, Format format, std::ostream& out,
                  std::optional<std::int64_t> at_ms = {});

/// `slipway status`: collect_status + print_status. Returns exit code 0.
Result<int> run_status(ledger::Ledger& ledger, const std::vector<EnvironmentSpec>& environments,
                       const PendingLookup& pending, Format format, std::ostream& out,
                       const StatusOptions& options = {});

/// `slipway log`: pushes and deploys matching `filter`, newest first; JSON
/// `{"count": N, "entries": [...]}` (deploy outputs left out: see `show`). Returns 0.
Result<int> run_log(ledger::Ledger& ledger, const ledger::LogFilter& filter, Format format,
                    std::ostream& out);

/// `slipway show`: record `id` in full: a push with its ref updates and findings, a deploy
/// (by its start or end record) with its targets and their complete output, or a
/// confirmation. Returns 0; fails when there is no record `id`.
Result<int> run_show(ledger::Ledger& ledger, std::int64_t id, Format format, std::ostream& out);

/// `slipway audit verify`: checks the whole chain (and, with `kept_head`, that a record
/// with that hash exists). Prints "OK: ..." and returns 0, or "FAILED: record #N: why" and
/// returns 1. Fails only when the ledger cannot be read.
Result<int> run_audit_verify(ledger::Ledger& ledger, const std::optional<std::string>& kept_head,
                             Format format, std::ostream& out);

/// `slipway audit head`: prints the hash of the last record (alone on its line, to be kept
/// elsewhere), 64 zeros for an empty ledger. Returns 0.
Result<int> run_audit_head(ledger::Ledger& ledger, Format format, std::ostream& out);

/// The value of `--since`: a UTC time as ledger::parse_utc reads it, or an age before
/// `now_ms` ("90s", "30m", "2h", "7d", "2w"). Fails with the forms it accepts.
Result<std::int64_t> parse_since(std::string_view text, std::int64_t now_ms);

/// A record id as `show` takes it: "42" or "#42". Fails for anything else.
Result<std::int64_t> parse_record_id(std::string_view text);

} // namespace slipway::admin
