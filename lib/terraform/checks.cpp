// Push-time Terraform checks: `fmt -check` and `validate`, as results the gate turns into findings.
#include "terraform/checks.hpp"

#include "terraform/root_modules.hpp"
#include "util/relative_path.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>

namespace slipway::terraform {

namespace fs = std::filesystem;

Result<std::vector<std::string>> terraform_fmt_check(const fs::path& checkout,
                                                     const std::string& module_dir,
                                                     const TerraformTool& tool) {
    auto normalized = util::normalize_relative(module_dir);
    if (!normalized)
        return fail("terraform fmt: directory \"" + module_dir +
                    "\" must be relative and stay "
                    "inside the repository");
    if (auto dir = util::directory_inside(checkout, *normalized); !dir)
        return fail("terraform fmt", dir.error());
    // Run from the checkout root, so terraform prints paths relative to it.
    auto captured = util::run_capture(terraform_command(
        tool, {"fmt", "-check", "-list=true", "-no-color", *normalized}, checkout, {}));
    if (!captured)
        return fail("terraform fmt", captured.error());
    // 0: all formatted; 3: some are not; 2: a file does not parse (validate says where).
    const int code = captured->exit.code;
    if (captured->exit.timed_out || captured->exit.signal != 0 ||
        (code != 0 && code != 2 && code != 3))
        return fail("terraform fmt " + captured->exit.describe() + ": " + captured->err);
    std::vector<std::string> files;
    std::istringstream lines(captured->out);
    std::string line;
    while (std::getline(lines, line))
        if (!line.empty())
            files.push_back(line);
    std::sort(files.begin(), files.end());
    return files;
}

Result<std::vector<TerraformDiagnostic>> terraform_validate(const fs::path& checkout,
                                                            const std::string& module_dir,
                                                            const fs::path& data_dir,
                                                            const TerraformTool& tool) {
    auto normalized = util::normalize_relative(module_dir);
    if (!normalized)
        return fail("terraform validate: directory \"" + module_dir +
                    "\" must be relative and stay inside the repository");
    auto dir = util::directory_inside(checkout, *normalized);
    if (!dir)
        return fail("terraform validate", dir.error());
    std::error_code ec;
    fs::create_directories(data_dir, ec);
    if (ec)
        return fail("terraform validate: cannot create " + data_dir.string() + ": " + ec.message());

    // init may fail on the very errors validate reports in detail; its result is not needed.
    auto init = util::run_capture(terraform_command(
        tool, {"init", "-backend=false", "-input=false", "-no-color"}, *dir, data_dir));
    if (!init)
        return fail("terraform init", init.error());
    auto validate = util::run_capture(
        terraform_command(tool, {"validate", "-json", "-no-color"}, *dir, data_dir));
    if (!validate)
        return fail("terraform validate", validate.error());
    if (validate->exit.timed_out || validate->exit.signal != 0)
        return fail("terraform validate " + validate->exit.describe());

    std::vector<TerraformDiagnostic> out;
    try {
        YAML::Node doc = YAML::Load(validate->out);
        if (!doc.IsMap() || !doc["valid"])
            return fail("terraform validate " + validate->exit.describe() +
                        " without a JSON verdict: " + validate->err + init->out);
        const std::string prefix = *normalized == "." ? "" : *normalized + "/";
        for (const auto& d : doc["diagnostics"]) {
            TerraformDiagnostic diag;
            diag.severity = d["severity"].as<std::string>("error");
            diag.summary = d["summary"].as<std::string>("");
            diag.detail = d["detail"].as<std::string>("");
            if (const auto range = d["range"]) {
                diag.file = prefix + range["filename"].as<std::string>("");
                diag.line = range["start"]["line"].as<int>(0);
                diag.column = range["start"]["column"].as<int>(0);
            }
            out.push_back(std::move(diag));
        }
    } catch (const YAML::Exception& e) {
        return fail(std::string("cannot read the output of terraform validate: ") + e.what());
    }
    return out;
}

} // namespace slipway::terraform
