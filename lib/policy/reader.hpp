// Strict reading of the policy YAML: typed values, known keys only, every problem at line:col.
// Private to policy/: only its .cpp files include it (the public headers name no YAML type).
#pragma once

#include "policy/position.hpp"
#include "util/pattern.hpp"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::policy {

/// The keys of one YAML mapping, after unknown and duplicate keys were reported.
class Fields {
public:
    /// The value under `key`, or an undefined node when absent.
    YAML::Node operator[](std::string_view key) const;
    bool has(std::string_view key) const { return m_values.count(std::string(key)) > 0; }

private:
    friend class Reader;
    std::map<std::string, YAML::Node, std::less<>> m_values;
};

/// Reads values out of a parsed policy and collects every problem as
/// "<source>:<line>:<col>: <message>", so one run reports all of them.
class Reader {
public:
    explicit Reader(std::string source)
        : m_source(std::move(source)) {}

    /// Records a problem located at `at`.
    void error(const YAML::Node& at, const std::string& message);
    /// Records a problem with no position.
    void error(const std::string& message);
    const std::vector<std::string>& errors() const { return m_errors; }

    /// Position of `node` (1-based).
    static Position position(const YAML::Node& node);

    /// The keys of mapping `node`; `what` names it in messages ("ref rule"). Keys not in
    /// `known` and repeated keys are errors (with a suggestion for near misses). nullopt when
    /// `node` is not a mapping.
    std::optional<Fields> fields(const YAML::Node& node, std::string_view what,
                                 std::initializer_list<std::string_view> known);
    /// A mapping whose keys are free-form names (group names, user names).
    std::optional<std::vector<std::pair<std::string, YAML::Node>>> named(const YAML::Node& node,
                                                                         std::string_view what);

    std::optional<std::string> string(const YAML::Node& node, std::string_view what);
    /// Only plain `true` or `false`.
    std::optional<bool> boolean(const YAML::Node& node, std::string_view what);
    std::optional<long long> integer(const YAML::Node& node, std::string_view what, long long min,
                                     long long max);
    /// A string or a list of strings.
    std::optional<std::vector<std::string>> strings(const YAML::Node& node, std::string_view what);
    /// A regular expression (ECMAScript syntax), compiled.
    std::optional<util::Pattern> pattern(const YAML::Node& node, std::string_view what);
    /// A path or a list of paths inside the repository: relative, without `..`, trailing
    /// slashes dropped; at least one.
    std::optional<std::vector<std::string>> paths(const YAML::Node& node, std::string_view what);
    /// A sequence; each element is handed to the caller.
    std::optional<std::vector<YAML::Node>> sequence(const YAML::Node& node, std::string_view what);

private:
    std::string m_source;
    std::vector<std::string> m_errors;
};

} // namespace slipway::policy
