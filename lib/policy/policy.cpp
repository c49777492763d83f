// Parsing slipway.yaml into a Policy.
#include "policy/policy.hpp"

#include "policy/parse.hpp"
#include "util/files.hpp"

namespace slipway::policy {

Result<Policy> parse_policy(std::string_view text, const std::string& source) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        return fail(source + ":" + std::to_string(e.mark.line + 1) + ":" +
                    std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg);
    }
    Reader reader(source);
    Policy policy;
    if (!root.IsDefined() || root.IsNull()) {
        return fail(source + ": the policy is empty; it needs at least `version: 1`");
    }
    auto f = reader.fields(root, "the policy",
                           {"version", "identity", "groups", "users", "refs", "environments",
                            "manifests", "terraform", "sandbox"});
    if (!f)
        return fail(reader.errors().front());
    if (!f->has("version"))
        reader.error(root, "the policy has no \"version\"; start it with `version: 1`");
    else if (auto v = reader.integer((*f)["version"], "version", 1, 1))
        policy.version = static_cast<int>(*v);
    policy.identity = parse_identity(reader, (*f)["identity"]);
    policy.principals = parse_principals(reader, (*f)["groups"], (*f)["users"]);
    policy.refs = parse_ref_rules(reader, (*f)["refs"], policy.principals);
    policy.environments = parse_environments(reader, (*f)["environments"], policy.principals);
    policy.manifests = parse_manifests(reader, (*f)["manifests"], policy.environments);
    policy.terraform = parse_terraform_checks(reader, (*f)["terraform"], policy.principals);
    if (f->has("sandbox")) {
        auto mode = reader.string((*f)["sandbox"], "sandbox");
        if (mode && *mode == "off")
            policy.sandbox = util::Sandboxing::off;
        else if (mode && *mode != "on")
            reader.error((*f)["sandbox"],
                         "sandbox is `on` (the default) or `off`, not \"" + *mode + "\"");
    }
    policy.manifests.kustomize.sandbox = policy.sandbox;
    if (!reader.errors().empty()) {
        std::string all;
        for (const auto& e : reader.errors())
            all += (all.empty() ? "" : "\n") + e;
        return fail(all);
    }
    return policy;
}

Result<Policy> load_policy(const std::filesystem::path& path) {
    SLIPWAY_TRY_LET(text, util::read_file(path));
    return parse_policy(*text, path.string());
}

} // namespace slipway::policy
