// FieldPath: where a node sits in an object, spelled as users read it ("spec.containers[0].image").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slipway::manifest {

/// A stack of keys and indices, pushed and popped while walking an object. Keys are views:
/// they must outlive the path (they point into a Tree).
class FieldPath {
public:
    /// An empty path; str() starts with `prefix` ("items[2]") when given.
    explicit FieldPath(std::string prefix = {})
        : m_prefix(std::move(prefix)) {}

    void push_key(std::string_view key) { m_segments.push_back({key, 0, false}); }
    void push_index(std::size_t index) { m_segments.push_back({{}, index, true}); }
    void pop() { m_segments.pop_back(); }
    bool empty() const { return m_segments.empty() && m_prefix.empty(); }

    /// The path as text: keys joined with '.', indices as "[i]", keys that are not plain
    /// identifiers (dots, slashes...) as ["key"]: `metadata.labels["app.kubernetes.io/name"]`.
    std::string str() const;
    /// The path with `key` appended, without changing this path.
    std::string str_with(std::string_view key) const;

private:
    struct Segment {
        std::string_view key;
        std::size_t index;
        bool is_index;
    };
    std::string m_prefix;
    std::vector<Segment> m_segments;
};

/// Appends `key` to the path text `out` the way FieldPath::str() spells it.
void append_path_key(std::string& out, std::string_view key);

/// `text` in double quotes with '"', '\\' and control characters escaped, for messages.
std::string quoted(std::string_view text);

} // namespace slipway::manifest
