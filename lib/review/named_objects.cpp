// The objects of a target view by kind and name.
#include "review/named_objects.hpp"

namespace slipway::review {

std::string NamedObjects::key(std::string_view kind, std::string_view name) {
    // Neither a kind nor a name holds a NUL byte: the pair cannot be read two ways.
    std::string out;
    out.reserve(kind.size() + 1 + name.size());
    out.append(kind).push_back('\0');
    out.append(name);
    return out;
}

void NamedObjects::add(const std::string& path, bool from_kustomization,
                       const std::vector<manifest::ObjectIdentity>& ids) {
    for (const auto& id : ids)
        m_objects[key(id.kind, id.name)].push_back(
            {.path = &path, .from_kustomization = from_kustomization, .identity = &id});
}

const std::vector<NamedObject>& NamedObjects::find(std::string_view kind,
                                                   std::string_view name) const {
    static const std::vector<NamedObject> none;
    auto it = m_objects.find(key(kind, name));
    return it == m_objects.end() ? none : it->second;
}

} // namespace slipway::review
