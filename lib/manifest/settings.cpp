// Settings: which manifest rules run, how severe they are, and their parameters.
#include "manifest/settings.hpp"

namespace slipway::manifest {

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
