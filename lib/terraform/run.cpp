// The terraform target: init, workspace, plan, refuse unwanted destroys, apply exactly the plan.
#include "terraform/run.hpp"

#include "terraform/root_modules.hpp"
#include "util/new_file.hpp"
#include "util/relative_path.hpp"

#include "util/json.hpp"

#include <algorithm>
#include <cctype>

namespace slipway::terraform {

namespace fs = std::filesystem;

namespace {

constexpr const char* override_file = "zzzz_slipway_override.tf";

bool valid_workspace_name(std::string_view name) {
    if (name.empty() || name.size() > 90 || name.front() == '-')
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

// An HCL string literal for `s`.
std::string hcl_string(const std::string& s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"' || c == '\\')
            out += '\\';
        // "${" and "%{" start template sequences; "$${" and "%%{" are their literal forms.
        if ((c == '$' || c == '%') && i + 1 < s.size() && s[i + 1] == '{')
            out += c;
        out += c;
    }
    return out + "\"";
}

// Points the local backend at `state_dir` unless the configuration chose another backend;
// true when it did. Terraform applies `*_override.tf` files last and in name order, so this
// one wins over any local backend (or override) in the repository.
Result<bool> ensure_state_outside(const fs::path& module_dir, const fs::path& state_dir) {
    auto backend = declared_backend(module_dir);
    if (!backend)
        return fail("cannot tell where its state goes", backend.error());
    if (*backend && **backend != "local")
        return false;
    std::error_code ec;
    fs::create_directories(state_dir, ec);
    if (ec)
        return fail("cannot create " + state_dir.string() + ": " + ec.message());
    const std::string text = "# Written by Slipway: state lives outside the checkout.\n"
                             "terraform {\n"
                             "  backend \"local\" {\n"
                             "    path          = " +
                             hcl_string((state_dir / "terraform.tfstate").string()) +
                             "\n"
                             "    workspace_dir = " +
                             hcl_string((state_dir / "terraform.tfstate.d").string()) +
                             "\n"
                             "  }\n"
                             "}\n";
    SLIPWAY_TRY(util::write_new_file(module_dir / override_file, text, 0666));
    return true;
}

// One root module's run: the checkout dir, the settings, where output goes.
class Run {
public:
    Run(const TerraformRoot& root, const TerraformSettings& settings, report::Output& output)
        : m_root(root)
        , m_settings(settings)
        , m_output(output)
        , m_what(describe_root(root)) {}

    Status prepare(const fs::path& checkout) {
        if (!valid_workspace_name(m_root.workspace))
            return fail(m_what + ": \"" + m_root.workspace +
                        "\" is not a valid Terraform workspace name");
        auto dir = util::directory_inside(checkout, m_root.module_dir);
        if (!dir)
            return fail(m_what, dir.error());
        m_dir = *dir;
        auto local = ensure_state_outside(m_dir, m_settings.state_dir);
        if (!local)
            return fail(m_what, local.error());
        std::error_code ec;
        fs::create_directories(m_settings.data_dir, ec);
        if (ec)
            return fail(m_what + ": cannot create " + m_settings.data_dir.string() + ": " +
                        ec.message());
        if (m_settings.tool.sandbox) {
            // Confined, the state directory is read-only: the workspace must exist already
            // (`workspace select -or-create` then only selects it), and the lock file terraform
            // writes into the module goes to a copy of it.
            if (*local && m_root.workspace != "default") {
                fs::create_directories(
                    m_settings.state_dir / "terraform.tfstate.d" / m_root.workspace, ec);
                if (ec)
                    return fail(m_what + ": cannot create its workspace in " +
                                m_settings.state_dir.string() + ": " + ec.message());
            }
            auto copy = writable_copy(m_dir, m_settings.data_dir.string() + ".module");
            if (!copy)
                return fail(m_what, copy.error());
            m_writable.push_back(*copy);
        }
        m_writable.push_back({.source = m_settings.data_dir, .access = util::Access::writable});
        SLIPWAY_TRY(step("init", {"init", "-input=false", "-no-color"}, Quiet::yes));
        SLIPWAY_TRY(step("workspace",
                         {"workspace", "select", "-or-create", "-no-color", m_root.workspace},
                         Quiet::yes));
        return {};
    }

    // Plans into the plan file; nullopt counts when the plan has no changes.
    Result<std::optional<PlanCounts>> plan(bool lock_state) {
        std::vector<std::string> args{"plan", "-input=false", "-no-color", "-detailed-exitcode",
                                      "-out=" + plan_file().string()};
        if (!lock_state)
            args.push_back("-lock=false");
        SLIPWAY_TRY_LET(exit, step("plan", args, Quiet::no, 2));
        if (exit->code == 0)
            return std::optional<PlanCounts>();
        auto shown = run_terraform(m_settings.tool,
                                   command({"show", "-json", "-no-color", plan_file().string()}),
                                   m_writable);
        if (!shown)
            return fail(m_what + ": show", shown.error());
        if (!shown->exit.ok())
            return fail(m_what + ": show of the plan " + shown->exit.describe() + ": " +
                        first_line(shown->err));
        auto counts = parse_plan_counts(shown->out);
        if (!counts)
            return fail(m_what, counts.error());
        return std::optional<PlanCounts>(std::move(*counts));
    }

    Status apply() {
        auto exit =
            step("apply", {"apply", "-input=false", "-no-color", plan_file().string()}, Quiet::no);
        if (!exit)
            return std::unexpected(exit.error());
        return {};
    }

    const std::string& what() const { return m_what; }

private:
    enum class Quiet { no, yes };

    fs::path plan_file() const { return m_settings.data_dir / "slipway.tfplan"; }

    util::Command command(std::vector<std::string> args) const {
        return terraform_command(m_settings.tool, std::move(args), m_dir, m_settings.data_dir);
    }

    static std::string first_line(const std::string& text) {
        auto start = text.find_first_not_of("\n ");
        if (start == std::string::npos)
            return "no output";
        return text.substr(start, text.find('\n', start) - start);
    }

    // Runs one terraform command; exit 0 (or `also_ok`) is success. Blank lines are dropped;
    // a quiet step's lines are shown only when it fails.
    Result<util::Exit> step(const std::string& name, std::vector<std::string> args, Quiet quiet,
                            int also_ok = 0) {
        m_output.line(m_what + ": " + name);
        std::vector<std::string> held;
        auto sink = [&](std::string_view line) {
            if (line.find_first_not_of(" \t") == std::string_view::npos)
                return;
            if (quiet == Quiet::yes)
                held.emplace_back(line);
            else
                m_output.line(line);
        };
        auto exit = stream_terraform(m_settings.tool, command(std::move(args)), m_writable, sink,
                                     m_output.heartbeat_sink(m_what + ": " + name),
                                     m_output.heartbeat_interval());
        if (!exit)
            return fail(m_what + ": " + name, exit.error());
        if (exit->ok() || (also_ok != 0 && exit->code == also_ok && !exit->timed_out))
            return *exit;
        for (const auto& l : held)
            m_output.line(l);
        return fail(m_what + ": " + name + " " + exit->describe());
    }

    const TerraformRoot& m_root;
    const TerraformSettings& m_settings;
    report::Output& m_output;
    std::string m_what;
    fs::path m_dir;
    std::vector<util::Mount> m_writable; ///< what a confined run may write
};

} // namespace

std::string PlanCounts::describe() const {
    return std::to_string(add) + " to add, " + std::to_string(change) + " to change, " +
           std::to_string(destroy) + " to destroy";
}

std::string describe_root(const TerraformRoot& root) {
    return "terraform " + (root.module_dir.empty() ? std::string(".") : root.module_dir) + " (" +
           root.workspace + ")";
}

Result<PlanCounts> parse_plan_counts(std::string_view plan_json) {
    PlanCounts counts;
    auto plan = util::parse_json(plan_json);
    if (!plan)
        return fail("cannot read the plan", plan.error());
    if (!plan->contains("format_version"))
        return fail("the plan is not a Terraform JSON plan");
    for (const auto& rc : plan->at("resource_changes").as_array()) {
        bool create = false, update = false, remove = false;
        for (const auto& action : rc.at("change").at("actions").as_array()) {
            const auto& a = action.as_string();
            create |= a == "create";
            update |= a == "update";
            remove |= a == "delete";
        }
        counts.add += create;
        counts.change += update;
        if (remove) {
            ++counts.destroy;
            counts.destroyed.push_back(rc.at("address").as_string());
        }
    }
    return counts;
}

Result<TerraformOutcome> terraform_deploy(const fs::path& checkout, const TerraformRoot& root,
                                          const TerraformSettings& settings,
                                          report::Output& output) {
    Run run(root, settings, output);
    SLIPWAY_TRY(run.prepare(checkout));
    SLIPWAY_TRY_LET(counts, run.plan(true));
    if (!*counts) {
        output.line(run.what() + ": no changes");
        return TerraformOutcome{};
    }
    const PlanCounts& plan = **counts;
    if (plan.destroy > 0 && settings.allow_destroy == AllowDestroy::no) {
        std::string list;
        for (const auto& a : plan.destroyed)
            list += (list.empty() ? "" : ", ") + a;
        return fail(run.what() + ": the plan destroys " + std::to_string(plan.destroy) +
                    (plan.destroy == 1 ? " resource (" : " resources (") + list +
                    ") and this environment does not allow destroys; nothing was applied");
    }
    SLIPWAY_TRY(run.apply());
    return TerraformOutcome{plan, true};
}

Result<PlanCounts> terraform_plan(const fs::path& checkout, const TerraformRoot& root,
                                  const TerraformSettings& settings, report::Output& output) {
    Run run(root, settings, output);
    SLIPWAY_TRY(run.prepare(checkout));
    SLIPWAY_TRY_LET(counts, run.plan(false));
    return *counts ? **counts : PlanCounts{};
}

} // namespace slipway::terraform
