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

/// Runs `terraform init -backend=false` and `terraform validate -json` on root module
/// `module_dir` (relative to `checkout`), with TF_DATA_DIR `data_dir` (scratch; never the
/// deploy's). Returns the diagnostics, empty when the module is valid: one
/// `terraform-validate` finding each. Syntax errors come back as diagnostics too. Fails
/// when terraform cannot run or its output cannot be read.
Result<std::vector<TerraformDiagnostic>> terraform_validate(const std::filesystem::path& checkout,
                                                            const std::string& module_dir,
                                                            const std::filesystem::path& data_dir,
                                                            const TerraformTool& tool);

} // namespace slipway::terraform
