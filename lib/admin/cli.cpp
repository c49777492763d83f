// The `slipway` admin CLI.
#include "admin/cli.hpp"

#include "admin/command.hpp"
#include "util/suggest.hpp"

#include <algorithm>
#include <ostream>

namespace slipway::admin {

namespace {

std::vector<CliCommand> all_commands() {
    std::vector<CliCommand> all;
    for (auto group :
         {setup_commands, check_commands, ledger_cli_commands, control_commands, view_commands})
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

// The commands whose name starts with the word `group` ("audit" gives "audit verify", ...).
std::vector<const CliCommand*> commands_of(const std::vector<CliCommand>& commands,
                                           const std::string& group) {
    std::vector<const CliCommand*> out;
    for (const auto& c : commands)
        if (c.name.starts_with(group + " "))
            out.push_back(&c);
    return out;
}

// `slipway audit --help`: the subcommands of one group, as the overview lists commands.
void print_group(const std::string& group, const std::vector<const CliCommand*>& members,
                 std::ostream& out) {
    out << "usage: slipway " << group << " <subcommand> [arguments]\n\nsubcommands:\n";
    std::size_t width = 0;
    for (const auto* c : members)
        width = std::max(width, c->name.size());
    for (const auto* c : members)
        out << "  " << c->name << std::string(width - c->name.size() + 2, ' ') << c->summary
            << "\n";
    out << "\n`slipway " << group << " <subcommand> --help` describes one.\n";
}

// " (did you mean \"x\"?)" when `word` is a plausible typo of one of `known`, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& known) {
    auto near = util::suggest(word, known);
    return near ? " (did you mean \"" + *near + "\"?)" : "";
}

// Unknown command, or a group word with no known subcommand: says so, with a suggestion and
// the list to choose from; returns the exit code (0 only for an explicit --help).
int unknown_command(const std::vector<CliCommand>& commands, const std::vector<std::string>& args,
                    std::ostream& out, std::ostream& err) {
    const auto members = commands_of(commands, args[0]);
    if (!members.empty()) {
        const bool asked = args.size() > 1 && (args[1] == "--help" || args[1] == "-h");
        if (args.size() > 1 && !asked) {
            std::vector<std::string> names;
            for (const auto* c : members)
                names.push_back(c->name.substr(args[0].size() + 1));
            err << "slipway: unknown " << args[0] << " subcommand \"" << args[1] << "\""
                << did_you_mean(args[1], names) << "\n";
        }
        print_group(args[0], members, asked ? out : err);
        return asked ? 0 : 2;
    }
    std::vector<std::string> words;
    for (const auto& c : commands) {
        auto first = c.name.substr(0, c.name.find(' '));
        if (std::find(words.begin(), words.end(), first) == words.end())
            words.push_back(first);
    }
    err << "slipway: unknown command \"" << args[0] << "\"" << did_you_mean(args[0], words) << "\n";
    print_overview(commands, err);
    return 2;
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
    if (!chosen)
        return unknown_command(commands, args, out, err);
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
    if (chosen->repo != RepoAccess::none && !parsed->positional.empty()) {
        std::string line;
        for (const auto& a : args)
            line += (line.empty() ? "" : " ") + a;
        auto owner = act_for_owner(parsed->positional[0], chosen->repo, line);
        if (!owner) {
            err << "slipway " << chosen->name << ": " << owner.error().message << "\n";
            return 1;
        }
        if (*owner)
            err << "slipway: running as " << **owner << ", who owns " << parsed->positional[0]
                << "\n";
    }
    return chosen->run(*parsed, out, err);
}

} // namespace slipway::admin
