// Push-time Terraform checks: `fmt -check` and `validate`, as results the gate turns into findings.
#include "terraform/checks.hpp"

#include "terraform/root_modules.hpp"
#include "util/relative_path.hpp"

#include "util/json.hpp"

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
    auto doc = util::parse_json(validate->out);
    if (!doc || !doc->contains("valid"))
        return fail("terraform validate " + validate->exit.describe() +
                    " without a JSON verdict: " + validate->err + init->out);
    const std::string prefix = *normalized == "." ? "" : *normalized + "/";
    for (const auto& d : doc->at("diagnostics").as_array()) {
        TerraformDiagnostic diag;
        const auto& severity = d.at("severity");
        diag.severity =
            severity.type() == util::Json::Type::string ? severity.as_string() : "error";
        diag.summary = d.at("summary").as_string();
        diag.detail = d.at("detail").as_string();
        if (const auto& range = d.at("range"); range.type() == util::Json::Type::object) {
            diag.file = prefix + range.at("filename").as_string();
            diag.line = static_cast<int>(range.at("start").at("line").as_int());
            diag.column = static_cast<int>(range.at("start").at("column").as_int());
        }
        out.push_back(std::move(diag));
    }
    return out;
}

} // namespace slipway::terraform
