// The `environments:` section of the policy.
#include "policy/environments.hpp"
#include "util/state_paths.hpp"

#include "policy/parse.hpp"
#include "util/glob.hpp"

#include <map>
#include <set>

namespace slipway::policy {

namespace {

bool valid_name(const std::string& name) {
    static const util::Pattern re = *util::Pattern::compile("^[a-z0-9][a-z0-9-]{0,62}$");
    return re.full_match(name);
}

std::chrono::seconds read_seconds(Reader& reader, const YamlNode& node, const std::string& what,
                                  std::chrono::seconds fallback) {
    if (auto v = reader.integer(node, what + " (seconds)", 1, 86400))
        return std::chrono::seconds(*v);
    return fallback;
}

std::optional<Target> parse_kubernetes(Reader& reader, const YamlNode& node) {
    auto f = reader.fields(
        node, "kubernetes target",
        {"paths", "kubeconfig", "context", "namespace", "prune", "rollout_timeout", "timeout"});
    if (!f)
        return std::nullopt;
    KubernetesTarget k;
    if (!f->has("paths")) {
        reader.error(node, "kubernetes target needs \"paths\" (the manifests to deploy)");
        return std::nullopt;
    }
    auto paths = reader.paths((*f)["paths"], "paths");
    if (!paths)
        return std::nullopt;
    k.paths = *paths;
    if (f->has("kubeconfig")) {
        if (auto kc = reader.string((*f)["kubeconfig"], "kubeconfig")) {
            if (!kc->starts_with("/"))
                reader.error((*f)["kubeconfig"],
                             "kubeconfig must be an absolute path on the server");
            k.kubeconfig = *kc;
        }
    }
    if (f->has("context"))
        k.context = reader.string((*f)["context"], "context");
    if (f->has("namespace"))
        k.default_namespace = reader.string((*f)["namespace"], "namespace").value_or("default");
    if (f->has("prune")) {
        if (auto p =
                reader.fields((*f)["prune"], "prune", {"limit", "namespaces", "cluster_scoped"})) {
            if (p->has("limit"))
                k.prune_limit = static_cast<int>(
                    reader.integer((*p)["limit"], "prune limit", 0, 100000).value_or(10));
            if (p->has("namespaces"))
                k.prune_namespaces =
                    reader.boolean((*p)["namespaces"], "namespaces").value_or(false);
            if (p->has("cluster_scoped"))
                k.prune_cluster_scoped =
                    reader.boolean((*p)["cluster_scoped"], "cluster_scoped").value_or(false);
        }
    }
    if (f->has("rollout_timeout"))
        k.rollout_timeout = read_seconds(reader, (*f)["rollout_timeout"], "rollout_timeout",
                                         std::chrono::seconds(120));
    if (f->has("timeout"))
        k.timeout = read_seconds(reader, (*f)["timeout"], "timeout", k.timeout);
    return Target{k, Reader::position(node)};
}

std::optional<Target> parse_terraform(Reader& reader, const YamlNode& node) {
    auto f =
        reader.fields(node, "terraform target", {"dirs", "workspace", "allow_destroy", "timeout"});
    if (!f)
        return std::nullopt;
    TerraformTarget t;
    if (!f->has("dirs")) {
        reader.error(node, "terraform target needs \"dirs\" (its root module directories)");
        return std::nullopt;
    }
    auto dirs = reader.paths((*f)["dirs"], "dirs");
    if (!dirs)
        return std::nullopt;
    t.dirs = *dirs;
    if (f->has("workspace")) {
        auto ws = reader.string((*f)["workspace"], "workspace");
        if (ws && !valid_name(*ws))
            reader.error((*f)["workspace"],
                         "workspace \"" + *ws + "\" must be lowercase letters, digits and '-'");
        else if (ws)
            t.workspace = *ws;
    }
    if (f->has("allow_destroy"))
        t.allow_destroy = reader.boolean((*f)["allow_destroy"], "allow_destroy").value_or(false);
    if (f->has("timeout"))
        t.timeout = read_seconds(reader, (*f)["timeout"], "timeout", t.timeout);
    return Target{t, Reader::position(node)};
}

std::optional<Target> parse_command(Reader& reader, const YamlNode& node) {
    auto f = reader.fields(node, "command target", {"run", "timeout"});
    if (!f)
        return std::nullopt;
    CommandTarget c;
    if (!f->has("run") || !(*f)["run"].is_sequence()) {
        reader.error(node, "command target needs \"run\": the program and its arguments as a "
                           "list (no shell), e.g. [./deploy.sh, staging]");
        return std::nullopt;
    }
    auto argv = reader.strings((*f)["run"], "run");
    if (!argv || argv->empty()) {
        reader.error((*f)["run"], "run must name a program");
        return std::nullopt;
    }
    c.argv = *argv;
    if (f->has("timeout"))
        c.timeout = read_seconds(reader, (*f)["timeout"], "timeout", c.timeout);
    return Target{c, Reader::position(node)};
}

std::optional<Target> parse_target(Reader& reader, const YamlNode& node) {
    auto f = reader.fields(node, "target", {"kubernetes", "terraform", "command"});
    if (!f)
        return std::nullopt;
    int kinds = f->has("kubernetes") + f->has("terraform") + f->has("command");
    if (kinds != 1) {
        reader.error(node, "a target is exactly one of kubernetes:, terraform: or command:");
        return std::nullopt;
    }
    if (f->has("kubernetes"))
        return parse_kubernetes(reader, (*f)["kubernetes"]);
    if (f->has("terraform"))
        return parse_terraform(reader, (*f)["terraform"]);
    return parse_command(reader, (*f)["command"]);
}

// `promote_from: preprod`, or `{env: preprod, require: current|ever}`: fills `env`'s
// promotion fields and returns the node naming the source, for the checks of the whole list.
YamlNode parse_promote_from(Reader& reader, const YamlNode& node, Environment& env) {
    if (!node.is_map()) {
        env.promote_from = reader.string(node, "promote_from");
        return node;
    }
    auto f = reader.fields(node, "promote_from", {"env", "require"});
    if (!f)
        return node;
    if (!f->has("env")) {
        reader.error(node, "promote_from needs \"env\" (the environment commits come from)");
        return node;
    }
    env.promote_from = reader.string((*f)["env"], "promote_from env");
    if (f->has("require")) {
        auto require = reader.string((*f)["require"], "promote_from require");
        if (require && *require == "current")
            env.promote_require = PromotionRequirement::current;
        else if (require && *require != "ever")
            reader.error((*f)["require"],
                         "promote_from require is `ever` (deployed there successfully at some "
                         "point, the default) or `current` (the commit deployed there now), not "
                         "\"" +
                             *require + "\"");
    }
    return (*f)["env"];
}

} // namespace

const char* Target::kind() const {
    switch (spec.index()) {
    case 0:
        return "kubernetes";
    case 1:
        return "terraform";
    default:
        return "command";
    }
}

std::vector<Environment> parse_environments(Reader& reader, const YamlNode& node,
                                            const Principals& principals) {
    std::vector<Environment> envs;
    if (!node.is_defined() || node.is_null())
        return envs;
    auto items = reader.sequence(node, "environments");
    if (!items)
        return envs;
    std::map<std::string, YamlNode> promote_nodes;
    for (const auto& item : *items) {
        auto f = reader.fields(item, "environment",
                               {"name", "refs", "deployers", "promote_from", "targets",
                                "push_certificate", "freeze", "signatures"});
        if (!f)
            continue;
        Environment env;
        env.position = Reader::position(item);
        if (!f->has("name")) {
            reader.error(item, "environment needs a \"name\"");
            continue;
        }
        env.name = reader.string((*f)["name"], "name").value_or("");
        if (!valid_name(env.name)) {
            reader.error((*f)["name"], "environment name \"" + env.name +
                                           "\" must be lowercase letters, digits and '-' "
                                           "(it names refs/slipway/deployed/<env>)");
            continue;
        }
        if (find_environment(envs, env.name)) {
            reader.error((*f)["name"], "environment \"" + env.name + "\" is defined twice");
            continue;
        }
        if (!f->has("refs"))
            reader.error(item, "environment \"" + env.name +
                                   "\" needs \"refs\" (the refs that deploy to it)");
        else if (auto refs = reader.strings((*f)["refs"], "refs")) {
            for (const auto& r : *refs) {
                if (!r.starts_with("refs/") || util::is_reserved_ref(r))
                    reader.error((*f)["refs"], "refs entry \"" + r +
                                                   "\" must be a full ref name or glob under "
                                                   "refs/ (not refs/slipway/)");
                else
                    env.refs.push_back(r);
            }
        }
        if (f->has("push_certificate"))
            env.push_certificate =
                parse_required(reader, (*f)["push_certificate"], "push_certificate");
        if (f->has("signatures"))
            env.signatures = parse_signature_rules(reader, (*f)["signatures"], principals);
        if (f->has("deployers")) {
            if (auto who = reader.strings((*f)["deployers"], "deployers")) {
                check_references(reader, (*f)["deployers"], principals, *who);
                env.deployers = *who;
            }
        }
        if (f->has("freeze"))
            env.freeze = parse_freeze(reader, (*f)["freeze"]);
        if (f->has("promote_from"))
            promote_nodes[env.name] = parse_promote_from(reader, (*f)["promote_from"], env);
        if (!f->has("targets")) {
            reader.error(item, "environment \"" + env.name + "\" needs \"targets\"");
        } else if (auto targets = reader.sequence((*f)["targets"], "targets")) {
            if (targets->empty())
                reader.error((*f)["targets"],
                             "environment \"" + env.name + "\" needs at least one target");
            for (const auto& t : *targets)
                if (auto target = parse_target(reader, t))
                    env.targets.push_back(std::move(*target));
        }
        envs.push_back(std::move(env));
    }
    for (const auto& env : envs) {
        if (!env.promote_from)
            continue;
        const auto& at = promote_nodes[env.name];
        if (*env.promote_from == env.name) {
            reader.error(at, "environment \"" + env.name + "\" cannot promote from itself");
            continue;
        }
        if (!find_environment(envs, *env.promote_from)) {
            reader.error(at,
                         "promote_from names unknown environment \"" + *env.promote_from + "\"");
            continue;
        }
        // Follow the chain; coming back to env means a cycle nothing could ever enter.
        std::set<std::string> seen{env.name};
        const Environment* cur = find_environment(envs, *env.promote_from);
        while (cur && cur->promote_from) {
            if (!seen.insert(cur->name).second || *cur->promote_from == env.name) {
                reader.error(at, "promotion from \"" + *env.promote_from + "\" to \"" + env.name +
                                     "\" forms a cycle: no commit could ever enter it");
                break;
            }
            cur = find_environment(envs, *cur->promote_from);
        }
    }
    return envs;
}

std::vector<const Environment*> environments_for(const std::vector<Environment>& envs,
                                                 const std::string& ref) {
    std::vector<const Environment*> out;
    for (const auto& env : envs)
        for (const auto& glob : env.refs)
            if (util::glob_match(glob, ref)) {
                out.push_back(&env);
                break;
            }
    return out;
}

const Environment* find_environment(const std::vector<Environment>& envs, const std::string& name) {
    for (const auto& env : envs)
        if (env.name == name)
            return &env;
    return nullptr;
}

} // namespace slipway::policy
