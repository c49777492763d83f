// Strict reading of the policy YAML: typed values, known keys only, every problem at line:col.
// Private to policy/: only its .cpp files include it (the public headers name no YAML type).
#pragma once

#include "manifest/tree.hpp"
#include "policy/position.hpp"
#include "util/pattern.hpp"

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::policy {

/// A handle on one node of the loaded policy, or on nothing (the value of an absent key).
/// Cheap to copy; valid while the Tree it points into lives (parse_policy keeps it for the
/// whole reading).
class YamlNode {
public:
    /// Nothing: what Fields gives for an absent key.
    YamlNode() = default;
    YamlNode(const manifest::Tree& tree, manifest::NodeId id)
        : m_tree(&tree)
        , m_id(id) {}

    /// True unless this is nothing (an absent key).
    bool is_defined() const { return m_tree && m_id != manifest::no_node; }
    /// True for a null value: `~`, `null` or no value at all (`key:`).
    bool is_null() const { return is_defined() && node().type == manifest::NodeType::null; }
    /// True for a value that is not null, a mapping or a list.
    bool is_scalar() const { return is_defined() && !is_null() && m_tree->is_scalar(m_id); }
    bool is_sequence() const { return is_defined() && m_tree->is_sequence(m_id); }
    bool is_map() const { return is_defined() && m_tree->is_mapping(m_id); }
    /// Items of a list or entries of a mapping; 0 otherwise.
    std::size_t size() const { return is_defined() ? m_tree->size(m_id) : 0; }
    /// The text of a scalar as written (escapes resolved, tags applied); empty otherwise.
    std::string scalar() const { return is_defined() ? std::string(m_tree->text(m_id)) : ""; }
    /// Where the node is (1-based); {0, 0} for nothing.
    Position position() const;

    /// The loaded node underneath, for the Reader; `is_defined()` must hold.
    const manifest::Node& node() const { return m_tree->node(m_id); }
    const manifest::Tree& tree() const { return *m_tree; }
    manifest::NodeId id() const { return m_id; }

private:
    const manifest::Tree* m_tree = nullptr;
    manifest::NodeId m_id = manifest::no_node;
};

/// The keys of one YAML mapping, after unknown and duplicate keys were reported.
class Fields {
public:
    /// The value under `key`, or nothing (an undefined node) when absent.
    YamlNode operator[](std::string_view key) const;
    bool has(std::string_view key) const { return m_values.count(std::string(key)) > 0; }

private:
    friend class Reader;
    std::map<std::string, YamlNode, std::less<>> m_values;
};

/// Reads values out of a parsed policy and collects every problem as
/// "<source>:<line>:<col>: <message>", so one run reports all of them.
class Reader {
public:
    explicit Reader(std::string source)
        : m_source(std::move(source)) {}

    /// Records a problem located at `at`.
    void error(const YamlNode& at, const std::string& message);
    /// Records a problem at `position` (1-based; 0: none).
    void error(Position position, const std::string& message);
    /// Records a problem with no position.
    void error(const std::string& message);
    const std::vector<std::string>& errors() const { return m_errors; }

    /// Position of `node` (1-based).
    static Position position(const YamlNode& node) { return node.position(); }

    /// The keys of mapping `node`; `what` names it in messages ("ref rule"). Keys not in
    /// `known` and repeated keys are errors (with a suggestion for near misses). nullopt when
    /// `node` is not a mapping.
    std::optional<Fields> fields(const YamlNode& node, std::string_view what,
                                 std::initializer_list<std::string_view> known);
    /// A mapping whose keys are free-form names (group names, user names).
    std::optional<std::vector<std::pair<std::string, YamlNode>>> named(const YamlNode& node,
                                                                       std::string_view what);

    std::optional<std::string> string(const YamlNode& node, std::string_view what);
    /// Only plain `true` or `false`.
    std::optional<bool> boolean(const YamlNode& node, std::string_view what);
    std::optional<long long> integer(const YamlNode& node, std::string_view what, long long min,
                                     long long max);
    /// A string or a list of strings.
    std::optional<std::vector<std::string>> strings(const YamlNode& node, std::string_view what);
    /// A regular expression (RE2 syntax, see util/pattern.hpp), compiled.
    std::optional<util::Pattern> pattern(const YamlNode& node, std::string_view what);
    /// A path or a list of paths inside the repository: relative, without `..`, trailing
    /// slashes dropped; at least one.
    std::optional<std::vector<std::string>> paths(const YamlNode& node, std::string_view what);
    /// A sequence; each element is handed to the caller.
    std::optional<std::vector<YamlNode>> sequence(const YamlNode& node, std::string_view what);

private:
    std::string m_source;
    std::vector<std::string> m_errors;
};

} // namespace slipway::policy
