// Users and groups of the policy: who is who, and who belongs to a list like ["@ops", "carol"].
#pragma once

#include "signing/allowed_signers.hpp"
#include "signing/ssh_key.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace slipway::policy {

/// What the policy knows of one user: the addresses their commits carry, and their keys.
struct User {
    std::vector<std::string> emails;
    /// OpenPGP fingerprints (40 or 64 hex digits, uppercase, no spaces) of keys that sign
    /// for them (push certificates).
    std::vector<std::string> gpg;
    /// SSH public keys that sign for them (commits, tags, push certificates).
    std::vector<signing::SshPublicKey> keys;
};

/// The `groups:` and `users:` sections.
class Principals {
public:
    Principals() = default;
    /// `groups`: name → list of users and `@group`s; `users`: name → User.
    Principals(const std::map<std::string, std::vector<std::string>>& groups,
               std::map<std::string, User> users)
        : m_groups(groups.begin(), groups.end())
        , m_users(std::move(users)) {}

    /// True when `user` is named in `list` directly, through a `@group` (nested groups
    /// followed, each group looked into at most once), or the list holds "*" (everyone).
    bool includes(const std::vector<std::string>& list, const std::string& user) const;
    /// True when `name` (without the `@`) is a defined group.
    bool has_group(const std::string& name) const { return m_groups.find(name) != m_groups.end(); }
    /// The user entry for `name`, or nullptr.
    const User* user(const std::string& name) const;
    /// The user one of whose `gpg` fingerprints is `key` or ends with it (gpg names a key by
    /// its fingerprint or its 16-digit long id; case and spaces do not matter); nullopt when
    /// no user has it, or `key` is shorter than a long id.
    std::optional<std::string> owner_of_gpg_key(const std::string& key) const;

    /// The user one of whose SSH keys has fingerprint `fingerprint` ("SHA256:..."), or nullopt.
    std::optional<std::string> owner_of_ssh_key(const std::string& fingerprint) const;
    /// The user who lists `email` (case does not matter) under `emails`; nullopt when none.
    std::optional<std::string> owner_of_email(const std::string& email) const;

    /// Every user's SSH keys as allowed signers (the user's name is the principal).
    std::vector<signing::AllowedSigner> allowed_signers() const;

private:
    std::map<std::string, std::vector<std::string>, std::less<>> m_groups;
    std::map<std::string, User> m_users;
};

} // namespace slipway::policy
