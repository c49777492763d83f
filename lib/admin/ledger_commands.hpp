// The read-only admin commands over the ledger: status, log, show, audit verify, audit head.
#pragma once

#include "ledger/controls.hpp"
#include "ledger/ledger.hpp"
#include "ledger/queries.hpp"
#include "policy/freeze.hpp"
#include "util/result.hpp"

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

/// An environment as the policy defines it.
struct EnvironmentSpec {
    std::string name;
    std::vector<std::string> source_refs;     ///< full ref names or patterns, shown as given
    std::vector<policy::FreezeWindow> freeze; ///< the policy's freeze windows
};

/// A commit on an environment's source ref that is not deployed there yet.
struct PendingCommit {
    std::string id;      ///< full commit id
    std::string summary; ///< first line of its message
};

/// Computes what is pending for `environment` given the commit deployed there (nullopt:
/// nothing yet), e.g. by walking `source_ref --not deployed`. Supplied by the caller so this
/// file needs no git.
using PendingLookup = std::function<Result<std::vector<PendingCommit>>(
    const EnvironmentSpec& environment, const std::optional<std::string>& deployed_commit)>;

/// One row of `slipway status`.
struct EnvironmentStatus {
    EnvironmentSpec environment;
    std::optional<ledger::DeployEntry> deployed;     ///< the last successful deploy
    std::optional<ledger::DeployEntry> last_attempt; ///< the last deploy, whatever its state
    std::vector<PendingCommit> pending;
    /// The policy's freeze window in force, described ("\"year-end\" (...) until ...").
    std::optional<std::string> frozen_by_window;
    std::optional<ledger::ControlEntry> frozen; ///< an operator's freeze in force
    /// Accepted pushes that broke glass into it and no admin acknowledged (not with --at).
    std::vector<ledger::PushEntry> break_glass;
};

/// What `slipway status` looks at.
struct StatusOptions {
    /// `--at`: the state at this time (ms since the epoch): the deploys that had started or
    /// ended by then, the freezes in force then; pending commits and break-glass uses are not
    /// shown, being about now.
    std::optional<std::int64_t> at_ms;
    std::int64_t now_ms = 0; ///< when freeze windows are judged without --at; 0: the clock
};

/// The status of each of `environments`, in that order, from `ledger` and `pending`.
/// Fails when the ledger cannot be read or `pending` fails (the message names the
/// environment).
Result<std::vector<EnvironmentStatus>>
collect_status(ledger::Ledger& ledger, const std::vector<EnvironmentSpec>& environments,
               const PendingLookup& pending, const StatusOptions& options = {});

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
