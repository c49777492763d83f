// How every terraform command is started: non-interactive, its data dir outside the checkout,
// and at push time confined with providers only from the server's mirror.
#include "terraform/cli.hpp"

#include <cstdlib>
#include <optional>

namespace slipway::terraform {

namespace fs = std::filesystem;

namespace {

// An HCL string literal for `s`.
std::string hcl_quoted(const std::string& s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"' || c == '\\')
            out += '\\';
        if ((c == '$' || c == '%') && i + 1 < s.size() && s[i + 1] == '{')
            out += c; // "$${" and "%%{" are the literal forms of template starts
        out += c;
    }
    return out + "\"";
}

util::Confinement confinement_of(const TerraformSandbox& s,
                                 const std::vector<util::Mount>& writable) {
    util::Confinement c{.pass_env = s.pass_env, .network = s.network};
    for (const auto& p : s.read_only)
        c.mounts.push_back({.source = p});
    c.mounts.insert(c.mounts.end(), writable.begin(), writable.end());
    return c;
}

} // namespace

util::Command terraform_command(const TerraformTool& tool, std::vector<std::string> args,
                                const fs::path& cwd, const fs::path& data_dir) {
    util::Command command;
    command.argv.push_back(tool.program);
    for (auto& a : args)
        command.argv.push_back(std::move(a));
    command.cwd = cwd;
    command.timeout = tool.timeout;
    command.env = {{"TF_IN_AUTOMATION", "1"}, {"TF_INPUT", "0"}};
    if (!data_dir.empty())
        command.env.emplace_back("TF_DATA_DIR", data_dir.string());
    std::optional<std::string> cli_config;
    if (const char* c = std::getenv("TF_CLI_CONFIG_FILE"))
        cli_config = c;
    for (const auto& kv : tool.env) {
        if (kv.first == "TF_CLI_CONFIG_FILE")
            cli_config = kv.second;
        else
            command.env.push_back(kv);
    }
    std::error_code ec;
    if (cli_config && !cli_config->empty() && fs::exists(*cli_config, ec))
        command.env.emplace_back("TF_CLI_CONFIG_FILE", *cli_config);
    else
        command.unset.push_back("TF_CLI_CONFIG_FILE");
    return command;
}

Result<util::Captured> run_terraform(const TerraformTool& tool, const util::Command& command,
                                     const std::vector<util::Mount>& writable) {
    if (!tool.sandbox)
        return util::run_capture(command);
    SLIPWAY_TRY_LET(wrapped,
                    tool.sandbox->sandbox.wrap(command, confinement_of(*tool.sandbox, writable)));
    SLIPWAY_TRY_LET(run, util::run_capture(*wrapped));
    if (auto broken = util::sandbox_failure(run->exit, run->err))
        return std::unexpected(*broken);
    return std::move(*run);
}

Result<util::Exit> stream_terraform(const TerraformTool& tool, const util::Command& command,
                                    const std::vector<util::Mount>& writable,
                                    const util::LineSink& on_line, const util::IdleSink& on_idle,
                                    std::chrono::milliseconds idle_interval) {
    if (!tool.sandbox)
        return util::run_streaming(command, on_line, on_idle, idle_interval);
    SLIPWAY_TRY_LET(wrapped,
                    tool.sandbox->sandbox.wrap(command, confinement_of(*tool.sandbox, writable)));
    std::string first; // bwrap's own failure is the first thing said
    auto sink = [&](std::string_view line) {
        if (first.empty())
            first = line;
        on_line(line);
    };
    SLIPWAY_TRY_LET(exit, util::run_streaming(*wrapped, sink, on_idle, idle_interval));
    if (auto broken = util::sandbox_failure(*exit, first))
        return std::unexpected(*broken);
    return *exit;
}

std::string push_time_cli_config(const fs::path& mirror) {
    return "# Written by Slipway for push-time checks: providers come from this mirror only.\n"
           "disable_checkpoint = true\n"
           "provider_installation {\n"
           "  filesystem_mirror {\n"
           "    path = " +
           hcl_quoted(mirror.string()) +
           "\n"
           "  }\n"
           "}\n";
}

Result<util::Mount> writable_copy(const fs::path& dir, const fs::path& copy) {
    std::error_code ec;
    fs::remove_all(copy, ec);
    fs::create_directories(copy.parent_path(), ec);
    fs::copy(dir, copy, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
    if (ec)
        return fail("cannot copy " + dir.string() + " to " + copy.string() + ": " + ec.message());
    return util::Mount{.source = copy, .target = dir, .access = util::Access::writable};
}

} // namespace slipway::terraform
