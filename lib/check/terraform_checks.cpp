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
#include "util/relative_path.hpp"
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

std::string one_line(std::string text) {
    for (auto& c : text)
        if (c == '\n' || c == '\r')
            c = ' ';
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

// One update's checks, on its checkout at `scratch`/tree.
class UpdateCheck {
public:
    UpdateCheck(const PushContext& ctx, const git::ClassifiedUpdate& update,
                const fs::path& scratch, const terraform::TerraformTool& tool, Findings& out)
        : m_ctx(ctx)
        , m_update(update)
        , m_scratch(scratch)
        , m_tool(tool)
        , m_out(out) {}

    fs::path tree() const { return m_scratch / "tree"; }

    Status fmt(const Root& root) {
        SLIPWAY_TRY_LET(files, terraform::terraform_fmt_check(tree(), root.dir, m_tool));
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
        SLIPWAY_TRY_LET(diags, terraform::terraform_validate(
                                   tree(), root.dir,
                                   m_scratch / "validate" / util::module_key(root.dir), m_tool));
        for (const auto& d : *diags)
            m_out.push_back(
                {.ref = m_update.update.ref,
                 .path = d.file.empty() ? root.dir : d.file,
                 .line = d.line,
                 .column = d.column,
                 .severity = d.severity == "warning" ? Severity::warning : Severity::error,
                 .message = one_line(d.summary + (d.detail.empty() ? "" : ": " + d.detail)),
                 .rule = "terraform-validate"});
        return {};
    }

    Status plan(const Root& root, report::Output& output) {
        const terraform::TerraformRoot tf{.module_dir = root.dir, .workspace = root.workspace};
        const auto state = util::StateDir::for_repository(m_ctx.repo().git_dir());
        terraform::TerraformSettings settings{.tool = m_tool,
                                              .state_dir = state.terraform_state(root.dir),
                                              .data_dir =
                                                  m_scratch / "plan" / util::module_key(root.dir)};
        auto counts = terraform::terraform_plan(tree(), tf, settings, output);
        if (!counts) {
            m_out.push_back({.ref = m_update.update.ref,
                             .path = root.dir,
                             .message = counts.error().message +
                                        "; the plan's output is above, fix what it says and "
                                        "push again",
                             .rule = "terraform-plan"});
            return {};
        }
        output.line(terraform::describe_root(tf) + ": plan: " + counts->describe());
        return {};
    }

private:
    const PushContext& m_ctx;
    const git::ClassifiedUpdate& m_update;
    fs::path m_scratch;
    const terraform::TerraformTool& m_tool;
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
    terraform::TerraformTool tool{.program = options.program, .timeout = settings.timeout};
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
        UpdateCheck check(ctx, update, scratch->path(), tool, out);
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
