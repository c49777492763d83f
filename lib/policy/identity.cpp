// Who is pushing.
#include "policy/identity.hpp"

#include "policy/parse.hpp"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace slipway::policy {

IdentitySettings parse_identity(Reader& reader, const YamlNode& node) {
    IdentitySettings s;
    if (!node.is_defined() || node.is_null())
        return s;
    auto f = reader.fields(node, "identity", {"env"});
    if (f && f->has("env")) {
        if (auto vars = reader.strings((*f)["env"], "identity env")) {
            if (vars->empty())
                reader.error((*f)["env"], "identity env must name at least one variable");
            else
                s.env = *vars;
        }
    }
    return s;
}

EnvLookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (!v)
            return std::nullopt;
        return std::string(v);
    };
}

Pusher resolve_pusher(const IdentitySettings& settings, const EnvLookup& env) {
    for (const auto& var : settings.env) {
        auto value = env(var);
        if (value && !value->empty())
            return {*value, var};
    }
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name)
        return {pw->pw_name, "os-user"};
    return {"unknown", "none"};
}

} // namespace slipway::policy
