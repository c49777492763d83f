// The `object-name` rule: names and namespaces the Kubernetes API server would accept.
#pragma once

#include "manifest/kube_tables.hpp"
#include "manifest/object.hpp"
#include "manifest/settings.hpp"
#include "report/finding.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace slipway::manifest {

/// Why `name` does not pass `rule` (apimachinery's sentence for the format, or the length),
/// nullopt when it does. With `prefix` (a metadata.generateName) a trailing '-' is allowed,
/// as the API server allows it before the random suffix.
std::optional<std::string> name_problem(const NameRule& rule, std::string_view name,
                                        bool prefix = false);

/// `object-name`: metadata.name (or metadata.generateName) is a name the API server accepts
/// for the object's kind (name_rule_for()), and metadata.namespace, when set, a DNS-1123
/// label; each problem a finding at the value's line:col, with the rule's severity. A name
/// such as "../../x" is refused here rather than by the cluster, or by the deploy that writes
/// it into a file name.
void check_object_name(std::string_view path, const Tree& tree, const Object& object,
                       const Settings& settings, Findings& out);

} // namespace slipway::manifest
