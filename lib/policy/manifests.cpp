// The `manifests:` section of the policy.
#include "policy/manifests.hpp"

#include "manifest/rules.hpp"
#include "policy/parse.hpp"
#include "util/glob.hpp"
#include "util/relative_path.hpp"

#include <algorithm>
#include <filesystem>

namespace slipway::policy {

namespace {

using manifest::RuleSetting;
using manifest::Settings;
using StringList = std::vector<std::string> Settings::*;

// One rule's parameters: the key in the rule's mapping and the list it fills.
struct Param {
    const char* key;
    StringList list;
};

struct RuleSpec {
    const char* id;
    RuleSetting Settings::*setting;
    std::vector<Param> params;
    bool kubernetes_version = false; ///< takes `kubernetes_version: "1.29"`
};

const std::vector<RuleSpec>& rule_specs() {
    static const std::vector<RuleSpec> specs = {
        {"schema", &Settings::schema, {}},
        {"schema-missing", &Settings::schema_missing, {}},
        {"image-pinned", &Settings::image_pinned, {}},
        {"image-registry", &Settings::image_registry, {{"allow", &Settings::allowed_registries}}},
        {"duplicate-object", &Settings::duplicate_object, {}},
        {"denied-kind", &Settings::denied_kind, {{"kinds", &Settings::denied_kinds}}},
        {"namespace", &Settings::namespace_rule, {{"allow", &Settings::allowed_namespaces}}},
        {"required-labels", &Settings::required_labels, {{"labels", &Settings::labels}}},
        {"resources",
         &Settings::resources,
         {{"requests", &Settings::required_requests}, {"limits", &Settings::required_limits}}},
        {"deprecated-api", &Settings::deprecated_api, {}, true},
        {"object-name", &Settings::object_name, {}},
    };
    return specs;
}

// `error`, `warning` or `off`, applied to the rule at `member`.
void read_severity(Reader& reader, const YamlNode& node, const std::string& rule,
                   RuleSetting Settings::*member, SettingsPatch& patch) {
    auto text = reader.string(node, "severity of rule " + rule);
    if (!text)
        return;
    RuleSetting value;
    if (*text == "off")
        value.enabled = false;
    else if (*text == "warning")
        value.severity = Severity::warning;
    else if (*text != "error") {
        reader.error(node, "rule " + rule + ": \"" + *text +
                               "\" is not a severity; use error, warning or off");
        return;
    }
    patch.push_back([member, value](Settings& s) { s.*member = value; });
}

void read_rule(Reader& reader, const RuleSpec& spec, const YamlNode& node, SettingsPatch& patch) {
    const std::string id = spec.id;
    if (node.is_scalar()) {
        read_severity(reader, node, id, spec.setting, patch);
        return;
    }
    std::vector<std::string> known_keys{"severity"};
    for (const auto& p : spec.params)
        known_keys.push_back(p.key);
    if (spec.kubernetes_version)
        known_keys.push_back("kubernetes_version");
    // Reader::fields takes an initializer_list: spell out the few shapes rules have.
    std::optional<Fields> f;
    const std::string what = "rule " + id;
    switch (known_keys.size()) {
    case 1:
        f = reader.fields(node, what, {"severity"});
        break;
    case 2:
        f = reader.fields(node, what, {known_keys[0], known_keys[1]});
        break;
    default:
        f = reader.fields(node, what, {known_keys[0], known_keys[1], known_keys[2]});
        break;
    }
    if (!f)
        return;
    if (f->has("severity"))
        read_severity(reader, (*f)["severity"], id, spec.setting, patch);
    for (const auto& p : spec.params) {
        if (!f->has(p.key))
            continue;
        if (auto list = reader.strings((*f)[p.key], id + " " + p.key)) {
            for (const auto& item : *list)
                if (item.empty())
                    reader.error((*f)[p.key], id + " " + p.key + " holds an empty entry");
            StringList member = p.list;
            patch.push_back([member, values = *list](Settings& s) { s.*member = values; });
        }
    }
    if (spec.kubernetes_version && f->has("kubernetes_version")) {
        if (auto v = reader.string((*f)["kubernetes_version"], "kubernetes_version"))
            patch.push_back([v = *v](Settings& s) { s.kubernetes_version = v; });
    }
}

void read_rules(Reader& reader, const YamlNode& node, SettingsPatch& patch) {
    auto f = reader.fields(node, "rules",
                           {"schema", "schema-missing", "image-pinned", "image-registry",
                            "duplicate-object", "denied-kind", "namespace", "required-labels",
                            "resources", "deprecated-api", "object-name"});
    if (!f)
        return;
    for (const auto& spec : rule_specs())
        if (f->has(spec.id))
            read_rule(reader, spec, (*f)[spec.id], patch);
}

void read_skip(Reader& reader, const YamlNode& node, SettingsPatch& patch) {
    auto f = reader.fields(node, "skip", {"kinds", "groups"});
    if (!f)
        return;
    if (f->has("kinds"))
        if (auto kinds = reader.strings((*f)["kinds"], "skip kinds"))
            patch.push_back([v = *kinds](Settings& s) { s.schema_skip_kinds = v; });
    if (f->has("groups"))
        if (auto groups = reader.strings((*f)["groups"], "skip groups"))
            patch.push_back([v = *groups](Settings& s) { s.schema_skip_groups = v; });
}

void read_limits(Reader& reader, const YamlNode& node, manifest::Limits& limits) {
    auto f = reader.fields(node, "limits",
                           {"max_file_bytes", "max_documents", "max_depth", "max_alias_nodes",
                            "max_expanded_bytes", "max_findings"});
    if (!f)
        return;
    auto read = [&](const char* key, std::size_t& into, long long max) {
        if (f->has(key))
            if (auto v = reader.integer((*f)[key], key, 1, max))
                into = static_cast<std::size_t>(*v);
    };
    read("max_file_bytes", limits.max_file_bytes, 1LL << 30);
    read("max_documents", limits.max_documents, 1000000);
    read("max_depth", limits.max_depth, 10000);
    read("max_alias_nodes", limits.max_alias_nodes, 100000000);
    read("max_expanded_bytes", limits.max_expanded_bytes, 1LL << 32);
    read("max_findings", limits.max_findings, 100000);
}

void read_kustomize(Reader& reader, const YamlNode& node, manifest::KustomizeOptions& out) {
    auto f = reader.fields(node, "kustomize", {"kubectl", "timeout", "remote"});
    if (!f)
        return;
    if (f->has("remote"))
        if (auto prefixes = reader.strings((*f)["remote"], "kustomize remote")) {
            for (const auto& p : *prefixes)
                if (p.empty() || p.starts_with("file:") || p.starts_with("/") || p.starts_with("."))
                    reader.error((*f)["remote"],
                                 "kustomize remote \"" + p +
                                     "\" is not the start of a remote base's URL (like "
                                     "\"https://github.com/acme/\"); local and file:// bases "
                                     "are never allowed");
            out.remote = *prefixes;
        }
    if (f->has("kubectl"))
        if (auto k = reader.string((*f)["kubectl"], "kubectl"))
            out.kubectl = *k;
    if (f->has("timeout"))
        if (auto t = reader.integer((*f)["timeout"], "kustomize timeout (seconds)", 1, 3600))
            out.timeout = std::chrono::seconds(*t);
}

// The keys an override and the top level share.
void read_shared(Reader& reader, const Fields& f, SettingsPatch& patch) {
    if (f.has("strict"))
        if (auto strict = reader.boolean(f["strict"], "strict"))
            patch.push_back([v = *strict](Settings& s) { s.strict = v; });
    if (f.has("skip"))
        read_skip(reader, f["skip"], patch);
    if (f.has("rules"))
        read_rules(reader, f["rules"], patch);
}

void validate(Reader& reader, const YamlNode& at, const Settings& settings) {
    if (auto s = manifest::validate_settings(settings); !s)
        reader.error(at, "manifests: " + s.error().message);
}

} // namespace

bool ManifestOverride::applies(std::string_view path, std::string_view environment) const {
    if (!environments.empty() &&
        std::find(environments.begin(), environments.end(), environment) == environments.end())
        return false;
    if (paths.empty())
        return true;
    for (const auto& p : paths)
        if (util::has_wildcard(p) ? util::glob_match(p, path) : util::path_under(p, path))
            return true;
    return false;
}

manifest::Settings ManifestPolicy::settings_for(std::string_view path, std::string_view environment,
                                                std::string_view default_namespace) const {
    manifest::Settings s = base;
    s.default_namespace = std::string(default_namespace);
    for (const auto& o : overrides)
        if (o.applies(path, environment))
            for (const auto& change : o.patch)
                change(s);
    return s;
}

ManifestPolicy parse_manifests(Reader& reader, const YamlNode& node,
                               const std::vector<Environment>& environments) {
    ManifestPolicy out;
    if (!node.is_defined())
        return out;
    out.enabled = true;
    out.position = Reader::position(node);
    if (node.is_null())
        return out;
    auto f = reader.fields(node, "manifests",
                           {"paths", "schemas", "strict", "skip", "cluster_scoped_kinds", "limits",
                            "kustomize", "rules", "overrides"});
    if (!f)
        return out;
    if (f->has("paths"))
        out.paths = reader.paths((*f)["paths"], "manifests paths");
    if (f->has("schemas")) {
        const YamlNode list = (*f)["schemas"];
        if (auto items = reader.sequence(list, "schemas")) {
            for (const auto& item : *items) {
                auto path = reader.string(item, "schemas entry");
                if (!path)
                    continue;
                if (!path->starts_with("/"))
                    reader.error(item, "schemas entry \"" + *path +
                                           "\" must be an absolute path on the server (an "
                                           "OpenAPI v2 JSON file or a kubeconform directory)");
                else
                    out.schemas.push_back({*path, Reader::position(item)});
            }
        }
    }
    if (f->has("cluster_scoped_kinds"))
        if (auto kinds = reader.strings((*f)["cluster_scoped_kinds"], "cluster_scoped_kinds"))
            out.base.cluster_scoped_kinds = *kinds;
    if (f->has("limits"))
        read_limits(reader, (*f)["limits"], out.base.limits);
    if (f->has("kustomize"))
        read_kustomize(reader, (*f)["kustomize"], out.kustomize);
    SettingsPatch top;
    read_shared(reader, *f, top);
    for (const auto& change : top)
        change(out.base);
    validate(reader, node, out.base);

    if (f->has("overrides")) {
        auto items = reader.sequence((*f)["overrides"], "overrides");
        for (const auto& item : items.value_or(std::vector<YamlNode>{})) {
            auto o = reader.fields(item, "override",
                                   {"paths", "environments", "strict", "skip", "rules"});
            if (!o)
                continue;
            ManifestOverride entry;
            entry.position = Reader::position(item);
            if (o->has("paths"))
                entry.paths = reader.paths((*o)["paths"], "override paths")
                                  .value_or(std::vector<std::string>{});
            if (o->has("environments")) {
                auto names = reader.strings((*o)["environments"], "override environments");
                for (const auto& name : names.value_or(std::vector<std::string>{})) {
                    if (!find_environment(environments, name))
                        reader.error((*o)["environments"],
                                     "override names unknown environment \"" + name + "\"");
                    entry.environments.push_back(name);
                }
            }
            if (!o->has("paths") && !o->has("environments"))
                reader.error(item, "override needs \"paths\" or \"environments\" (what it "
                                   "applies to)");
            read_shared(reader, *o, entry.patch);
            manifest::Settings combined = out.base;
            for (const auto& change : entry.patch)
                change(combined);
            validate(reader, item, combined);
            out.overrides.push_back(std::move(entry));
        }
    }
    return out;
}

Status check_schema_sources(const ManifestPolicy& manifests, const std::string& source) {
    std::string problems;
    for (const auto& entry : manifests.schemas) {
        std::error_code ec;
        auto status = std::filesystem::status(entry.path, ec);
        if (std::filesystem::is_regular_file(status) || std::filesystem::is_directory(status))
            continue;
        problems += (problems.empty() ? "" : "\n") + source + ":" +
                    std::to_string(entry.position.line) + ":" +
                    std::to_string(entry.position.column) + ": schema source \"" + entry.path +
                    "\" does not exist on this machine (a file or directory is needed)";
    }
    if (!problems.empty())
        return fail(problems);
    return {};
}

std::vector<ManifestUnit> manifest_units(const ManifestPolicy& manifests,
                                         const std::vector<Environment>& environments,
                                         const std::string& ref) {
    std::vector<ManifestUnit> units;
    if (!manifests.enabled)
        return units;
    auto add = [&](ManifestUnit unit) {
        if (!unit.paths.empty() && std::find(units.begin(), units.end(), unit) == units.end())
            units.push_back(std::move(unit));
    };
    for (const Environment* env : environments_for(environments, ref)) {
        std::vector<const KubernetesTarget*> targets;
        for (const auto& t : env->targets)
            if (auto k = std::get_if<KubernetesTarget>(&t.spec))
                targets.push_back(k);
        if (manifests.paths)
            add({env->name, *manifests.paths,
                 targets.empty() ? "default" : targets.front()->default_namespace});
        else
            for (const auto* k : targets)
                add({env->name, k->paths, k->default_namespace});
    }
    if (!units.empty())
        return units;
    ManifestUnit fallback;
    if (manifests.paths) {
        fallback.paths = *manifests.paths;
    } else {
        for (const auto& env : environments)
            for (const auto& t : env.targets)
                if (auto k = std::get_if<KubernetesTarget>(&t.spec))
                    for (const auto& p : k->paths)
                        if (std::find(fallback.paths.begin(), fallback.paths.end(), p) ==
                            fallback.paths.end())
                            fallback.paths.push_back(p);
    }
    add(std::move(fallback));
    return units;
}

std::optional<std::string> manifests_judge_nothing(const ManifestPolicy& manifests,
                                                   const std::vector<Environment>& environments) {
    if (!manifests.enabled || manifests.paths)
        return std::nullopt;
    for (const auto& env : environments)
        for (const auto& target : env.targets)
            if (std::holds_alternative<KubernetesTarget>(target.spec))
                return std::nullopt;
    return "the manifests: section judges nothing: it names no `paths`, and no environment has a "
           "kubernetes target to take them from; give manifests.paths (the directories to judge) "
           "or remove the section";
}

} // namespace slipway::policy
