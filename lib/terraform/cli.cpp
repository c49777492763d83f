// How every terraform command is started: non-interactive, its data dir outside the checkout.
#include "terraform/cli.hpp"

#include <cstdlib>
#include <optional>

namespace slipway::terraform {

util::Command terraform_command(const TerraformTool& tool, std::vector<std::string> args,
                                const std::filesystem::path& cwd,
                                const std::filesystem::path& data_dir) {
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
    if (cli_config && !cli_config->empty() && std::filesystem::exists(*cli_config, ec))
        command.env.emplace_back("TF_CLI_CONFIG_FILE", *cli_config);
    else
        command.unset.push_back("TF_CLI_CONFIG_FILE");
    return command;
}

} // namespace slipway::terraform
