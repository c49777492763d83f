// Reading the ledger: history, one record, deploys per environment, and the rules that ask it.
#pragma once

#include "ledger/ledger.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace slipway::ledger {

/// Whether an accepted push's refs moved, as the ledger's confirmations of it say.
enum class Landing {
    pending,       ///< nothing confirmed it yet (its post-receive may still run), or rejected
    landed,        ///< every ref it updates moved
    partly_landed, ///< some refs moved; git refused the others after the gate (a lost race)
    not_landed,    ///< none moved: decided by a later push after the settle time
};
/// "pending", "landed", "partly landed", "not landed".
std::string_view landing_name(Landing landing);

/// A push record and whether post-receive confirmed it.
struct PushEntry {
    RecordMeta meta;
    PushRecord push;
    std::optional<std::int64_t> confirmed_by; ///< the first ref_sync record naming this push
    Landing landing = Landing::pending;
    std::vector<std::string> not_landed; ///< refs of a partly or not landed push that did not move
    bool break_glass = false; ///< accepted with a `break-glass` warning: it overrode change control
    /// For a break-glass push, the control record that acknowledged it; nullopt: not yet.
    std::optional<std::int64_t> acknowledged_by;
};

/// A deploy: its start record and, once it finished, its end record.
struct DeployEntry {
    RecordMeta start_meta;
    DeployStart start;
    std::optional<RecordMeta> end_meta;
    std::optional<DeployEnd> end;

    /// "success", "failure", "skipped", or "running" while no end is recorded (also what a
    /// deploy killed mid-way looks like).
    std::string_view state() const;
    /// How long its targets ran, measured on a monotonic clock (from start record to end record
    /// for a deploy without targets); 0 while running.
    std::int64_t duration_ms() const;
};

/// A ref_sync record.
struct ConfirmationEntry {
    RecordMeta meta;
    RefSync sync;
};

/// A control record (freeze, thaw, quarantine, unquarantine, acknowledge).
struct ControlEntry {
    RecordMeta meta;
    ControlRecord control;
};

/// What `slipway log` lists.
using LogEntry = std::variant<PushEntry, DeployEntry>;
/// What `slipway show` shows.
using ShownRecord = std::variant<PushEntry, DeployEntry, ConfirmationEntry, ControlEntry>;

/// Which entries `read_log` returns; unset fields do not filter.
struct LogFilter {
    std::optional<std::string> environment; ///< deploys to it; pushes with an update for it
    /// Deploys from it; pushes updating it. "master" also matches refs/heads/master and
    /// refs/tags/master; a name starting with "refs/" matches only itself.
    std::optional<std::string> ref;
    std::optional<std::string> user;      ///< pusher
    std::optional<std::int64_t> since_ms; ///< records at or after this time
    /// Only pushes that changed nothing: rejected, or accepted and not (or partly) landed.
    bool rejected_only = false;
    std::size_t limit = 0; ///< at most this many entries; 0: all
};

/// Pushes and deploys matching `filter`, newest first (by record id, i.e. chain order; a
/// deploy sits at its start). Deploy outputs are not loaded. ref_sync records are not listed.
Result<std::vector<LogEntry>> read_log(Ledger& ledger, const LogFilter& filter);

/// Record `id` as shown to people: a push, a deploy (also when `id` is its end record), or a
/// confirmation; nullopt when there is no record `id`.
Result<std::optional<ShownRecord>> show_record(Ledger& ledger, std::int64_t id,
                                               Output output = Output::include);

enum class Which { latest, latest_successful };

/// The last deploy to `environment` (Which::latest: whatever its state, running included),
/// or the last one that succeeded; nullopt when there is none. Outputs are not loaded.
Result<std::optional<DeployEntry>> find_deploy(Ledger& ledger, std::string_view environment,
                                               Which which);

/// Like find_deploy, as the ledger stood at `time_ms`: the last deploy started by then
/// (Which::latest; its end counts only when recorded by then), or the last one that ended
/// with success by then. `slipway status --at`.
Result<std::optional<DeployEntry>> find_deploy_at(Ledger& ledger, std::string_view environment,
                                                  Which which, std::int64_t time_ms);

/// The commits of the deploys to `environment` that succeeded after the last successful
/// deploy of `commit` (a full id), each once with the time its first such deploy ended, in
/// that order; empty when `commit` never succeeded there or nothing succeeded since. What
/// the promotion rule looks through for a revert of `commit`.
Result<std::vector<std::pair<std::string, std::int64_t>>>
deployed_after(Ledger& ledger, std::string_view environment, std::string_view commit);

/// True when `commit` (a full id) was deployed to `environment` with success at least once:
/// the promotion rule ("a tag may only point at a commit deployed successfully to preprod").
Result<bool> was_deployed_successfully(Ledger& ledger, std::string_view environment,
                                       std::string_view commit);

/// The deploys to `environment` that have a start record and no end record, oldest first.
/// Asked while holding the environment's deploy lock (held by a deploying process until it
/// dies), these are deploys whose process died before recording how they ended.
Result<std::vector<std::int64_t>> unfinished_deploys(Ledger& ledger, std::string_view environment);

/// Whether a push counts for newer_accepted_push before post-receive confirmed it.
enum class Confirmation { required, not_required };

/// The newest accepted push after record `after_id` with a ref update (not a deletion) for
/// `environment`; nullopt when there is none. A deploy waiting for the environment lock is
/// skipped ("overtaken") when this finds one. With Confirmation::required only pushes whose
/// ref for it is confirmed to have moved count: an accepted push whose ref update then failed
/// (a lost race for the ref lock) does not overtake anything.
Result<std::optional<std::int64_t>> newer_accepted_push(Ledger& ledger,
                                                        std::string_view environment,
                                                        std::int64_t after_id,
                                                        Confirmation confirmation);

/// Like newer_accepted_push, for updates of any of `refs` (full names) instead of an
/// environment.
Result<std::optional<std::int64_t>>
newer_accepted_push_to_refs(Ledger& ledger, const std::vector<std::string>& refs,
                            std::int64_t after_id, Confirmation confirmation);

/// For post-receive: the newest accepted, not yet confirmed push whose ref updates include
/// every one of `landed` (same ref, old and new ids; receive-pack may apply only some of a
/// push's updates); nullopt when there is none. Its id goes into the RefSync record.
Result<std::optional<std::int64_t>> find_unconfirmed_push(Ledger& ledger,
                                                          const std::vector<RefChange>& landed);

/// Like find_unconfirmed_push, among accepted pushes that something already confirmed or
/// settled: a post-receive that runs after a later push has spoken for its push.
Result<std::optional<std::int64_t>> find_settled_push(Ledger& ledger,
                                                      const std::vector<RefChange>& landed);

} // namespace slipway::ledger
