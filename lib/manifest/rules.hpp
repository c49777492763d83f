// The per-object policy rules: image-pinned, image-registry, denied-kind, namespace,
// required-labels, resources, deprecated-api, object-name (manifest/object_name.hpp).
#pragma once

#include "manifest/object.hpp"
#include "manifest/settings.hpp"
#include "report/finding.hpp"
#include "util/result.hpp"

#include <string_view>

namespace slipway::manifest {

// Each check_* appends the findings of one rule for `object` (of `tree`, in file `path`) to
// `out`, with the rule's severity from `settings`. They ignore RuleSetting::enabled; a rule
// with an empty parameter list finds nothing; once `out` holds Limits::max_findings findings
// they add no more.

/// `image-pinned`: each image of a workload is tagged with a full commit SHA or pinned by an
/// @sha256 digest.
void check_image_pinned(std::string_view path, const Tree& tree, const Object& object,
                        const Settings& settings, Findings& out);
/// `image-registry`: each image of a workload comes from Settings::allowed_registries.
void check_image_registry(std::string_view path, const Tree& tree, const Object& object,
                          const Settings& settings, Findings& out);
/// `denied-kind`: the object's kind is not in Settings::denied_kinds.
void check_denied_kind(std::string_view path, const Tree& tree, const Object& object,
                       const Settings& settings, Findings& out);
/// `namespace`: a namespaced object goes to one of Settings::allowed_namespaces (its own or
/// the default namespace); a Namespace object's name is one of them.
void check_namespace(std::string_view path, const Tree& tree, const Object& object,
                     const Settings& settings, Findings& out);
/// `required-labels`: metadata.labels holds every key of Settings::labels, with a value.
void check_required_labels(std::string_view path, const Tree& tree, const Object& object,
                           const Settings& settings, Findings& out);
/// `resources`: each container and initContainer of a workload sets the resources of
/// Settings::required_requests and required_limits.
void check_resources(std::string_view path, const Tree& tree, const Object& object,
                     const Settings& settings, Findings& out);
/// `deprecated-api`: the apiVersion is still served by Settings::kubernetes_version.
void check_deprecated_api(std::string_view path, const Tree& tree, const Object& object,
                          const Settings& settings, Findings& out);

/// Runs every enabled rule above, and `object-name` (check_object_name()), on `object`.
void check_policy_rules(std::string_view path, const Tree& tree, const Object& object,
                        const Settings& settings, Findings& out);

/// True when namespace `ns` is allowed by `pattern` ("shop", or "team-*" for a prefix).
bool namespace_matches(std::string_view pattern, std::string_view ns);

/// True when image `image` (as written, or its canonical name) starts with registry
/// prefix `prefix` on a component boundary ("ghcr.io/acme" allows "ghcr.io/acme/app:1" but
/// not "ghcr.io/acme-evil/app").
bool registry_allows(std::string_view prefix, std::string_view image);

/// Checks the parameters of `settings` the policy layer gave (the Kubernetes version
/// parses, kind selectors are not empty). Fails with what to fix.
Status validate_settings(const Settings& settings);

} // namespace slipway::manifest
