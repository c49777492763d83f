// Strict reading of the policy YAML.
#include "policy/reader.hpp"

#include "util/suggest.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace slipway::policy {

namespace {

const char* type_name(const YamlNode& node) {
    if (!node.is_defined())
        return "nothing";
    if (node.is_null())
        return "nothing (null)";
    if (node.is_map())
        return "a mapping";
    if (node.is_sequence())
        return "a list";
    return "a scalar";
}

// A path inside the repository: relative, no ".." component.
bool inside_repository(const std::string& path) {
    if (path.empty() || path.front() == '/')
        return false;
    std::size_t start = 0;
    for (;;) {
        auto slash = path.find('/', start);
        if (path.substr(start, slash == std::string::npos ? slash : slash - start) == "..")
            return false;
        if (slash == std::string::npos)
            return true;
        start = slash + 1;
    }
}

} // namespace

Position YamlNode::position() const {
    if (!is_defined())
        return {};
    const auto& n = node();
    return {static_cast<int>(n.line), static_cast<int>(n.column)};
}

YamlNode Fields::operator[](std::string_view key) const {
    auto it = m_values.find(key);
    return it == m_values.end() ? YamlNode() : it->second;
}

void Reader::error(const YamlNode& at, const std::string& message) {
    error(at.position(), message);
}

void Reader::error(Position p, const std::string& message) {
    if (p.line == 0) {
        error(message);
        return;
    }
    m_errors.push_back(m_source + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) +
                       ": " + message);
}

void Reader::error(const std::string& message) {
    m_errors.push_back(m_source + ": " + message);
}

std::optional<Fields> Reader::fields(const YamlNode& node, std::string_view what,
                                     std::initializer_list<std::string_view> known) {
    if (!node.is_map()) {
        error(node, std::string(what) + " must be a mapping, not " + type_name(node));
        return std::nullopt;
    }
    std::vector<std::string> known_list(known.begin(), known.end());
    Fields out;
    const manifest::Tree& tree = node.tree();
    for (std::size_t i = 0; i < node.size(); ++i) {
        const YamlNode key(tree, tree.key(node.id(), i));
        const YamlNode value(tree, tree.value(node.id(), i));
        if (!key.is_scalar()) {
            error(key, std::string(what) + " has a key that is not a name");
            continue;
        }
        const std::string name = key.scalar();
        if (std::find(known_list.begin(), known_list.end(), name) == known_list.end()) {
            std::string message = "unknown key \"" + name + "\" in " + std::string(what);
            if (auto s = util::suggest(name, known_list))
                message += " (did you mean \"" + *s + "\"?)";
            else {
                message += "; known keys:";
                for (const auto& k : known_list)
                    message += " " + k;
            }
            error(key, message);
            continue;
        }
        if (out.m_values.count(name)) {
            error(key, "key \"" + name + "\" appears twice in " + std::string(what));
            continue;
        }
        out.m_values.emplace(name, value);
    }
    return out;
}

std::optional<std::vector<std::pair<std::string, YamlNode>>> Reader::named(const YamlNode& node,
                                                                           std::string_view what) {
    if (!node.is_map()) {
        error(node, std::string(what) + " must be a mapping of names, not " + type_name(node));
        return std::nullopt;
    }
    std::vector<std::pair<std::string, YamlNode>> out;
    std::set<std::string> seen;
    const manifest::Tree& tree = node.tree();
    for (std::size_t i = 0; i < node.size(); ++i) {
        const YamlNode key(tree, tree.key(node.id(), i));
        const YamlNode value(tree, tree.value(node.id(), i));
        if (!key.is_scalar() || key.scalar().empty()) {
            error(key, std::string(what) + " has a key that is not a name");
            continue;
        }
        if (!seen.insert(key.scalar()).second) {
            error(key, "\"" + key.scalar() + "\" appears twice in " + std::string(what));
            continue;
        }
        out.emplace_back(key.scalar(), value);
    }
    return out;
}

std::optional<std::string> Reader::string(const YamlNode& node, std::string_view what) {
    if (!node.is_scalar()) {
        error(node, std::string(what) + " must be a string, not " + type_name(node));
        return std::nullopt;
    }
    return node.scalar();
}

std::optional<bool> Reader::boolean(const YamlNode& node, std::string_view what) {
    if (node.is_scalar() && node.node().type == manifest::NodeType::boolean) {
        if (node.scalar() == "true")
            return true;
        if (node.scalar() == "false")
            return false;
    }
    error(node, std::string(what) + " must be true or false");
    return std::nullopt;
}

std::optional<long long> Reader::integer(const YamlNode& node, std::string_view what, long long min,
                                         long long max) {
    if (node.is_scalar() && node.node().type == manifest::NodeType::integer) {
        const std::string s = node.scalar();
        long long value = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        if (ec == std::errc() && end == s.data() + s.size() && value >= min && value <= max)
            return value;
    }
    error(node, std::string(what) + " must be a whole number from " + std::to_string(min) + " to " +
                    std::to_string(max));
    return std::nullopt;
}

std::optional<std::vector<std::string>> Reader::strings(const YamlNode& node,
                                                        std::string_view what) {
    if (node.is_scalar())
        return std::vector<std::string>{node.scalar()};
    if (!node.is_sequence()) {
        error(node,
              std::string(what) + " must be a string or a list of strings, not " + type_name(node));
        return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const YamlNode item(node.tree(), node.tree().item(node.id(), i));
        if (!item.is_scalar()) {
            error(item, "each entry of " + std::string(what) + " must be a string, not " +
                            type_name(item));
            ok = false;
            continue;
        }
        out.push_back(item.scalar());
    }
    if (!ok)
        return std::nullopt;
    return out;
}

std::optional<util::Pattern> Reader::pattern(const YamlNode& node, std::string_view what) {
    auto text = string(node, what);
    if (!text)
        return std::nullopt;
    auto compiled = util::Pattern::compile(*text);
    if (!compiled) {
        error(node, std::string(what) + " is " + compiled.error().message);
        return std::nullopt;
    }
    return *std::move(compiled);
}

std::optional<std::vector<std::string>> Reader::paths(const YamlNode& node, std::string_view what) {
    auto list = strings(node, what);
    if (!list)
        return std::nullopt;
    if (list->empty()) {
        error(node, std::string(what) + " must name at least one path");
        return std::nullopt;
    }
    for (auto& p : *list) {
        while (p.size() > 1 && p.back() == '/')
            p.pop_back();
        if (!inside_repository(p)) {
            error(node, std::string(what) + " entry \"" + p +
                            "\" must be a path inside the repository (relative, without ..)");
            return std::nullopt;
        }
    }
    return list;
}

std::optional<std::vector<YamlNode>> Reader::sequence(const YamlNode& node, std::string_view what) {
    if (!node.is_sequence()) {
        error(node, std::string(what) + " must be a list, not " + type_name(node));
        return std::nullopt;
    }
    std::vector<YamlNode> out;
    for (std::size_t i = 0; i < node.size(); ++i)
        out.emplace_back(node.tree(), node.tree().item(node.id(), i));
    return out;
}

} // namespace slipway::policy
