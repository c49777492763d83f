// Command-line arguments of the `slipway` CLI.
#include "admin/args.hpp"

#include "util/suggest.hpp"

namespace slipway::admin {

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::all(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? std::vector<std::string>{} : it->second;
}

Result<Args> parse_args(const std::vector<std::string>& args, const ArgSpec& spec) {
    Args out;
    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (options_done || a.size() < 2 || a[0] != '-') {
            out.positional.push_back(a);
            continue;
        }
        if (a == "--") {
            options_done = true;
            continue;
        }
        if (a == "-h" || a == "--help") {
            out.help = true;
            continue;
        }
        std::string name = a, value;
        bool inline_value = false;
        if (auto eq = a.find('='); eq != std::string::npos) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
            inline_value = true;
        }
        if (spec.flags.count(name)) {
            if (inline_value)
                return fail(name + " takes no value");
            out.flags.insert(name);
            continue;
        }
        if (spec.valued.count(name)) {
            if (!inline_value) {
                if (i + 1 >= args.size())
                    return fail(name + " needs a value");
                value = args[++i];
            }
            if (out.values.count(name) && !spec.repeated.count(name))
                return fail(name + " is given twice");
            out.values[name].push_back(value);
            continue;
        }
        std::vector<std::string> known(spec.flags.begin(), spec.flags.end());
        known.insert(known.end(), spec.valued.begin(), spec.valued.end());
        std::string message = "unknown option " + name;
        if (auto s = util::suggest(name, known))
            message += " (did you mean " + *s + "?)";
        return fail(message);
    }
    if (out.help)
        return out;
    if (out.positional.size() < spec.min_positional)
        return fail("missing argument");
    if (out.positional.size() > spec.max_positional)
        return fail("unexpected argument \"" + out.positional[spec.max_positional] + "\"");
    return out;
}

} // namespace slipway::admin
