// Push-time Terraform checks: `fmt -check` and `validate`, as results the gate turns into findings.
#pragma once

#include "terraform/cli.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace slipway::terraform {

/// Files directly in root module `module_dir` (relative to `checkout`) that
/// `terraform fmt -check` would rewrite, as paths relative to `checkout`, sorted: one
/// `terraform-fmt` finding each. A file terraform cannot parse is not listed (validate
/// reports it). Fails when terraform cannot run or `module_dir` is not a directory inside
/// `checkout`.
Result<std::vector<std::string>> terraform_fmt_check(const std::filesystem::path& checkout,
                                                     const std::string& module_dir,
                                                     const TerraformTool& tool);

/// One diagnostic of `terraform validate`.
struct TerraformDiagnostic {
    std::string severity; ///< "error" or "warning"
    std::string summary;  ///< "Reference to undeclared input variable"
    std::string detail;   ///< terraform's longer explanation; may be empty
    std::string file;     ///< relative to the checkout; empty when not about one file
    int line = 0;         ///< 1-based; 0 when unknown
    int column = 0;       ///< 1-based; 0 when unknown
};

/// Runs `terraform init -backend=false -json` and `terraform validate -json` on root module
/// `module_dir` (relative to `checkout`), with TF_DATA_DIR `data_dir` (scratch; never the
/// deploy's), both through run_terraform() (with `tool.sandbox`, the module is a writable
/// copy at `<data_dir>.module`, since init writes its lock file there). Returns the
/// diagnostics, empty when the module is valid: one `terraform-validate` finding each. When
/// init fails on the pushed configuration (syntax, a provider the mirror lacks), its error
/// diagnostics are returned and validate does not run. Fails when terraform or the sandbox
/// cannot run, a command times out or floods its output, its output cannot be read, or init
/// fails without a diagnostic validate can explain.
Result<std::vector<TerraformDiagnostic>> terraform_validate(const std::filesystem::path& checkout,
                                                            const std::string& module_dir,
                                                            const std::filesystem::path& data_dir,
                                                            const TerraformTool& tool);

} // namespace slipway::terraform
