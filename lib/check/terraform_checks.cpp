// The gate's Terraform rules: `terraform-fmt`, `terraform-validate`, `terraform-plan`.
#include "check/terraform_checks.hpp"

#include "git/diff.hpp"
#include "git/history.hpp"
#include "git/oid.hpp"
#include "git/workspace.hpp"
#include "report/output.hpp"
#include "report/pusher_stream.hpp"
#include "terraform/checks.hpp"
#include "terraform/root_modules.hpp"
#include "terraform/run.hpp"
#include "util/new_file.hpp"
#include "util/relative_path.hpp"
#include "util/sandbox.hpp"
#include "util/state_paths.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <utility>

namespace slipway::check {

namespace fs = std::filesystem;

namespace {

// A fresh directory under `parent`, removed with everything in it when destroyed.
class ScratchDir {
public:
    static Result<ScratchDir> create(const fs::path& parent) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec)
            return fail("cannot create " + parent.string() + ": " + ec.message());
        std::string pattern = (parent / "check-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            return fail("cannot create a scratch directory in " + parent.string());
        return ScratchDir(pattern);
    }
    ~ScratchDir() {
        if (m_path.empty())
            return;
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    ScratchDir(ScratchDir&& other) noexcept
        : m_path(std::exchange(other.m_path, {})) {}
    ScratchDir& operator=(ScratchDir&&) = delete;
    const fs::path& path() const { return m_path; }

private:
    explicit ScratchDir(fs::path path)
        : m_path(std::move(path)) {}
    fs::path m_path;
};

// A root module of the policy and the workspace a plan of it uses.
struct Root {
    std::string dir;
    std::string workspace;
};

// The `dirs` of every terraform target, normalized, each once, in policy order; the
// workspace is the plan's when the policy names one, else the first target's.
std::vector<Root> root_modules(const policy::Policy& policy) {
    std::vector<Root> roots;
    std::set<std::string> seen;
    for (const auto& env : policy.environments)
        for (const auto& target : env.targets)
            if (const auto* t = std::get_if<policy::TerraformTarget>(&target.spec))
                for (const auto& d : t->dirs) {
                    auto dir = util::normalize_relative(d).value_or(d);
                    if (seen.insert(dir).second)
                        roots.push_back(
                            {dir, policy.terraform.plan && policy.terraform.plan->workspace
                                      ? *policy.terraform.plan->workspace
                                      : t->workspace});
                }
    return roots;
}

// What the update is compared with: `old` peeled to a commit, or for a new ref its merge base
// with the HEAD branch; nullopt: nothing (every root module counts as changed).
Result<std::optional<git_oid>> base_of(const PushContext& ctx, const git::ClassifiedUpdate& u) {
    const auto& repo = ctx.repo();
    if (u.old_oid) {
        SLIPWAY_TRY_LET(peeled, git::peel(repo, *u.old_oid));
        if (peeled->kind == git::ObjectKind::commit)
            return std::optional<git_oid>(peeled->oid);
        return std::optional<git_oid>();
    }
    auto head = repo.head_branch();
    if (!head)
        return std::optional<git_oid>();
    SLIPWAY_TRY_LET(tip, repo.ref_target(*head));
    if (!*tip)
        return std::optional<git_oid>();
    SLIPWAY_TRY_LET(peeled, git::peel(repo, **tip));
    if (peeled->kind != git::ObjectKind::commit)
        return std::optional<git_oid>();
    return git::merge_base(repo, peeled->oid, u.new_peeled->oid);
}

// `text` on one line: each line break, with the blanks around it, becomes one space.
std::string one_line(const std::string& text) {
    std::string out;
    bool brk = false;
    for (char c : text) {
        if (c == '\n' || c == '\r') {
            brk = true;
            while (!out.empty() && (out.back() == ' ' || out.back() == '\t'))
                out.pop_back();
            continue;
        }
        if (brk && (c == ' ' || c == '\t'))
            continue;
        if (brk && !out.empty())
            out += ' ';
        brk = false;
        out += c;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

void replace_all(std::string& text, const std::string& what, const std::string& with) {
    if (what.empty())
        return;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
}

// What terraform runs with for one update: the CLI configuration and, confined, what it sees.
struct Tools {
    terraform::TerraformTool check; ///< fmt and validate: anyone's push
    terraform::TerraformTool plan;  ///< a trusted pusher's plan
    fs::path empty_mirror;          ///< the mirror when the policy names none; empty otherwise
};

// The tools for a checkout at `scratch`/tree: a CLI configuration in `scratch` that installs
// providers from the policy's plugin mirror only (an empty one when it names none), and, with
// `sandbox`, confinement: fmt and validate see the checkout, the configuration and the mirror;
// a plan also the variables `terraform.plan.env` names and the network (and the state
// directory of its root module: UpdateCheck::plan()). Fails when a file cannot be written or
// the mirror does not exist.
Result<Tools> tools_for(const PushContext& ctx, const fs::path& scratch,
                        const std::optional<util::Sandbox>& sandbox,
                        const TerraformCheckOptions& options) {
    const auto& settings = ctx.policy().terraform;
    Tools t;
    fs::path mirror;
    std::error_code ec;
    if (settings.plugin_mirror) {
        mirror = *settings.plugin_mirror;
        if (!fs::is_directory(mirror, ec))
            return fail("terraform.plugin_mirror " + mirror.string() +
                        " is not a directory on this server");
    } else {
        mirror = t.empty_mirror = scratch / "no-plugin-mirror";
        fs::create_directories(mirror, ec);
        if (ec)
            return fail("cannot create " + mirror.string() + ": " + ec.message());
    }
    const fs::path cli_config = scratch / "slipway.tfrc";
    SLIPWAY_TRY(util::write_new_file(cli_config, terraform::push_time_cli_config(mirror), 0666));
    t.check = {.program = options.program,
               .env = {{"TF_CLI_CONFIG_FILE", cli_config.string()}},
               .timeout = settings.timeout};
    t.plan = t.check;
    if (sandbox) {
        t.check.sandbox = terraform::TerraformSandbox{
            .sandbox = *sandbox, .read_only = {scratch / "tree", cli_config, mirror}};
        t.plan.sandbox = t.check.sandbox;
        if (settings.plan)
            t.plan.sandbox->pass_env = settings.plan->env;
        t.plan.sandbox->network = util::Network::shared;
    }
    return t;
}

// One update's checks, on its checkout at `scratch`/tree.
class UpdateCheck {
public:
    UpdateCheck(const PushContext& ctx, const git::ClassifiedUpdate& update,
                const fs::path& scratch, const Tools& tools, Findings& out)
        : m_ctx(ctx)
        , m_update(update)
        , m_scratch(scratch)
        , m_tools(tools)
        , m_out(out) {}

    fs::path tree() const { return m_scratch / "tree"; }

    Status fmt(const Root& root) {
        SLIPWAY_TRY_LET(files, terraform::terraform_fmt_check(tree(), root.dir, m_tools.check));
        for (const auto& f : *files)
            m_out.push_back({.ref = m_update.update.ref,
                             .path = f,
                             .message = "not formatted the way `terraform fmt` writes it; run "
                                        "`terraform fmt " +
                                        root.dir + "` and push again",
                             .rule = "terraform-fmt"});
        return {};
    }

    Status validate(const Root& root) {
        SLIPWAY_TRY_LET(diags,
                        terraform::terraform_validate(
                            tree(), root.dir, m_scratch / "validate" / util::module_key(root.dir),
                            m_tools.check));
        for (const auto& d : *diags)
            m_out.push_back(
                {.ref = m_update.update.ref,
                 .path = d.file.empty() ? root.dir : d.file,
                 .line = d.line,
                 .column = d.column,
                 .severity = d.severity == "warning" ? Severity::warning : Severity::error,
                 .message = readable(d.summary + (d.detail.empty() ? "" : ": " + d.detail)),
                 .rule = "terraform-validate"});
        return {};
    }

    Status plan(const Root& root, report::Output& output) {
        const terraform::TerraformRoot tf{.module_dir = root.dir, .workspace = root.workspace};
        const auto state = util::StateDir::for_repository(m_ctx.repo().git_dir());
        terraform::TerraformSettings settings{.tool = m_tools.plan,
                                              .state_dir = state.terraform_state(root.dir),
                                              .data_dir =
                                                  m_scratch / "plan" / util::module_key(root.dir)};
        if (settings.tool.sandbox) {
            // It reads the state, read-only: the one thing of the server's a plan needs.
            std::error_code ec;
            fs::create_directories(settings.state_dir, ec);
            if (ec)
                return fail("cannot create " + settings.state_dir.string() + ": " + ec.message());
            settings.tool.sandbox->read_only.push_back(settings.state_dir);
        }
        auto counts = terraform::terraform_plan(tree(), tf, settings, output);
        if (!counts) {
            // The sandbox not starting is the server's fault, not the plan's.
            if (util::is_sandbox_error(counts.error()))
                return std::unexpected(counts.error());
            m_out.push_back({.ref = m_update.update.ref,
                             .path = root.dir,
                             .message = readable(counts.error().message) +
                                        "; the plan's output is above, fix what it says and "
                                        "push again",
                             .rule = "terraform-plan"});
            return {};
        }
        output.line(terraform::describe_root(tf) + ": plan: " + counts->describe());
        refuse_destroys(root, *counts);
        return {};
    }

private:
    // `terraform-destroy`: a plan that destroys what an environment this ref deploys to,
    // with the root module in its terraform target, does not allow destroying.
    void refuse_destroys(const Root& root, const terraform::PlanCounts& counts) {
        if (counts.destroy == 0)
            return;
        std::string refusing;
        for (const auto* env :
             policy::environments_for(m_ctx.policy().environments, m_update.update.ref))
            for (const auto& target : env->targets) {
                const auto* t = std::get_if<policy::TerraformTarget>(&target.spec);
                if (!t || t->allow_destroy)
                    continue;
                for (const auto& d : t->dirs)
                    if (util::normalize_relative(d).value_or(d) == root.dir &&
                        refusing.find(env->name) == std::string::npos)
                        refusing += (refusing.empty() ? "" : ", ") + env->name;
            }
        if (refusing.empty())
            return;
        std::string list;
        for (const auto& a : counts.destroyed)
            list += (list.empty() ? "" : ", ") + a;
        m_out.push_back(
            {.ref = m_update.update.ref,
             .path = root.dir,
             .message = "the plan destroys " + std::to_string(counts.destroy) +
                        (counts.destroy == 1 ? " resource (" : " resources (") + list + ") and " +
                        refusing +
                        " does not allow destroys (allow_destroy: false), so its deploy would "
                        "apply nothing; keep what it destroys, or ask an admin",
             .rule = "terraform-destroy"});
    }

    // `text` on one line, without the scratch paths that differ on every run.
    std::string readable(std::string text) const {
        if (!m_tools.empty_mirror.empty())
            replace_all(text, m_tools.empty_mirror.string(),
                        "(none: the policy sets no terraform.plugin_mirror)");
        replace_all(text, m_scratch.string() + "/", "");
        replace_all(text, m_scratch.string(), ".");
        return one_line(text);
    }

    const PushContext& m_ctx;
    const git::ClassifiedUpdate& m_update;
    fs::path m_scratch;
    const Tools& m_tools;
    Findings& m_out;
};

} // namespace

Status check_terraform(const PushContext& ctx, Findings& out,
                       const TerraformCheckOptions& options) {
    const auto& settings = ctx.policy().terraform;
    const auto roots = root_modules(ctx.policy());
    if (roots.empty() || (!settings.fmt && !settings.validate && !settings.plan))
        return {};
    const bool may_plan = settings.plan && ctx.policy().principals.includes(settings.plan->pushers,
                                                                            ctx.pusher().name);
    // Found when a root module is first checked: a push that changes none needs no bwrap.
    std::optional<util::Sandbox> sandbox;
    std::vector<std::string> dirs;
    for (const auto& r : roots)
        dirs.push_back(r.dir);
    const auto scratch_root = util::StateDir::for_repository(ctx.repo().git_dir()).scratch();
    std::set<std::string> done; // "<commit> <dir>": one push may carry a commit twice

    for (const auto& update : ctx.updates()) {
        if (update.change == git::Change::remove || !update.new_peeled ||
            update.new_peeled->kind != git::ObjectKind::commit)
            continue;
        const git_oid& commit = update.new_peeled->oid;
        auto base = base_of(ctx, update);
        if (!base)
            return fail("terraform checks of " + update.update.ref, base.error());
        std::optional<std::vector<std::string>> paths;
        if (*base) {
            auto changed = git::changed_paths(ctx.repo(), **base, commit);
            if (!changed)
                return fail("terraform checks of " + update.update.ref, changed.error());
            if (changed->empty())
                continue;
            paths = std::move(*changed);
        }
        auto scratch = ScratchDir::create(scratch_root);
        if (!scratch)
            return fail("terraform checks", scratch.error());
        auto ws = git::Workspace::create(ctx.repo(), commit, scratch->path() / "tree");
        if (!ws)
            return fail("terraform checks: checking out " + update.update.ref, ws.error());
        auto changed = terraform::changed_root_modules(ws->dir(), dirs, paths);
        if (!changed)
            return fail("terraform checks", changed.error());

        std::vector<Root> to_check;
        for (const auto& r : roots) {
            std::error_code ec;
            if (std::find(changed->begin(), changed->end(), r.dir) == changed->end() ||
                !fs::is_directory(ws->dir() / r.dir, ec) ||
                !done.insert(git::to_hex(commit) + " " + r.dir).second)
                continue;
            to_check.push_back(r);
        }
        if (to_check.empty())
            continue;
        if (ctx.policy().sandbox == util::Sandboxing::on && !sandbox) {
            auto found = util::Sandbox::find();
            if (!found)
                return std::unexpected(found.error());
            sandbox.emplace(std::move(*found));
        }
        auto tools = tools_for(ctx, scratch->path(), sandbox, options);
        if (!tools)
            return fail("terraform checks", tools.error());
        UpdateCheck check(ctx, update, scratch->path(), *tools, out);
        for (const auto& r : to_check) {
            if (settings.fmt)
                SLIPWAY_TRY(check.fmt(r));
            if (settings.validate)
                SLIPWAY_TRY(check.validate(r));
        }
        if (to_check.empty() || !settings.plan)
            continue;
        if (!may_plan) {
            report::write_line("slipway: no terraform plan for " + ctx.pusher().name +
                                   ": a plan runs code from the pushed tree, and only the "
                                   "pushers listed in the policy's terraform.plan get one",
                               options.pusher_fd);
            continue;
        }
        if (count_errors(out) > 0)
            continue;
        SLIPWAY_TRY_LET(
            output, report::Output::open({.environment = "plan", .pusher_fd = options.pusher_fd}));
        for (const auto& r : to_check)
            SLIPWAY_TRY(check.plan(r, *output));
    }
    return {};
}

} // namespace slipway::check
