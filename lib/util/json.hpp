// JSON values: building them, writing them (pretty, or compact with sorted keys) and parsing.
#pragma once

#include "util/result.hpp"

#include <concepts>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace slipway::util {

enum class JsonStyle {
    compact, ///< no whitespace at all: the canonical form (keys are always sorted)
    pretty,  ///< two-space indentation, one member or element per line
};

/// A JSON value. Object keys are kept sorted, so the compact dump of equal values is
/// byte-for-byte equal: that is what the ledger's canonical encoding relies on.
///
/// Strings are byte strings. Valid UTF-8 is written as is; each byte that is not part of a
/// valid UTF-8 sequence is written as `\udcXX` (a lone low surrogate, as in Python's
/// "surrogateescape"), which parse_json turns back into that byte: arbitrary bytes round-trip
/// and two different byte strings never encode the same.
class Json {
public:
    enum class Type { null, boolean, integer, number, string, array, object };
    using Array = std::vector<Json>;
    using Object = std::map<std::string, Json, std::less<>>;

    Json() = default;
    Json(std::nullptr_t) {}
    Json(bool value)
        : m_value(value) {}
    template <std::integral I>
    requires(!std::same_as<I, bool>) Json(I value)
        : m_value(static_cast<std::int64_t>(value)) {}
    Json(double value)
        : m_value(value) {}
    Json(const char* value)
        : m_value(std::string(value)) {}
    Json(std::string value)
        : m_value(std::move(value)) {}
    Json(std::string_view value)
        : m_value(std::string(value)) {}
    Json(Array value)
        : m_value(std::move(value)) {}
    Json(Object value)
        : m_value(std::move(value)) {}

    /// An empty array / object (a default Json is null).
    static Json array() { return Json(Array{}); }
    static Json object() { return Json(Object{}); }

    Type type() const { return static_cast<Type>(m_value.index()); }
    bool is_null() const { return type() == Type::null; }

    /// The value when it has that type; otherwise false, 0, 0.0, "", an empty array or
    /// object. A number that is integral converts both ways.
    bool as_bool() const;
    std::int64_t as_int() const;
    double as_double() const;
    const std::string& as_string() const;
    const Array& as_array() const;
    const Object& as_object() const;

    /// Member `key`, created as null when missing. A null value becomes an object first;
    /// any other non-object is replaced by an object.
    Json& operator[](std::string_view key);
    /// Member `key`, or a null value when this is not an object or has no such member.
    const Json& at(std::string_view key) const;
    /// True when this is an object with member `key`.
    bool contains(std::string_view key) const;
    /// Appends `value`; a null value becomes an array first, any other non-array is replaced.
    void push_back(Json value);
    /// Number of elements or members; 0 for scalars.
    std::size_t size() const;

    /// The JSON text of this value, without a trailing newline. Non-finite doubles are
    /// written as null.
    std::string dump(JsonStyle style = JsonStyle::compact) const;

    friend bool operator==(const Json&, const Json&) = default;

private:
    void write(std::string& out, JsonStyle style, int depth) const;

    std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object> m_value;
};

/// `text` as a JSON string literal, quotes included (see Json for how bytes are escaped).
std::string json_quote(std::string_view text);

/// Parses one JSON value (RFC 8259) surrounded by optional whitespace. Integers that fit in
/// 64 bits become integers, other numbers doubles. Fails with the line and column of the
/// first problem, e.g. "JSON line 2, column 5: expected ':' after an object key". Nesting
/// deeper than 512 levels is refused.
Result<Json> parse_json(std::string_view text);

} // namespace slipway::util
