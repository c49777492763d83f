// The `terraform:` section: which push-time Terraform checks the gate runs, and for whom a plan.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace slipway::policy {

/// `terraform.plan`: a push-time `terraform plan` runs code from the pushed tree (providers,
/// external data sources), so it runs only for the pushers listed here.
struct TerraformPlanCheck {
    std::vector<std::string> pushers; ///< users and @groups trusted to run a plan
    /// The Terraform workspace planned against; nullopt: the workspace of the first
    /// environment's terraform target listing the root module.
    std::optional<std::string> workspace;
    /// Names of the server's environment variables a plan gets (its credentials); in the
    /// sandbox it gets no other variable of the server's.
    std::vector<std::string> env;
};

/// What the gate checks in the Terraform root modules (the `dirs` of every environment's
/// terraform targets) that a push changes.
struct TerraformChecks {
    bool fmt = true;                        ///< `terraform fmt -check`: `terraform-fmt`
    bool validate = true;                   ///< `terraform validate`: `terraform-validate`
    std::optional<TerraformPlanCheck> plan; ///< `terraform plan`: `terraform-plan`; absent: never
    std::chrono::seconds timeout{300};      ///< for each terraform command the gate runs
    /// `plugin_mirror`: a directory on the server (a filesystem mirror, or a plugin cache,
    /// in the unpacked layout) from which push-time runs install providers, and from nowhere
    /// else; nullopt: none (only built-in providers work at push time).
    std::optional<std::string> plugin_mirror;
};

} // namespace slipway::policy
