// The settings of the files of one unit, worked out once for every set of overrides that
// applies, not once per file: a first push judges tens of thousands of files under a handful of
// distinct settings, and copying and fingerprinting them per file cost 7 % of such a push.
#pragma once

#include "manifest/settings.hpp"
#include "policy/manifests.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::review {

/// Settings and their fingerprint for the verdict cache's key.
struct KeyedSettings {
    manifest::Settings settings; ///< what settings_for() gives
    /// settings_fingerprint() of `settings`, with the default namespace left out ("-") when
    /// no rule reads it, so that verdicts are shared between environments alike.
    std::string fingerprint;
};

/// The settings of paths judged for one unit. `policy` and `unit` must outlive it.
class UnitSettings {
public:
    UnitSettings(const policy::ManifestPolicy& policy, const policy::ManifestUnit& unit)
        : m_policy(policy)
        , m_unit(unit) {}

    /// ManifestPolicy::settings_for(path, unit's environment, unit's default namespace); the
    /// reference stays valid as long as this object.
    const KeyedSettings& for_path(std::string_view path);

private:
    const policy::ManifestPolicy& m_policy;
    const policy::ManifestUnit& m_unit;
    /// By which overrides apply (one flag per override, in file order): all that a path
    /// changes in settings_for().
    std::map<std::vector<bool>, KeyedSettings> m_by_overrides;
};

} // namespace slipway::review
