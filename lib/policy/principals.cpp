// Users and groups of the policy.
#include "policy/principals.hpp"

#include "policy/parse.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace slipway::policy {

namespace {

// `text` as hex digits only, uppercase ("" when anything but hex digits and spaces is in it).
std::string normalized_fingerprint(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == ' ')
            continue;
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return "";
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return out;
}

// Reports entries of `list` (read at `node`) that name a group `defined` says is not.
template <class Defined>
void report_unknown_groups(Reader& reader, const YamlNode& node,
                           const std::vector<std::string>& list, const Defined& defined) {
    for (const auto& entry : list) {
        if (entry.starts_with("@") && !defined(entry.substr(1)))
            reader.error(node,
                         "unknown group \"" + entry.substr(1) + "\" (define it under groups:)");
        if (entry.empty())
            reader.error(node, "an empty name cannot be a user or group");
    }
}

// Reads `users.<name>.keys` (a key line or a list of them), each problem at its own line:col.
// A key two users share is refused: a signature by it would prove neither.
void parse_keys(Reader& reader, const YamlNode& node, const std::string& name, User& user,
                std::map<std::string, std::string>& owners) {
    std::vector<YamlNode> items;
    if (node.is_sequence()) {
        if (auto list = reader.sequence(node, "users." + name + ".keys"))
            items = *list;
    } else {
        items.push_back(node);
    }
    if (!items.empty() && !signing::is_plain_principal(name))
        reader.error(node, "users." + name + ".keys: the user name \"" + name +
                               "\" cannot sign with SSH keys: ssh-keygen would read it as a "
                               "pattern; use letters, digits and ._@+- only");
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string what = "users." + name + ".keys[" + std::to_string(i) + "]";
        auto line = reader.string(items[i], what);
        if (!line)
            continue;
        auto key = signing::parse_ssh_public_key(*line);
        if (!key) {
            reader.error(items[i], what + ": " + key.error().message);
            continue;
        }
        auto [it, fresh] = owners.emplace(key->fingerprint(), name);
        if (!fresh && it->second != name) {
            reader.error(items[i], what + ": the key " + key->fingerprint() + " is also users." +
                                       it->second + "'s; a key signs for one user only");
            continue;
        }
        user.keys.push_back(std::move(*key));
    }
}

} // namespace

Principals parse_principals(Reader& reader, const YamlNode& groups_node,
                            const YamlNode& users_node) {
    std::map<std::string, std::vector<std::string>> groups;
    std::map<std::string, User> users;
    std::map<std::string, YamlNode> group_nodes;
    std::map<std::string, std::string> key_owners; // SSH key fingerprint → user
    if (groups_node.is_defined() && !groups_node.is_null()) {
        if (auto entries = reader.named(groups_node, "groups")) {
            for (auto& [name, node] : *entries) {
                if (auto members = reader.strings(node, "group \"" + name + "\"")) {
                    groups[name] = *members;
                    group_nodes[name] = node;
                }
            }
        }
    }
    if (users_node.is_defined() && !users_node.is_null()) {
        if (auto entries = reader.named(users_node, "users")) {
            for (auto& [name, node] : *entries) {
                auto fields =
                    reader.fields(node, "user \"" + name + "\"", {"emails", "gpg", "keys"});
                if (!fields)
                    continue;
                User u;
                if (fields->has("emails"))
                    if (auto emails = reader.strings((*fields)["emails"], "emails"))
                        u.emails = *emails;
                if (fields->has("gpg"))
                    if (auto keys = reader.strings((*fields)["gpg"], "gpg"))
                        for (const auto& key : *keys) {
                            auto fingerprint = normalized_fingerprint(key);
                            if (fingerprint.size() == 40 || fingerprint.size() == 64)
                                u.gpg.push_back(std::move(fingerprint));
                            else
                                reader.error((*fields)["gpg"],
                                             "users." + name + ".gpg: \"" + key +
                                                 "\" is not an OpenPGP fingerprint (40 hex "
                                                 "digits, as `gpg --fingerprint` prints them)");
                        }
                if (fields->has("keys"))
                    parse_keys(reader, (*fields)["keys"], name, u, key_owners);
                users[name] = u;
            }
        }
    }
    for (const auto& [name, members] : groups)
        report_unknown_groups(reader, group_nodes[name], members,
                              [&](const std::string& g) { return groups.count(g) > 0; });

    // A group that contains itself, directly or not, has no meaning: reject it. Depth-first
    // with an explicit stack (thousands of nested groups must not exhaust the call stack), each
    // group walked once; a member that leads back into the walk closes a cycle, reported at
    // the group it leads back to, whose membership is then dropped.
    enum class Mark { none, active, done };
    std::map<std::string, Mark> marks;
    std::set<std::string> cyclic;
    struct Step {
        std::string group;
        std::size_t next = 0; // index of the member to look at next
    };
    for (const auto& [name, members] : groups) {
        if (marks[name] != Mark::none)
            continue;
        std::vector<Step> stack{{name}};
        marks[name] = Mark::active;
        while (!stack.empty()) {
            Step& top = stack.back();
            const auto& list = groups[top.group];
            if (top.next == list.size()) {
                marks[top.group] = Mark::done;
                stack.pop_back();
                continue;
            }
            const std::string& m = list[top.next++];
            if (!m.starts_with("@") || !groups.count(m.substr(1)))
                continue;
            std::string inner = m.substr(1);
            Mark& mark = marks[inner];
            if (mark == Mark::active) {
                if (cyclic.insert(inner).second)
                    reader.error(group_nodes[inner], "group \"" + inner + "\" contains itself");
            } else if (mark == Mark::none) {
                mark = Mark::active;
                stack.push_back({std::move(inner)});
            }
        }
    }
    for (const auto& g : cyclic)
        groups[g].clear();
    return Principals(std::move(groups), std::move(users));
}

void check_references(Reader& reader, const YamlNode& node, const Principals& principals,
                      const std::vector<std::string>& list) {
    report_unknown_groups(reader, node, list,
                          [&](const std::string& g) { return principals.has_group(g); });
}

bool Principals::includes(const std::vector<std::string>& list, const std::string& user) const {
    // Each group is looked into once per call, however many lists include it: nested groups
    // that include each other many times over cost their size, not the number of paths
    // through them (9 levels of 10 includes would be a billion walks).
    std::set<std::string_view> seen;
    std::vector<const std::vector<std::string>*> todo{&list};
    while (!todo.empty()) {
        const auto* members = todo.back();
        todo.pop_back();
        for (const auto& entry : *members) {
            if (entry == "*" || entry == user)
                return true;
            if (!entry.starts_with("@"))
                continue;
            auto it = m_groups.find(std::string_view(entry).substr(1));
            if (it != m_groups.end() && seen.insert(it->first).second)
                todo.push_back(&it->second);
        }
    }
    return false;
}

const User* Principals::user(const std::string& name) const {
    auto it = m_users.find(name);
    return it == m_users.end() ? nullptr : &it->second;
}

std::optional<std::string> Principals::owner_of_ssh_key(const std::string& fingerprint) const {
    for (const auto& [name, user] : m_users)
        for (const auto& key : user.keys)
            if (key.fingerprint() == fingerprint)
                return name;
    return std::nullopt;
}

std::vector<signing::AllowedSigner> Principals::allowed_signers() const {
    std::vector<signing::AllowedSigner> out;
    for (const auto& [name, user] : m_users)
        for (const auto& key : user.keys)
            out.push_back({name, key});
    return out;
}

std::optional<std::string> Principals::owner_of_email(const std::string& email) const {
    auto lower = [](std::string s) {
        for (char& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    const auto wanted = lower(email);
    for (const auto& [name, user] : m_users)
        for (const auto& e : user.emails)
            if (lower(e) == wanted)
                return name;
    return std::nullopt;
}

std::optional<std::string> Principals::owner_of_gpg_key(const std::string& key) const {
    const std::string id = normalized_fingerprint(key);
    if (id.size() < 16)
        return std::nullopt;
    for (const auto& [name, user] : m_users)
        for (const auto& fingerprint : user.gpg)
            if (fingerprint.ends_with(id))
                return name;
    return std::nullopt;
}

} // namespace slipway::policy
