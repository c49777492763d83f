// Settings: which manifest rules run, how severe they are, and their parameters.
#include "manifest/settings.hpp"

namespace slipway::manifest {

namespace {

// Length-prefixed, so no two different field sequences write the same bytes.
void put(std::string& out, std::string_view text) {
    out += std::to_string(text.size());
    out += ':';
    out += text;
}

void put(std::string& out, std::size_t n) {
    put(out, std::to_string(n));
}

void put(std::string& out, const std::vector<std::string>& list) {
    put(out, list.size());
    for (const auto& s : list)
        put(out, s);
}

void put(std::string& out, const RuleSetting& rule) {
    out += rule.enabled ? (rule.severity == Severity::error ? 'E' : 'W') : '-';
}

} // namespace

std::string settings_fingerprint(const Settings& s) {
    // "-2": the loader applies YAML tags and counts alias bytes since; verdicts cached by
    // earlier builds must not be reused.
    std::string out = "settings-2;";
    put(out, s.limits.max_file_bytes);
    put(out, s.limits.max_documents);
    put(out, s.limits.max_depth);
    put(out, s.limits.max_alias_nodes);
    put(out, s.limits.max_expanded_bytes);
    put(out, s.limits.max_findings);
    put(out, s.default_namespace);
    put(out, s.cluster_scoped_kinds);
    put(out, s.schema);
    out += s.strict ? 'S' : 's';
    put(out, s.schema_missing);
    put(out, s.schema_skip_kinds);
    put(out, s.schema_skip_groups);
    put(out, s.image_pinned);
    put(out, s.image_registry);
    put(out, s.allowed_registries);
    put(out, s.duplicate_object);
    put(out, s.denied_kind);
    put(out, s.denied_kinds);
    put(out, s.namespace_rule);
    put(out, s.allowed_namespaces);
    put(out, s.required_labels);
    put(out, s.labels);
    put(out, s.resources);
    put(out, s.required_requests);
    put(out, s.required_limits);
    put(out, s.deprecated_api);
    put(out, s.kubernetes_version);
    put(out, s.object_name);
    return out;
}

bool kind_selector_matches(std::string_view selector, std::string_view api_version,
                           std::string_view group, std::string_view kind) {
    std::size_t slash = selector.rfind('/');
    if (slash == std::string_view::npos)
        return selector == kind;
    if (selector.substr(slash + 1) != kind)
        return false;
    std::string_view scope = selector.substr(0, slash);
    return scope == group || scope == api_version;
}

} // namespace slipway::manifest
