// The terraform target: init, workspace, plan, refuse unwanted destroys, apply exactly the plan.
#pragma once

#include "report/output.hpp"
#include "terraform/cli.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::terraform {

/// One root module deployed into one Terraform workspace ("infra/net" into "ops").
struct TerraformRoot {
    std::string module_dir; ///< relative to the repository root; "." for the root
    std::string workspace = "default";
};

enum class AllowDestroy { no, yes };

/// Where a root module's state and working data live, and what a plan may do.
struct TerraformSettings {
    TerraformTool tool;
    /// Local-backend state (`path` and `workspace_dir`), used unless the configuration
    /// declares a backend other than `local`: StateDir::terraform_state(module_dir).
    std::filesystem::path state_dir;
    /// TF_DATA_DIR and the plan file: StateDir::terraform_data(env, module_dir). Never share
    /// one between two runs that can happen at once (a push-time plan and a deploy).
    std::filesystem::path data_dir;
    AllowDestroy allow_destroy = AllowDestroy::no; ///< the environment's policy
};

/// What a plan would do, from `terraform show -json`. A replacement counts once in `add` and
/// once in `destroy`.
struct PlanCounts {
    std::size_t add = 0;
    std::size_t change = 0;
    std::size_t destroy = 0;
    std::vector<std::string> destroyed; ///< addresses of the resources it deletes

    bool empty() const { return add == 0 && change == 0 && destroy == 0; }
    /// "2 to add, 0 to change, 1 to destroy", as terraform says it.
    std::string describe() const;
};

/// The counts of the plan JSON `plan_json` (`terraform show -json <plan>`): every
/// `resource_changes[].change.actions` holding "create", "update" or "delete". Fails when it
/// is not such a document.
Result<PlanCounts> parse_plan_counts(std::string_view plan_json);

/// What terraform_deploy() did.
struct TerraformOutcome {
    PlanCounts plan;
    bool applied = false; ///< false when the plan had no changes at all
};

/// "terraform infra/net (ops)": how the pusher sees `root` named.
std::string describe_root(const TerraformRoot& root);

/// Deploys `root` from `checkout`: makes sure state lands outside the checkout (for no backend
/// or a `local` one, writes `zzzz_slipway_override.tf` pointing the local backend into
/// `settings.state_dir`; any other declared backend is left alone), then `init -input=false`,
/// `workspace select -or-create`, `plan -out` into `settings.data_dir`; when the plan has
/// changes, refuses it if it destroys anything and destroys are not allowed, else `apply`s
/// exactly that plan file. Plan and apply output reach `output` line by line; init and
/// workspace output only when they fail. Fails with a sentence saying what failed
/// ("terraform infra/net (ops): apply exited with status 1").
Result<TerraformOutcome> terraform_deploy(const std::filesystem::path& checkout,
                                          const TerraformRoot& root,
                                          const TerraformSettings& settings,
                                          report::Output& output);

/// The same steps as terraform_deploy() up to the plan, for a push-time `terraform-plan`
/// check: the state is read without taking its lock and nothing is applied. Returns the
/// plan's counts.
Result<PlanCounts> terraform_plan(const std::filesystem::path& checkout, const TerraformRoot& root,
                                  const TerraformSettings& settings, report::Output& output);

} // namespace slipway::terraform
