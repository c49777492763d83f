// Settings: which manifest rules run, how severe they are, and their parameters.
#pragma once

#include "manifest/limits.hpp"
#include "report/finding.hpp"

#include <string>
#include <vector>

namespace slipway::manifest {

/// On/off and severity of one rule. A rule whose parameter list is empty does nothing.
struct RuleSetting {
    bool enabled = true;
    Severity severity = Severity::error;
};

/// Everything that decides how manifests are judged; the policy layer fills one per
/// (path, environment); a field added here must be added to settings_fingerprint() too. Kind lists
/// ("kind selectors") accept "Kind" (any group), "group/Kind" or "apiVersion/Kind": "Secret",
/// "apps/Deployment", "v1/Secret".
struct Settings {
    /// Bounds on untrusted input (`yaml-limits`).
    Limits limits;
    /// Namespace of namespaced objects that set none (duplicate-object, namespace).
    std::string default_namespace = "default";
    /// Kind selectors of custom resources that are cluster-scoped (built-in kinds are known).
    std::vector<std::string> cluster_scoped_kinds;

    /// `schema`: fields checked against the kind's schema.
    RuleSetting schema;
    /// Unknown fields are errors wherever the schema lists the fields of an object.
    bool strict = true;
    /// `schema-missing`: a kind no schema source knows.
    RuleSetting schema_missing;
    /// Kind selectors whose objects are not checked against schemas at all.
    std::vector<std::string> schema_skip_kinds;
    /// API groups ("cert-manager.io") whose objects are not checked against schemas.
    std::vector<std::string> schema_skip_groups;

    /// `image-pinned`: every container image tagged with a full commit SHA or an @sha256 digest.
    RuleSetting image_pinned;
    /// `image-registry`: every container image from one of these prefixes
    /// ("registry.example.com/", "ghcr.io/acme"); matched on whole path components, against
    /// both the image as written and its canonical name ("docker.io/library/nginx").
    RuleSetting image_registry;
    std::vector<std::string> allowed_registries;

    /// `duplicate-object`: the same group, kind, namespace and name twice in one deploy target.
    RuleSetting duplicate_object;

    /// `denied-kind`: kind selectors that may not be pushed ("Secret").
    RuleSetting denied_kind;
    std::vector<std::string> denied_kinds;

    /// `namespace`: namespaces objects may go to; "team-*" matches a prefix.
    RuleSetting namespace_rule;
    std::vector<std::string> allowed_namespaces;

    /// `required-labels`: label keys every object carries in metadata.labels.
    RuleSetting required_labels;
    std::vector<std::string> labels;

    /// `resources`: resource names every container of a workload sets in requests and limits.
    RuleSetting resources;
    std::vector<std::string> required_requests{"cpu", "memory"};
    std::vector<std::string> required_limits{"cpu", "memory"};

    /// `deprecated-api`: apiVersions no longer served by this Kubernetes version ("1.29").
    RuleSetting deprecated_api;
    std::string kubernetes_version;

    /// `object-name`: names and namespaces the API server accepts for the kind.
    RuleSetting object_name;
};

/// Every field of `settings` as one string: equal settings give equal strings and different
/// settings different ones, so a verdict cached under it is never reused under other rules.
std::string settings_fingerprint(const Settings& settings);

/// True when kind selector `selector` matches an object of `kind` with `api_version` (whose
/// group is `group`).
bool kind_selector_matches(std::string_view selector, std::string_view api_version,
                           std::string_view group, std::string_view kind);

} // namespace slipway::manifest
