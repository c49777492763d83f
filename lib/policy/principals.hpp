// Users and groups of the policy: who is who, and who belongs to a list like ["@ops", "carol"].
#pragma once

#include "policy/reader.hpp"

#include <map>
#include <string>
#include <vector>

namespace slipway::policy {

/// What the policy knows of one user: the addresses their commits carry.
struct User {
    std::vector<std::string> emails;
};

/// The `groups:` and `users:` sections.
class Principals {
public:
    /// Parses `groups` (name → list of users and `@group`s) and `users` (name → {emails}),
    /// reporting unknown groups and membership cycles through `reader`.
    static Principals parse(Reader& reader, const YAML::Node& groups, const YAML::Node& users);

    /// True when `user` is named in `list` directly, through a `@group` (nested groups
    /// followed), or the list holds "*" (everyone).
    bool includes(const std::vector<std::string>& list, const std::string& user) const;
    /// Reports entries of `list` (read at `node`) that name an undefined `@group`.
    void check_references(Reader& reader, const YAML::Node& node,
                          const std::vector<std::string>& list) const;
    /// The user entry for `name`, or nullptr.
    const User* user(const std::string& name) const;

private:
    bool in_group(const std::string& group, const std::string& user, int depth) const;
    std::map<std::string, std::vector<std::string>> m_groups;
    std::map<std::string, User> m_users;
};

} // namespace slipway::policy
