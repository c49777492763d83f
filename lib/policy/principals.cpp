// Users and groups of the policy.
#include "policy/principals.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace slipway::policy {

Principals Principals::parse(Reader& reader, const YAML::Node& groups, const YAML::Node& users) {
    Principals p;
    std::map<std::string, YAML::Node> group_nodes;
    if (groups.IsDefined() && !groups.IsNull()) {
        if (auto entries = reader.named(groups, "groups")) {
            for (auto& [name, node] : *entries) {
                if (auto members = reader.strings(node, "group \"" + name + "\"")) {
                    p.m_groups[name] = *members;
                    group_nodes[name] = node;
                }
            }
        }
    }
    if (users.IsDefined() && !users.IsNull()) {
        if (auto entries = reader.named(users, "users")) {
            for (auto& [name, node] : *entries) {
                auto fields = reader.fields(node, "user \"" + name + "\"", {"emails"});
                if (!fields)
                    continue;
                User u;
                if (fields->has("emails"))
                    if (auto emails = reader.strings((*fields)["emails"], "emails"))
                        u.emails = *emails;
                p.m_users[name] = u;
            }
        }
    }
    for (const auto& [name, members] : p.m_groups)
        p.check_references(reader, group_nodes[name], members);

    // A group that contains itself, directly or not, has no meaning: reject it.
    std::set<std::string> done, active;
    std::function<bool(const std::string&)> cyclic = [&](const std::string& g) {
        if (active.count(g))
            return true;
        if (done.count(g) || !p.m_groups.count(g))
            return false;
        active.insert(g);
        for (const auto& m : p.m_groups[g])
            if (m.starts_with("@") && cyclic(m.substr(1)))
                return true;
        active.erase(g);
        done.insert(g);
        return false;
    };
    for (const auto& [name, members] : p.m_groups) {
        active.clear();
        if (!done.count(name) && cyclic(name)) {
            reader.error(group_nodes[name], "group \"" + name + "\" contains itself");
            p.m_groups[name].clear();
        }
    }
    return p;
}

void Principals::check_references(Reader& reader, const YAML::Node& node,
                                  const std::vector<std::string>& list) const {
    for (const auto& entry : list) {
        if (entry.starts_with("@") && !m_groups.count(entry.substr(1)))
            reader.error(node,
                         "unknown group \"" + entry.substr(1) + "\" (define it under groups:)");
        if (entry.empty())
            reader.error(node, "an empty name cannot be a user or group");
    }
}

bool Principals::in_group(const std::string& group, const std::string& user, int depth) const {
    auto it = m_groups.find(group);
    if (it == m_groups.end() || depth > 32)
        return false;
    for (const auto& m : it->second) {
        if (m == "*" || m == user)
            return true;
        if (m.starts_with("@") && in_group(m.substr(1), user, depth + 1))
            return true;
    }
    return false;
}

bool Principals::includes(const std::vector<std::string>& list, const std::string& user) const {
    for (const auto& entry : list) {
        if (entry == "*" || entry == user)
            return true;
        if (entry.starts_with("@") && in_group(entry.substr(1), user, 0))
            return true;
    }
    return false;
}

const User* Principals::user(const std::string& name) const {
    auto it = m_users.find(name);
    return it == m_users.end() ? nullptr : &it->second;
}

} // namespace slipway::policy
