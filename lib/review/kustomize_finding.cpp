// The `kustomize` finding.
#include "review/kustomize_finding.hpp"

namespace slipway::review {

Finding kustomize_failure(const std::string& dir, const std::string& file, std::string message,
                          const std::string& location_root) {
    if (!location_root.empty())
        for (const std::string& needle : {location_root + "/", location_root}) {
            std::size_t at;
            while ((at = message.find(needle)) != std::string::npos)
                message.erase(at, needle.size());
        }
    for (auto& c : message)
        if (c == '\n' || c == '\r')
            c = ' ';
    return {.path = dir == "." ? file : dir + "/" + file,
            .message = "cannot render this kustomization: " + message +
                       "; run `kubectl kustomize " + dir + "` to see why",
            .rule = "kustomize"};
}

} // namespace slipway::review
