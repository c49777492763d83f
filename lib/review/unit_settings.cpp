// The settings of one unit's files, once per set of overrides that applies.
#include "review/unit_settings.hpp"

namespace slipway::review {

const KeyedSettings& UnitSettings::for_path(std::string_view path) {
    std::vector<bool> applying;
    applying.reserve(m_policy.overrides.size());
    for (const auto& o : m_policy.overrides)
        applying.push_back(o.applies(path, m_unit.environment));
    auto it = m_by_overrides.find(applying);
    if (it != m_by_overrides.end())
        return it->second;
    KeyedSettings out{
        .settings = m_policy.settings_for(path, m_unit.environment, m_unit.default_namespace)};
    // Only the namespace rule reads the target's default namespace: without it, verdicts are
    // shared between environments that differ in nothing else (a tag after its branch).
    manifest::Settings keyed = out.settings;
    if (!keyed.namespace_rule.enabled || keyed.allowed_namespaces.empty())
        keyed.default_namespace.assign(1, '-'); // not `= "-"`: GCC 12's -Wrestrict misfires
    out.fingerprint = manifest::settings_fingerprint(keyed);
    return m_by_overrides.emplace(std::move(applying), std::move(out)).first->second;
}

} // namespace slipway::review
