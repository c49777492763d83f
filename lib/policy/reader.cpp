// Strict reading of the policy YAML.
#include "policy/reader.hpp"

#include "util/suggest.hpp"

#include <charconv>
#include <set>

namespace slipway::policy {

namespace {

const char* type_name(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Null:
        return "nothing (null)";
    case YAML::NodeType::Scalar:
        return "a scalar";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a mapping";
    default:
        return "nothing";
    }
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

YAML::Node Fields::operator[](std::string_view key) const {
    auto it = m_values.find(key);
    return it == m_values.end() ? YAML::Node(YAML::NodeType::Undefined) : it->second;
}

Position Reader::position(const YAML::Node& node) {
    if (!node.IsDefined())
        return {};
    auto mark = node.Mark();
    if (mark.is_null())
        return {};
    return {mark.line + 1, mark.column + 1};
}

void Reader::error(const YAML::Node& at, const std::string& message) {
    auto p = position(at);
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

std::optional<Fields> Reader::fields(const YAML::Node& node, std::string_view what,
                                     std::initializer_list<std::string_view> known) {
    if (!node.IsMap()) {
        error(node, std::string(what) + " must be a mapping, not " + type_name(node));
        return std::nullopt;
    }
    std::vector<std::string> known_list(known.begin(), known.end());
    Fields out;
    for (auto it = node.begin(); it != node.end(); ++it) {
        // yaml-cpp's iterators yield temporaries: copy the nodes (handles), never bind to them.
        const YAML::Node key = it->first;
        const YAML::Node value = it->second;
        if (!key.IsScalar()) {
            error(key, std::string(what) + " has a key that is not a name");
            continue;
        }
        const std::string name = key.Scalar();
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

std::optional<std::vector<std::pair<std::string, YAML::Node>>>
Reader::named(const YAML::Node& node, std::string_view what) {
    if (!node.IsMap()) {
        error(node, std::string(what) + " must be a mapping of names, not " + type_name(node));
        return std::nullopt;
    }
    std::vector<std::pair<std::string, YAML::Node>> out;
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        const YAML::Node value = it->second;
        if (!key.IsScalar() || key.Scalar().empty()) {
            error(key, std::string(what) + " has a key that is not a name");
            continue;
        }
        if (!seen.insert(key.Scalar()).second) {
            error(key, "\"" + key.Scalar() + "\" appears twice in " + std::string(what));
            continue;
        }
        out.emplace_back(key.Scalar(), value);
    }
    return out;
}

std::optional<std::string> Reader::string(const YAML::Node& node, std::string_view what) {
    if (!node.IsScalar()) {
        error(node, std::string(what) + " must be a string, not " + type_name(node));
        return std::nullopt;
    }
    return node.Scalar();
}

std::optional<bool> Reader::boolean(const YAML::Node& node, std::string_view what) {
    if (node.IsScalar() && node.Tag() != "!") {
        if (node.Scalar() == "true")
            return true;
        if (node.Scalar() == "false")
            return false;
    }
    error(node, std::string(what) + " must be true or false");
    return std::nullopt;
}

std::optional<long long> Reader::integer(const YAML::Node& node, std::string_view what,
                                         long long min, long long max) {
    if (node.IsScalar() && node.Tag() != "!") {
        const std::string& s = node.Scalar();
        long long value = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        if (ec == std::errc() && end == s.data() + s.size() && value >= min && value <= max)
            return value;
    }
    error(node, std::string(what) + " must be a whole number from " + std::to_string(min) + " to " +
                    std::to_string(max));
    return std::nullopt;
}

std::optional<std::vector<std::string>> Reader::strings(const YAML::Node& node,
                                                        std::string_view what) {
    if (node.IsScalar())
        return std::vector<std::string>{node.Scalar()};
    if (!node.IsSequence()) {
        error(node,
              std::string(what) + " must be a string or a list of strings, not " + type_name(node));
        return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (const auto& item : node) {
        if (!item.IsScalar()) {
            error(item, "each entry of " + std::string(what) + " must be a string, not " +
                            type_name(item));
            ok = false;
            continue;
        }
        out.push_back(item.Scalar());
    }
    if (!ok)
        return std::nullopt;
    return out;
}

std::optional<util::Pattern> Reader::pattern(const YAML::Node& node, std::string_view what) {
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

std::optional<std::vector<std::string>> Reader::paths(const YAML::Node& node,
                                                      std::string_view what) {
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

std::optional<std::vector<YAML::Node>> Reader::sequence(const YAML::Node& node,
                                                        std::string_view what) {
    if (!node.IsSequence()) {
        error(node, std::string(what) + " must be a list, not " + type_name(node));
        return std::nullopt;
    }
    std::vector<YAML::Node> out;
    for (const auto& item : node)
        out.push_back(item);
    return out;
}

} // namespace slipway::policy
