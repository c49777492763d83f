// Deploys whose process died: ending what they left running and recording how they went.
#include "hook/interrupted_deploys.hpp"

#include "deploy/summary.hpp"
#include "git/oid.hpp"
#include "ledger/queries.hpp"
#include "util/process_groups.hpp"

#include <variant>

namespace slipway::hook {

namespace {

// What refs/slipway/deployed/<env> says of a dead deploy.
enum class RefWitness {
    moved,         ///< at its commit, and no deploy recorded as successful had put it there
    already_there, ///< at its commit since an earlier successful deploy: says nothing of this one
    elsewhere,     ///< not at its commit
};

// What a dead deploy left behind that says how it went.
struct Evidence {
    /// The deployed ref: a deploy moves it only once every target succeeded.
    RefWitness ref = RefWitness::elsewhere;
    /// Its log ends with the summary line of its success (deploy::log_shows_success): the
    /// deploy got past moving the ref and told its pusher so.
    bool logged_success = false;
    std::string log_problem; ///< why the log could not be read; empty when it could
};

// The evidence of dead deploy `start`. Two witnesses, because each alone can be wrong: the
// ref can be moved by hand (an admin's `git update-ref`), and the log is written by the deploy
// itself, which may have died or found the disk full before its last lines. Success needs
// both; a log that cannot be read is no evidence of success.
Result<Evidence> finished_before_it_died(const git::Repository& repo, ledger::Ledger& ledger,
                                         const ledger::DeployStart& start) {
    Evidence evidence;
    SLIPWAY_TRY_LET(deployed, repo.ref_target(util::deployed_ref(start.environment)));
    if (*deployed && git::to_hex(**deployed) == start.commit) {
        SLIPWAY_TRY_LET(
            last, ledger::find_deploy(ledger, start.environment, ledger::Which::latest_successful));
        evidence.ref = !*last || (*last)->start.commit != start.commit ? RefWitness::moved
                                                                       : RefWitness::already_there;
    }
    if (!start.log.empty()) {
        auto logged = deploy::log_shows_success(start.log, start.environment, start.commit);
        if (logged)
            evidence.logged_success = *logged;
        else
            evidence.log_problem = logged.error().message;
    }
    return evidence;
}

// The end of dead deploy `id` as the evidence tells it (see finished_before_it_died()):
// success when both witnesses say so, otherwise outcome unknown, never failure: its targets
// ran for an unknown while and may have applied. The message names the log, which shows how
// far it got.
Result<ledger::DeployEnd> interrupted_end(const git::Repository& repo, const util::StateDir& state,
                                          ledger::Ledger& ledger, std::int64_t id,
                                          const std::string& environment) {
    const std::string noticed = "; noticed by the next deploy to " + environment;
    const std::string why = "its process ended before recording its end (killed, the server "
                            "stopped, or the ledger could not be written)";
    ledger::DeployEnd end{.deploy_id = id,
                          .outcome = ledger::Outcome::unknown,
                          .message = "outcome unknown: " + why +
                                     "; its targets may have applied; no record of its start "
                                     "says more" +
                                     noticed};
    SLIPWAY_TRY_LET(record, ledger.read(id, ledger::Output::omit));
    const auto* start = *record ? std::get_if<ledger::DeployStart>(&(*record)->body) : nullptr;
    if (!start)
        return end;
    SLIPWAY_TRY_LET(evidence, finished_before_it_died(repo, ledger, *start));
    const std::string ref = util::deployed_ref(environment);
    // Deploys recorded by an older Slipway, or whose log could not be opened, name none.
    const std::string log = start->log.empty()
                                ? "no log of it is recorded (look in " +
                                      (state.root() / "logs" / environment).string() + ")"
                                : "its log is " + start->log;
    if (evidence->ref == RefWitness::moved && evidence->logged_success) {
        end.outcome = ledger::Outcome::success;
        end.message = "recovered: its process ended before recording its end, but " + ref +
                      " had moved to its commit, which a deploy does only once every target "
                      "succeeded, and its log " +
                      start->log + " ends with its summary line" + noticed;
        return end;
    }
    const std::string log_said = !evidence->log_problem.empty() ? " (" + evidence->log_problem + ")"
                                 : start->log.empty()
                                     ? ""
                                     : ", which does not end with the summary line of a success";
    // Without the ref, the log cannot make it a success: it is named for how far it got.
    const std::string may_have =
        "its targets may have applied in part; " + log +
        (evidence->log_problem.empty() ? "" : " (" + evidence->log_problem + ")");
    switch (evidence->ref) {
    case RefWitness::moved:
        end.message = "outcome unknown: " + why + "; " + ref + " had moved to its commit, but " +
                      log + log_said + noticed;
        break;
    case RefWitness::already_there:
        end.message = "outcome unknown: " + why + "; " + ref +
                      " pointed at its commit already, from an earlier deploy, which says "
                      "nothing of this one: " +
                      may_have + noticed;
        break;
    case RefWitness::elsewhere:
        end.message = "outcome unknown: " + why + "; " + ref +
                      " did not move to its commit: " + may_have + noticed;
        break;
    }
    return end;
}

} // namespace

void record_interrupted(const git::Repository& repo, const util::StateDir& state,
                        ledger::Ledger& ledger, const std::string& environment,
                        report::Output& output) {
    // A dead deploy's targets live on in their own process groups: end them first, so that
    // they never run beside this deploy.
    auto killed = util::kill_recorded_groups(state.process_groups_file(environment));
    if (!killed)
        output.notice("slipway: warning: cannot end what an earlier deploy to " + environment +
                      " left running: " + killed.error().message);
    const int groups = killed.value_or(0);
    const std::string leftovers =
        groups == 0 ? ""
                    : "; its processes were still running: killed " + std::to_string(groups) +
                          (groups == 1 ? " process group" : " process groups");
    auto ids = ledger::unfinished_deploys(ledger, environment);
    if (!ids) {
        output.notice("slipway: warning: cannot look for interrupted deploys in the ledger: " +
                      ids.error().message);
        return;
    }
    for (std::int64_t id : *ids) {
        const std::string record = "ledger record " + std::to_string(id);
        auto end = interrupted_end(repo, state, ledger, id, environment);
        if (!end) {
            output.notice("slipway: warning: cannot tell how the deploy of " + record +
                          " ended: " + end.error().message);
            continue;
        }
        end->message += leftovers;
        const bool recovered = end->outcome == ledger::Outcome::success;
        if (auto appended = ledger.append(*end); !appended)
            output.notice("slipway: warning: cannot record how the deploy of " + record +
                          " ended: " + appended.error().message);
        else if (recovered)
            output.notice("slipway: warning: the deploy to " + environment + " of " + record +
                          " succeeded but its end was never recorded; the ledger now records "
                          "it as a success, from " +
                          util::deployed_ref(environment) + " and its log" + leftovers);
        else
            output.notice("slipway: warning: the deploy to " + environment + " of " + record +
                          ": " + end->message);
    }
    if (ids->empty() && groups > 0)
        output.notice("slipway: warning: an earlier deploy to " + environment +
                      " had left processes running: killed " + std::to_string(groups) +
                      (groups == 1 ? " process group" : " process groups"));
}

} // namespace slipway::hook
