// Users and groups of the policy.
#include "policy/principals.hpp"

#include "policy/parse.hpp"

#include <algorithm>
#include <functional>
#include <set>

namespace slipway::policy {

namespace {

// Reports entries of `list` (read at `node`) that name a group `defined` says is not.
template <class Defined>
void report_unknown_groups(Reader& reader, const YAML::Node& node,
                           const std::vector<std::string>& list, const Defined& defined) {
    for (const auto& entry : list) {
        if (entry.starts_with("@") && !defined(entry.substr(1)))
            reader.error(node,
                         "unknown group \"" + entry.substr(1) + "\" (define it under groups:)");
        if (entry.empty())
            reader.error(node, "an empty name cannot be a user or group");
    }
}

} // namespace

Principals parse_principals(Reader& reader, const YAML::Node& groups_node,
                            const YAML::Node& users_node) {
    std::map<std::string, std::vector<std::string>> groups;
    std::map<std::string, User> users;
    std::map<std::string, YAML::Node> group_nodes;
    if (groups_node.IsDefined() && !groups_node.IsNull()) {
        if (auto entries = reader.named(groups_node, "groups")) {
            for (auto& [name, node] : *entries) {
                if (auto members = reader.strings(node, "group \"" + name + "\"")) {
                    groups[name] = *members;
                    group_nodes[name] = node;
                }
            }
        }
    }
    if (users_node.IsDefined() && !users_node.IsNull()) {
        if (auto entries = reader.named(users_node, "users")) {
            for (auto& [name, node] : *entries) {
                auto fields = reader.fields(node, "user \"" + name + "\"", {"emails"});
                if (!fields)
                    continue;
                User u;
                if (fields->has("emails"))
                    if (auto emails = reader.strings((*fields)["emails"], "emails"))
                        u.emails = *emails;
                users[name] = u;
            }
        }
    }
    for (const auto& [name, members] : groups)
        report_unknown_groups(reader, group_nodes[name], members,
                              [&](const std::string& g) { return groups.count(g) > 0; });

    // A group that contains itself, directly or not, has no meaning: reject it.
    std::set<std::string> done, active;
    std::function<bool(const std::string&)> cyclic = [&](const std::string& g) {
        if (active.count(g))
            return true;
        if (done.count(g) || !groups.count(g))
            return false;
        active.insert(g);
        for (const auto& m : groups[g])
            if (m.starts_with("@") && cyclic(m.substr(1)))
                return true;
        active.erase(g);
        done.insert(g);
        return false;
    };
    for (const auto& [name, members] : groups) {
        active.clear();
        if (!done.count(name) && cyclic(name)) {
            reader.error(group_nodes[name], "group \"" + name + "\" contains itself");
            groups[name].clear();
        }
    }
    return Principals(std::move(groups), std::move(users));
}

void check_references(Reader& reader, const YAML::Node& node, const Principals& principals,
                      const std::vector<std::string>& list) {
    report_unknown_groups(reader, node, list,
                          [&](const std::string& g) { return principals.has_group(g); });
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
