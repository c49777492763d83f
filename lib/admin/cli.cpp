// The `slipway` admin CLI.
#include "admin/cli.hpp"

#include "admin/command.hpp"

#include <ostream>

namespace slipway::admin {

namespace {

std::vector<CliCommand> all_commands() {
    std::vector<CliCommand> all;
    for (auto group : {setup_commands, check_commands, ledger_cli_commands})
        for (auto& c : group())
            all.push_back(std::move(c));
    return all;
}

void print_overview(const std::vector<CliCommand>& commands, std::ostream& out) {
    out << "slipway " << SLIPWAY_VERSION
        << " — push-time GitOps for self-hosted git servers\n\n"
           "usage: slipway <command> [arguments]\n\ncommands:\n";
    std::size_t width = 0;
    for (const auto& c : commands)
        width = std::max(width, c.name.size());
    for (const auto& c : commands)
        out << "  " << c.name << std::string(width - c.name.size() + 2, ' ') << c.summary << "\n";
    out << "\n`slipway <command> --help` describes a command.\n";
}

void print_help(const CliCommand& c, std::ostream& out) {
    out << "usage: slipway " << c.name << (c.usage.empty() ? "" : " ") << c.usage << "\n\n"
        << c.summary << "\n";
    if (!c.help.empty())
        out << "\n" << c.help << (c.help.back() == '\n' ? "" : "\n");
}

} // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto commands = all_commands();
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_overview(commands, args.empty() ? err : out);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        out << "slipway " << SLIPWAY_VERSION << "\n";
        return 0;
    }
    // The longest command name that prefixes the arguments wins ("policy check").
    const CliCommand* chosen = nullptr;
    std::size_t used = 0;
    for (const auto& c : commands) {
        std::size_t words = 1;
        for (char ch : c.name)
            words += ch == ' ';
        if (args.size() < words || words <= used)
            continue;
        std::string joined;
        for (std::size_t i = 0; i < words; ++i)
            joined += (i ? " " : "") + args[i];
        if (joined == c.name) {
            chosen = &c;
            used = words;
        }
    }
    if (!chosen) {
        err << "slipway: unknown command \"" << args[0] << "\"\n";
        print_overview(commands, err);
        return 2;
    }
    std::vector<std::string> rest(args.begin() + static_cast<long>(used), args.end());
    auto parsed = parse_args(rest, chosen->spec);
    if (!parsed) {
        err << "slipway " << chosen->name << ": " << parsed.error().message << "\n"
            << "usage: slipway " << chosen->name << " " << chosen->usage << "\n";
        return 2;
    }
    if (parsed->help) {
        print_help(*chosen, out);
        return 0;
    }
    return chosen->run(*parsed, out, err);
}

} // namespace slipway::admin
