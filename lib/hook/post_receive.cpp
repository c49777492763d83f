// The post-receive hook's whole job: confirm the push in the ledger, then deploy what it moved.
#include "hook/post_receive.hpp"
#include "hook/installation.hpp"
#include "hook/interrupted_deploys.hpp"
#include "util/sharing.hpp"
#include "util/state_paths.hpp"
#include "util/write_access.hpp"

#include "deploy/environment.hpp"
#include "deploy/environment_config.hpp"
#include "deploy/inventory.hpp"
#include "deploy/summary.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"
#include "git/ref_update.hpp"
#include "git/repository.hpp"
#include "ledger/confirmation.hpp"
#include "ledger/ledger.hpp"
#include "ledger/queries.hpp"
#include "policy/connection.hpp"
#include "policy/policy.hpp"
#include "report/pusher_stream.hpp"
#include "util/stop_signal.hpp"
#include "view/site.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <variant>

namespace slipway::hook {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view prune_option = "slipway.prune=";

// What every deploy of one push shares.
struct Push {
    const git::Repository& repo;
    util::StateDir state;
    util::RepoSharing sharing;             ///< whose the state is meant to be, for what to fix
    std::optional<ledger::Ledger>& ledger; ///< nullopt when it could not be opened
    std::int64_t push_id = 0;              ///< the confirmed push record; 0 when unknown
    policy::Pusher pusher;
    std::optional<std::size_t> prune_limit;
    int pusher_fd = 2;
    /// How kustomizations render: the policy's remote bases and sandbox (kubectl and timeout
    /// stay the defaults in deploys).
    manifest::KustomizeOptions kustomize;
    std::uint64_t output_cap = 0; ///< bytes the ledger stores of one deploy's output
};

ledger::Outcome outcome_of(deploy::TargetState state) {
    switch (state) {
    case deploy::TargetState::succeeded:
        return ledger::Outcome::success;
    case deploy::TargetState::failed:
        return ledger::Outcome::failure;
    default:
        return ledger::Outcome::skipped;
    }
}

ledger::DeployEnd deploy_end(std::int64_t deploy_id, const deploy::DeploySummary& s) {
    ledger::DeployEnd end{.deploy_id = deploy_id,
                          .outcome = s.ok        ? ledger::Outcome::success
                                     : s.skipped ? ledger::Outcome::skipped
                                                 : ledger::Outcome::failure,
                          .message = deploy::summary_line(s),
                          .pruned = s.pruned};
    for (const auto& t : s.targets)
        end.targets.push_back({.name = t.name,
                               .kind = t.kind,
                               .outcome = outcome_of(t.state),
                               .exit_code = t.exit_code,
                               .duration_ms = t.duration.count(),
                               .stored = t.output});
    for (const auto& m : s.ref_moves)
        end.ref_updates.push_back({m.ref, m.old_id, m.new_id, s.environment});
    return end;
}

// The limit the `slipway.prune` push option asks for; a bad value is told and ignored.
std::optional<std::size_t> read_prune_option(const policy::EnvLookup& env,
                                             const policy::PushLimits& limits, int fd) {
    std::optional<std::size_t> limit;
    for (const auto& option : policy::read_push_options(env, limits).options) {
        if (!option.starts_with(prune_option))
            continue;
        auto value = std::string_view(option).substr(prune_option.size());
        auto parsed = deploy::parse_prune_option(value);
        if (!parsed) {
            report::write_line("slipway: warning: " + parsed.error().message +
                                   "; this environment's own prune limit applies",
                               fd);
            continue;
        }
        limit = *parsed;
    }
    return limit;
}

// "refs/heads/a, refs/heads/b and 3 more": a push of 300 branches is one line, not 300.
std::string ref_list(const std::vector<std::string>& refs) {
    constexpr std::size_t shown = 5;
    std::string out;
    for (std::size_t i = 0; i < refs.size() && i < shown; ++i)
        out += (i == 0 ? "" : ", ") + refs[i];
    if (refs.size() > shown)
        out += " and " + std::to_string(refs.size() - shown) + " more";
    return out;
}

// Deploys `commit` of `update` to `environment`; `also` are the refs of the push (in git's
// order) that fed the same environment before `update`, which this one deploy stands for.
deploy::DeploySummary deploy_one(Push& push, const policy::Environment& environment,
                                 const git::RefUpdate& update, const git_oid& commit,
                                 const std::vector<std::string>& also) {
    const auto config = deploy::environment_config(environment, push.kustomize);
    const std::string commit_hex = git::to_hex(commit);
    const std::string who =
        environment.name + " ← " + git::short_id(commit_hex) + " (" + push.pusher.name + ")";
    const auto log_file =
        push.state.log_file(environment.name, commit_hex, std::chrono::system_clock::now());
    auto opened = report::Output::open({.environment = environment.name,
                                        .pusher_fd = push.pusher_fd,
                                        .log_file = log_file,
                                        .capture_limit = push.output_cap});
    if (!opened) {
        const auto problem = util::write_problem({{log_file}}, push.sharing, "this deploy");
        report::write_line("slipway: warning: " + opened.error().message +
                               "; this deploy's output is not logged on the server" +
                               (problem ? "; " + *problem : ""),
                           push.pusher_fd);
        opened = report::Output::open({.environment = environment.name,
                                       .pusher_fd = push.pusher_fd,
                                       .capture_limit = push.output_cap});
    }
    report::Output& output = *opened;
    if (!also.empty())
        output.line("deploying " + git::short_id(commit_hex) + " (" + update.ref +
                    "; also stands for " + ref_list(also) + ")");
    auto warn = [&](const std::string& what, const Error& error) {
        output.notice("slipway: warning: " + what + ": " + error.message + "; the deploy goes on" +
                      (output.log_file().empty()
                           ? std::string()
                           : ", its output kept in " + output.log_file().string()));
    };

    std::optional<std::int64_t> deploy_id;
    deploy::DeployHooks hooks;
    hooks.on_wait = [&](const deploy::WaitStatus& s) {
        output.notice("slipway: " + who + " — " + deploy::describe_wait(s));
    };
    // The deploy's start record: once it holds the lock, or when it fails at once for want
    // of permissions, so that such a failure is recorded too. Only the lock's holder may
    // tell a dead deploy from a running one.
    auto record_start = [&](bool locked) {
        if (!push.ledger)
            return;
        if (locked)
            record_interrupted(push.repo, push.state, *push.ledger, environment.name, output);
        ledger::DeployStart start{.environment = environment.name,
                                  .ref = update.ref,
                                  .tag = git::ref_kind_of(update.ref) == git::RefKind::tag
                                             ? git::short_ref_name(update.ref)
                                             : "",
                                  .commit = commit_hex,
                                  .pusher = push.pusher.name,
                                  .push_id = push.push_id,
                                  .log = output.log_file().string()};
        auto id = push.ledger->append(start);
        if (id)
            deploy_id = *id;
        else
            warn("this deploy is not recorded in the ledger", id.error());
    };
    hooks.on_locked = [&]() -> std::optional<std::string> {
        std::optional<std::string> skip;
        if (push.ledger && push.push_id > 0) {
            auto newer = ledger::newer_accepted_push(*push.ledger, environment.name, push.push_id,
                                                     ledger::Confirmation::required);
            if (!newer)
                warn("cannot tell whether a newer push overtook this one", newer.error());
            else if (*newer)
                skip = "a newer push to " + environment.name + " (ledger record " +
                       std::to_string(**newer) + ") overtook it while it waited; that one deploys";
        }
        record_start(true);
        return skip;
    };
    hooks.on_unlockable = [&] {
        record_start(false);
    };
    hooks.on_finished = [&](const deploy::DeploySummary& s) {
        if (!push.ledger || !deploy_id)
            return;
        if (auto id = push.ledger->append(deploy_end(*deploy_id, s)); !id)
            warn("the end of this deploy is not recorded in the ledger", id.error());
    };
    deploy::DeployRequest request{
        .commit = commit, .pusher = push.pusher.name, .prune_limit = push.prune_limit};
    return deploy::deploy_environment(push.repo, push.state, config, request, output, hooks);
}

} // namespace

std::vector<deploy::DeploySummary> run_post_receive(std::string_view input,
                                                    const policy::EnvLookup& env, int pusher_fd) {
    std::vector<deploy::DeploySummary> summaries;
    auto say = [&](const std::string& line) {
        report::write_line(line, pusher_fd);
    };
    auto updates = git::parse_ref_updates(input);
    if (!updates) {
        say("slipway: post-receive: " + updates.error().message);
        return summaries;
    }
    auto repo = git::Repository::open_from_env();
    if (!repo) {
        say("slipway: post-receive: " + repo.error().message + "; nothing was deployed");
        return summaries;
    }

    // Nothing to deploy where Slipway was never installed, and no ledger to make there; as a
    // gitolite common hook, pre-receive said so already.
    if (auto absent = not_installed(repo->git_dir(), "post-receive", env)) {
        if (!absent->left_alone)
            say("slipway: nothing was deployed: " + absent->line);
        return summaries;
    }
    // In a repository a group of OS users share, what the deploys create is the group's too:
    // the next deploy may be another user's.
    const util::RepoSharing sharing{
        repo->git_dir(), util::parse_sharing(repo->config_string("core.sharedRepository"))};
    util::adopt_sharing(sharing.sharing);
    // A symlink in the state (planted after the gate looked) is never followed: nothing is
    // deployed through it. The refs moved all the same; the ledger is told when it can be.
    const auto state = util::StateDir::for_repository(repo->git_dir());
    const auto link = state.find_symlink();
    auto refuse_link = [&]() {
        say("slipway: nothing was deployed: " + state.symlink_problem(*link));
        say("hint: tell the repository's admin to replace " + link->string() +
            " with the directory or file it points to; push again once it is fixed");
        return summaries;
    };
    if (link && (*link == state.root() || link->string().starts_with(state.ledger_file().string())))
        return refuse_link();

    // First duty, before any deploy: confirm that the refs moved.
    std::optional<ledger::Ledger> ledger;
    std::int64_t push_id = 0;
    if (auto opened = ledger::Ledger::open(state.ledger_file()); opened) {
        ledger.emplace(std::move(*opened));
        std::vector<ledger::RefChange> landed;
        for (const auto& u : *updates)
            landed.push_back({u.ref, u.old_id, u.new_id, ""});
        auto current = [&](const std::string& ref) -> Result<std::string> {
            SLIPWAY_TRY_LET(target, repo->ref_target(ref));
            return *target ? git::to_hex(**target) : std::string();
        };
        if (auto confirmed = ledger::confirm_landed(*ledger, landed, current); confirmed) {
            push_id = confirmed->push_id;
            for (const auto& i : confirmed->inferred)
                say("slipway: note: " + i.ref + " moved from " + git::short_id(i.value) +
                    ", which accepted push #" + std::to_string(i.push_id) +
                    " gave it; no post-receive had confirmed that push yet (it is still "
                    "running, or died after the ref update), so ledger record " +
                    std::to_string(i.record_id) + " records it as landed");
        } else {
            say("slipway: warning: the push could not be confirmed in the ledger: " +
                confirmed.error().message);
        }
    } else {
        const auto problem = util::write_problem(util::ledger_needs(state), sharing, "this push");
        say("slipway: warning: the push could not be confirmed in the ledger: " +
            opened.error().message + "; deploys go ahead unrecorded, their output kept in " +
            (state.root() / "logs").string() + (problem ? "; " + *problem : ""));
    }

    if (link)
        return refuse_link();

    const auto policy_file = util::policy_file(repo->git_dir());
    auto policy = policy::load_policy(policy_file);
    if (!policy) {
        say("slipway: nothing was deployed: the policy cannot be read");
        std::string_view rest = policy.error().message;
        while (!rest.empty()) {
            auto nl = rest.find('\n');
            say("  " + std::string(rest.substr(0, nl)));
            rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        }
        say("hint: tell the repository's admin (`slipway policy check " + policy_file.string() +
            "`); push again once it is fixed");
        return summaries;
    }

    Push push{
        .repo = *repo,
        .state = state,
        .sharing = sharing,
        .ledger = ledger,
        .push_id = push_id,
        .pusher = policy::resolve_pusher(policy->identity, env),
        .prune_limit = std::nullopt,
        .pusher_fd = pusher_fd,
        .kustomize = {.remote = policy->manifests.kustomize.remote, .sandbox = policy->sandbox},
        .output_cap = policy->limits.deploy_output_bytes};
    // One deploy per environment: several refs of one push that feed it (300 feature
    // branches and staging) deploy it once, with the last of them in git's order (which would
    // have won anyway), where the first of them came. What is said about the others keeps its
    // place.
    struct Planned {
        const policy::Environment* environment;
        const git::RefUpdate* update;
        git_oid commit;
        std::vector<std::string> also; ///< the refs before `update` that fed it
    };
    std::vector<Planned> planned;
    std::map<std::string, std::size_t> planned_at;
    std::vector<std::variant<std::string, std::size_t>> steps; ///< a line, or a deploy
    for (const auto& update : *updates) {
        const auto environments = policy::environments_for(policy->environments, update.ref);
        if (environments.empty())
            continue;
        if (git::is_zero_id(update.new_id)) {
            for (const auto* e : environments)
                steps.emplace_back("slipway: " + update.ref + " was deleted; nothing in " +
                                   e->name +
                                   " is destroyed (what it deployed there stays until the next "
                                   "deploy)");
            continue;
        }
        auto oid = git::parse_oid(update.new_id);
        auto peeled =
            oid ? git::peel(*repo, *oid) : Result<git::Peeled>(std::unexpected(oid.error()));
        if (!peeled || peeled->kind != git::ObjectKind::commit) {
            const std::string why = !peeled ? peeled.error().message
                                            : update.ref + " points at a " +
                                                  git::kind_name(peeled->kind) + ", not a commit";
            for (const auto* e : environments)
                steps.emplace_back("slipway: nothing was deployed to " + e->name + ": " + why);
            continue;
        }
        for (const auto* e : environments) {
            auto [at, added] = planned_at.emplace(e->name, planned.size());
            if (added) {
                steps.emplace_back(planned.size());
                planned.push_back({e, &update, peeled->oid, {}});
                continue;
            }
            Planned& p = planned[at->second];
            p.also.push_back(p.update->ref);
            p.update = &update;
            p.commit = peeled->oid;
        }
    }
    bool prune_read = false;
    for (const auto& step : steps) {
        if (const auto* line = std::get_if<std::string>(&step)) {
            say(*line);
            continue;
        }
        // Told to stop (the server is shutting down): what has not started does not start.
        // A deploy stopped half-way was recorded by its own end; these never began.
        if (util::stop_requested() != 0) {
            const Planned& p = planned[std::get<std::size_t>(step)];
            say("slipway: stopped (the server is stopping?): nothing was deployed to " +
                p.environment->name + "; push again, or deploy " +
                git::short_id(git::to_hex(p.commit)) + " once the server is back");
            continue;
        }
        if (!prune_read) {
            push.prune_limit = read_prune_option(env, policy->limits, pusher_fd);
            prune_read = true;
        }
        const Planned& p = planned[std::get<std::size_t>(step)];
        summaries.push_back(deploy_one(push, *p.environment, *p.update, p.commit, p.also));
    }
    // Last, after the deploys: the status pages show how they went.
    view::refresh_site(*repo, ledger ? &*ledger : nullptr, say);
    return summaries;
}

} // namespace slipway::hook
