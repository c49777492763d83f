// Who is pushing.
#include "policy/identity.hpp"

#include "policy/connection.hpp"
#include "policy/parse.hpp"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace slipway::policy {

IdentitySettings parse_identity(Reader& reader, const YamlNode& node) {
    IdentitySettings s;
    if (!node.is_defined() || node.is_null())
        return s;
    auto f = reader.fields(node, "identity", {"env", "require", "trusted_proxies"});
    if (f && f->has("env")) {
        if (auto vars = reader.strings((*f)["env"], "identity env")) {
            if (vars->empty())
                reader.error((*f)["env"], "identity env must name at least one variable");
            else
                s.env = *vars;
        }
    }
    if (f && f->has("require"))
        s.require = reader.boolean((*f)["require"], "identity require").value_or(true);
    if (f && f->has("trusted_proxies"))
        if (auto proxies = reader.strings((*f)["trusted_proxies"], "identity trusted_proxies"))
            s.trusted_proxies = *proxies;
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
            return {*value, var, true};
    }
    // Only on the server itself does the account say who pushed: over a connection it is the
    // service account every key or anonymous client shares.
    const bool local = describe_connection(env, settings).protocol == "local";
    if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name)
        return {pw->pw_name, "os-user", local};
    return {"unknown", "none", false};
}

std::string unauthenticated_message(const Pusher& pusher, const IdentitySettings& settings,
                                    const std::string& protocol) {
    std::string vars;
    for (std::size_t i = 0; i < settings.env.size(); ++i)
        vars += (i == 0 ? "" : i + 1 == settings.env.size() ? " or " : ", ") + settings.env[i];
    const std::string via = protocol == "ssh"    ? "over SSH"
                            : protocol == "git"  ? "over git daemon (git://), which is anonymous,"
                            : protocol == "http" ? "over HTTP"
                                                 : "over " + protocol;
    return "this push has no authenticated identity: it came " + via +
           " and the server named no pusher (" + vars +
           "), so it would be recorded as the server's account \"" + pusher.name +
           "\"; a pusher proves who they are by signing the push (`git push --signed`) with "
           "their key in the policy (users.<name>.gpg or .keys); an admin gives each pusher an "
           "identity: for SSH a forced command or "
           "environment=\"REMOTE_USER=<name>\" on each key in authorized_keys, for HTTP "
           "authentication (REMOTE_USER), or gitolite (GL_USER); or accepts such pushes with "
           "`identity: {require: false}` in the policy";
}

} // namespace slipway::policy
