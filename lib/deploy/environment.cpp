// Deploying one environment: its lock, a fresh workspace, its targets in order, the deployed ref.
#include "deploy/environment.hpp"
#include "util/process_groups.hpp"
#include "util/state_paths.hpp"

#include "deploy/render.hpp"
#include "git/diff.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"
#include "git/workspace.hpp"
#include "terraform/root_modules.hpp"
#include "util/new_file.hpp"
#include "util/sharing.hpp"
#include "util/stop_signal.hpp"
#include "util/write_access.hpp"

#include <algorithm>
#include <cctype>
#include <csignal>
#include <ctime>
#include <fstream>
#include <type_traits>
#include <unistd.h>

namespace slipway::deploy {

namespace fs = std::filesystem;
using std::chrono::steady_clock;

namespace {

// Everything one run of an environment's targets shares.
struct Context {
    const git::Repository& repo;
    const util::StateDir& state;
    const EnvironmentConfig& env;
    const DeployRequest& request;
    report::Output& output;
    fs::path workspace;
    std::string commit_hex;
    std::optional<git_oid> previous;
    DeployCounts counts;
    std::vector<std::string> pruned;
    std::vector<RefMove> ref_moves;
};

// How the pusher and the ledger see `target` named.
std::string target_name(const Target& target) {
    return std::visit(
        [](const auto& t) -> std::string {
            using T = std::decay_t<decltype(t)>;
            if constexpr (std::is_same_v<T, TerraformTarget>) {
                const bool one_workspace = std::all_of(
                    t.roots.begin(), t.roots.end(), [&](const terraform::TerraformRoot& r) {
                        return r.workspace == t.roots.front().workspace;
                    });
                std::string out = "terraform";
                for (std::size_t i = 0; i < t.roots.size(); ++i) {
                    out += (i == 0 ? " " : ", ") + t.roots[i].module_dir;
                    if (!one_workspace)
                        out += " (" + t.roots[i].workspace + ")";
                }
                if (one_workspace && !t.roots.empty())
                    out += " (" + t.roots.front().workspace + ")";
                return out;
            } else if constexpr (std::is_same_v<T, KubernetesTarget>) {
                return t.name;
            } else {
                return describe_command(t);
            }
        },
        target);
}

const char* target_kind(const Target& target) {
    switch (target.index()) {
    case 0:
        return "terraform";
    case 1:
        return "kubernetes";
    default:
        return "command";
    }
}

// The exit status a failure sentence reports: every target words a failed program's end with
// util::Exit::describe() ("... apply exited with status 1"); -1 when it names none.
int exit_code_of(const std::string& failure) {
    static const std::string marker = "exited with status ";
    auto at = failure.rfind(marker);
    if (at == std::string::npos)
        return -1;
    int code = 0;
    std::size_t i = at + marker.size();
    if (i >= failure.size() || !std::isdigit(static_cast<unsigned char>(failure[i])))
        return -1;
    for (;
         i < failure.size() && std::isdigit(static_cast<unsigned char>(failure[i])) && code < 1000;
         ++i)
        code = code * 10 + (failure[i] - '0');
    return code;
}

// The commit `marker` names, when it names one this repository still has.
std::optional<git_oid> read_marker(const git::Repository& repo, const fs::path& marker) {
    std::string hex;
    std::ifstream(marker) >> hex;
    auto oid = git::parse_oid(hex);
    if (!oid || !git::object_kind(repo, *oid))
        return std::nullopt;
    return *oid;
}

// Runs the root modules whose files (or local modules) changed since the commit last
// deployed to their workspace; a root never deployed (new in the policy) always runs.
Status run_terraform(Context& c, const TerraformTarget& t) {
    for (const auto& root : t.roots) {
        const fs::path marker = c.state.terraform_deployed(root.module_dir, root.workspace);
        const auto last = read_marker(c.repo, marker);
        if (last) {
            auto paths = git::changed_paths(c.repo, *last, c.request.commit);
            if (!paths)
                return fail(terraform::describe_root(root), paths.error());
            auto changed = terraform::changed_root_modules(c.workspace, {root.module_dir}, *paths);
            if (!changed)
                return fail(terraform::describe_root(root), changed.error());
            if (changed->empty()) {
                c.output.line(terraform::describe_root(root) + ": unchanged since " +
                              git::short_id(git::to_hex(*last)) + ", skipped");
                continue;
            }
        }
        terraform::TerraformSettings settings{
            .tool = t.tool,
            .state_dir = c.state.terraform_state(root.module_dir),
            .data_dir = c.state.terraform_data(c.env.name, root.module_dir),
            .allow_destroy = t.allow_destroy};
        SLIPWAY_TRY_LET(outcome,
                        terraform::terraform_deploy(c.workspace, root, settings, c.output));
        c.counts.changed += outcome->plan.add + outcome->plan.change + outcome->plan.destroy;
        std::error_code ec;
        fs::create_directories(marker.parent_path(), ec);
        if (auto s = util::write_new_file(marker, c.commit_hex + "\n", 0666); !s)
            return fail(terraform::describe_root(root), s.error());
    }
    return {};
}

Status run_kubernetes(Context& c, const KubernetesTarget& t) {
    if (!t.load)
        return fail("kubernetes: no manifest loader configured");
    auto objects = t.load(c.workspace);
    if (!objects)
        return fail("kubernetes: loading the manifests", objects.error());
    if (!t.cluster) {
        RenderSettings settings{.environment = c.env.name,
                                .ref = util::rendered_ref(c.env.name),
                                .default_namespace = t.default_namespace,
                                .source_commit = c.commit_hex,
                                .pusher = c.request.pusher,
                                .committer = c.env.committer};
        auto r = render_to_ref(c.repo, *objects, settings);
        if (!r)
            return fail("kubernetes: rendering", r.error());
        c.ref_moves.push_back({settings.ref, r->commit.parent ? git::to_hex(*r->commit.parent) : "",
                               git::to_hex(r->commit.commit)});
        c.output.line("kubernetes: rendered " + std::to_string(r->objects) + " objects into " +
                      settings.ref + " (" + std::to_string(r->added) + " added, " +
                      std::to_string(r->modified) + " modified, " +
                      std::to_string(r->deleted.size()) + " deleted)");
        for (const auto& d : r->deleted)
            c.output.line("kubernetes: removed " + d);
        c.counts.applied += r->objects;
        c.counts.pruned += r->deleted.size();
        c.counts.changed += r->added + r->modified + r->deleted.size();
        c.pruned.insert(c.pruned.end(), r->deleted.begin(), r->deleted.end());
        return {};
    }
    KubectlSettings settings{.cluster = *t.cluster,
                             .default_namespace = t.default_namespace,
                             .inventory_file = c.state.inventory_file(c.env.name),
                             .scratch_dir = c.state.scratch() / c.env.name,
                             .prune = t.prune,
                             .rollout = t.rollout};
    if (c.request.prune_limit)
        settings.prune.pusher_limit = c.request.prune_limit;
    auto r = kubectl_deploy(*objects, settings, c.output);
    if (!r)
        return fail("kubernetes", r.error());
    std::string line = "kubernetes: applied " + std::to_string(r->applied) + " objects, pruned " +
                       std::to_string(r->pruned.size());
    for (std::size_t i = 0; i < r->pruned.size(); ++i)
        line += (i == 0 ? " (" : ", ") + r->pruned[i].describe() +
                (i + 1 == r->pruned.size() ? ")" : "");
    c.output.line(line);
    c.counts.applied += r->applied;
    c.counts.pruned += r->pruned.size();
    for (const auto& p : r->pruned)
        c.pruned.push_back(p.describe());
    c.counts.changed += r->applied - r->unchanged;
    return {};
}

Status run_command(Context& c, const CommandTarget& t) {
    CommandTarget target = t;
    target.env.emplace_back("SLIPWAY_ENVIRONMENT", c.env.name);
    target.env.emplace_back("SLIPWAY_COMMIT", c.commit_hex);
    target.env.emplace_back("SLIPWAY_PREVIOUS_COMMIT", c.previous ? git::to_hex(*c.previous) : "");
    target.env.emplace_back("SLIPWAY_PUSHER", c.request.pusher);
    SLIPWAY_TRY_LET(exit, run_command_target(target, c.workspace, c.output));
    return {};
}

Status run_target(Context& c, const Target& target) {
    return std::visit(
        [&](const auto& t) -> Status {
            using T = std::decay_t<decltype(t)>;
            if constexpr (std::is_same_v<T, TerraformTarget>)
                return run_terraform(c, t);
            else if constexpr (std::is_same_v<T, KubernetesTarget>)
                return run_kubernetes(c, t);
            else
                return run_command(c, t);
        },
        target);
}

// What to fix when this deploy may not write `needed` (the state is another user's, say);
// nullopt when it may, and a failure there was something else.
std::optional<std::string> access_problem(const git::Repository& repo, util::Needed needed) {
    const util::RepoSharing shared{
        repo.git_dir(), util::parse_sharing(repo.config_string("core.sharedRepository"))};
    return util::write_problem({std::move(needed)}, shared, "this deploy");
}

// Checkout, the targets in order (each reported in `reports`, one per target), then the
// deployed ref.
Status run(Context& c, std::vector<TargetReport>& reports) {
    SLIPWAY_TRY_LET(tip, c.repo.ref_target(util::deployed_ref(c.env.name)));
    c.previous = *tip;

    auto ws = git::Workspace::create(c.repo, c.request.commit, c.state.workspace(c.env.name));
    if (!ws)
        return fail("checkout: " + ws.error().message +
                    access_problem(c.repo, {c.state.workspace(c.env.name), util::Reach::tree})
                        .transform([](const std::string& p) { return "; " + p; })
                        .value_or(""));
    for (const auto& w : ws->report().warnings)
        c.output.line("warning: " + w);
    c.workspace = ws->dir();

    for (std::size_t i = 0; i < c.env.targets.size(); ++i) {
        // Told to stop between targets: the next one does not start.
        if (const int signal = util::stop_requested(); signal != 0)
            return fail("stopped before " + target_name(c.env.targets[i]) + ": Slipway received " +
                        (signal == SIGTERM ? "SIGTERM" : "signal " + std::to_string(signal)) +
                        " (the server is stopping?)");
        auto& report = reports[i];
        const auto started = steady_clock::now();
        c.output.start_capture();
        Status s = run_target(c, c.env.targets[i]);
        if (auto captured = c.output.take_capture())
            report.output = std::move(*captured);
        else
            c.output.line("warning: " + captured.error().message +
                          "; the ledger records this target without it");
        report.duration =
            std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - started);
        report.state = s ? TargetState::succeeded : TargetState::failed;
        report.exit_code = s ? 0 : exit_code_of(s.error().message);
        if (!s)
            return s;
    }
    auto moved = git::update_ref(c.repo, util::deployed_ref(c.env.name), c.request.commit,
                                 c.previous, "slipway: deployed by " + c.request.pusher);
    if (!moved)
        return moved;
    c.ref_moves.push_back(
        {util::deployed_ref(c.env.name), c.previous ? git::to_hex(*c.previous) : "", c.commit_hex});
    return {};
}

} // namespace

DeploySummary deploy_environment(const git::Repository& repo, const util::StateDir& state,
                                 const EnvironmentConfig& env, const DeployRequest& request,
                                 report::Output& output, const DeployHooks& hooks) {
    const auto started = steady_clock::now();
    DeploySummary summary{
        .environment = env.name, .commit = git::to_hex(request.commit), .pusher = request.pusher};
    for (const auto& target : env.targets)
        summary.targets.push_back({.name = target_name(target), .kind = target_kind(target)});
    auto finish = [&](Status status, const DeployCounts& counts) {
        summary.duration =
            std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - started);
        summary.ok = status.has_value() && !summary.skipped;
        summary.failure = status ? "" : status.error().message;
        summary.counts = counts;
        output.line(summary_line(summary));
        if (hooks.on_finished)
            hooks.on_finished(summary);
        return summary;
    };
    if (!util::is_valid_environment_name(env.name))
        return finish(fail("\"" + env.name + "\" is not a valid environment name"), {});

    LockHolder me{summary.commit, request.pusher, static_cast<std::int64_t>(std::time(nullptr)),
                  static_cast<long>(::getpid())};
    WaitSink on_wait = hooks.on_wait;
    if (!on_wait)
        on_wait = [&](const WaitStatus& s) {
            output.line(describe_wait(s));
        };
    auto lock = EnvironmentLock::acquire(state.lock_file(env.name), me, on_wait, env.lock);
    if (!lock) {
        auto problem = access_problem(repo, {state.lock_file(env.name)});
        if (!problem)
            return finish(std::unexpected(lock.error()), {});
        // Not another deploy's doing: this one fails now, and is recorded as failed.
        if (hooks.on_unlockable)
            hooks.on_unlockable();
        return finish(fail("cannot take the deploy lock: " + *problem), {});
    }
    if (hooks.on_locked) {
        if (auto reason = hooks.on_locked()) {
            summary.skipped = true;
            return finish(fail(*reason), {});
        }
    }

    // Every process group the targets start is written down while the deploy runs: if this
    // process dies, the next deploy ends what it left (hook::record_interrupted).
    util::GroupRecorder groups(state.process_groups_file(env.name));
    Context c{repo, state, env, request, output, {}, summary.commit, {}, {}, {}, {}};
    Status status = run(c, summary.targets);
    summary.pruned = std::move(c.pruned);
    summary.ref_moves = std::move(c.ref_moves);
    return finish(status, c.counts);
}

} // namespace slipway::deploy
