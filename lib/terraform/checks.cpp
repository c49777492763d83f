// Push-time Terraform checks: `fmt -check` and `validate`, as results the gate turns into findings.
#include "terraform/checks.hpp"

#include "terraform/root_modules.hpp"
#include "util/relative_path.hpp"

#include "util/json.hpp"

#include <algorithm>
#include <sstream>

namespace slipway::terraform {

namespace fs = std::filesystem;

namespace {

// One diagnostic of terraform's JSON (`validate -json`, or a `diagnostic` message of
// `init -json`), its file made relative to the checkout with `prefix`.
TerraformDiagnostic diagnostic(const util::Json& d, const std::string& prefix) {
    TerraformDiagnostic diag;
    const auto& severity = d.at("severity");
    diag.severity = severity.type() == util::Json::Type::string ? severity.as_string() : "error";
    diag.summary = d.at("summary").as_string();
    diag.detail = d.at("detail").as_string();
    if (const auto& range = d.at("range"); range.type() == util::Json::Type::object) {
        diag.file = prefix + range.at("filename").as_string();
        diag.line = static_cast<int>(range.at("start").at("line").as_int());
        diag.column = static_cast<int>(range.at("start").at("column").as_int());
    }
    return diag;
}

// The error diagnostics of `init -json` output (one JSON message per line), each once.
std::vector<TerraformDiagnostic> init_diagnostics(const std::string& out,
                                                  const std::string& prefix) {
    std::vector<TerraformDiagnostic> diags;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        auto message = util::parse_json(line);
        if (!message || message->at("type").as_string() != "diagnostic")
            continue;
        auto d = diagnostic(message->at("diagnostic"), prefix);
        if (d.severity != "error")
            continue;
        const bool seen = std::any_of(diags.begin(), diags.end(), [&](const auto& o) {
            return o.file == d.file && o.line == d.line && o.column == d.column &&
                   o.summary == d.summary && o.detail == d.detail;
        });
        if (!seen)
            diags.push_back(std::move(d));
    }
    // init closes with a summary of no place ("Terraform encountered problems during
    // initialisation..."): only worth saying when no error says where.
    const bool placed =
        std::any_of(diags.begin(), diags.end(), [](const auto& d) { return !d.file.empty(); });
    if (placed)
        std::erase_if(diags, [](const auto& d) { return d.file.empty(); });
    return diags;
}

std::size_t count_if_error(const std::vector<TerraformDiagnostic>& diags) {
    return static_cast<std::size_t>(std::count_if(
        diags.begin(), diags.end(), [](const auto& d) { return d.severity == "error"; }));
}

std::string first_line(const std::string& text) {
    auto start = text.find_first_not_of("\n ");
    if (start == std::string::npos)
        return "no output";
    return text.substr(start, text.find('\n', start) - start);
}

} // namespace

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
    auto captured = run_terraform(
        tool,
        terraform_command(tool, {"fmt", "-check", "-list=true", "-no-color", *normalized}, checkout,
                          {}),
        {});
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

    std::vector<util::Mount> writable;
    if (tool.sandbox) {
        SLIPWAY_TRY_LET(copy, writable_copy(*dir, data_dir.string() + ".module"));
        writable.push_back(*copy);
    }
    writable.push_back({.source = data_dir, .access = util::Access::writable});
    const std::string prefix = *normalized == "." ? "" : *normalized + "/";

    auto run_init = [&](bool json) {
        std::vector<std::string> args{"init", "-backend=false", "-input=false", "-no-color"};
        if (json)
            args.push_back("-json");
        return run_terraform(tool, terraform_command(tool, std::move(args), *dir, data_dir),
                             writable);
    };
    auto init = run_init(true);
    // Before terraform 1.9, init has no -json: then validate tells what it can.
    if (init && !init->exit.ok() &&
        (init->err + init->out).find("flag provided but not defined: -json") != std::string::npos)
        init = run_init(false);
    if (!init)
        return fail("terraform init", init.error());
    if (init->exit.timed_out || init->exit.output_exceeded > 0 || init->exit.signal != 0)
        return fail("terraform init " + init->exit.describe());
    if (!init->exit.ok()) {
        // The pusher's configuration (syntax, a provider the server's mirror lacks, a module
        // that cannot be fetched): init says what, in its JSON diagnostics.
        auto diags = init_diagnostics(init->out, prefix);
        if (!diags.empty())
            return diags;
    }
    auto validate = run_terraform(
        tool, terraform_command(tool, {"validate", "-json", "-no-color"}, *dir, data_dir),
        writable);
    if (!validate)
        return fail("terraform validate", validate.error());
    if (validate->exit.timed_out || validate->exit.output_exceeded > 0 ||
        validate->exit.signal != 0)
        return fail("terraform validate " + validate->exit.describe());

    std::vector<TerraformDiagnostic> out;
    auto doc = util::parse_json(validate->out);
    if (!doc || !doc->contains("valid"))
        return fail("terraform validate " + validate->exit.describe() +
                    " without a JSON verdict: " + validate->err + init->out);
    for (const auto& d : doc->at("diagnostics").as_array())
        out.push_back(diagnostic(d, prefix));
    if (!init->exit.ok() && count_if_error(out) == 0)
        return fail("terraform init " + init->exit.describe() +
                    " without saying why: " + first_line(init->err + init->out));
    return out;
}

} // namespace slipway::terraform
