// FieldPath: where a node sits in an object, spelled as users read it ("spec.containers[0].image").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::manifest {

/// A stack of keys and indices, pushed and popped while walking an object. Keys are views:
/// they must outlive the path (they point into a Tree).
class FieldPath {
public:
    void push_key(std::string_view key) { m_segments.push_back({key, 0, false}); }
    void push_index(std::size_t index) { m_segments.push_back({{}, index, true}); }
    void pop() { m_segments.pop_back(); }
    bool empty() const { return m_segments.empty(); }

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
    std::vector<Segment> m_segments;
};

/// Appends `key` to the path text `out` the way FieldPath::str() spells it.
void append_path_key(std::string& out, std::string_view key);

/// `text` in double quotes with '"', '\\' and control characters escaped, for messages.
std::string quoted(std::string_view text);

} // namespace slipway::manifest
