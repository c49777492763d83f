// Scalar typing: what type an unquoted YAML scalar has, the way Kubernetes reads YAML.
#include "manifest/scalar.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

namespace slipway::manifest {
namespace {

bool one_of(std::string_view text, std::initializer_list<std::string_view> words) {
    for (auto w : words)
        if (text == w)
            return true;
    return false;
}

bool is_digit(char c, int base) {
    switch (base) {
    case 2:
        return c == '0' || c == '1';
    case 8:
        return c >= '0' && c <= '7';
    case 10:
        return c >= '0' && c <= '9';
    default:
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}

// Splits `text` (underscores already removed) into sign, base and digits, as Go's
// strconv.ParseInt(s, 0, 64) reads it. False when it is not an integer literal.
bool split_integer(std::string_view text, bool& negative, int& base, std::string_view& digits) {
    negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    base = 10;
    if (text.size() > 2 && text[0] == '0') {
        char p = text[1];
        if (p == 'x' || p == 'X')
            base = 16;
        else if (p == 'o' || p == 'O')
            base = 8;
        else if (p == 'b' || p == 'B')
            base = 2;
        if (base != 10)
            text.remove_prefix(2);
    }
    if (base == 10 && text.size() > 1 && text[0] == '0')
        base = 8;
    if (text.empty())
        return false;
    for (char c : text)
        if (!is_digit(c, base))
            return false;
    digits = text;
    return true;
}

// Go's strconv.ParseFloat grammar for decimal literals: [+-] (d+[.d*] | .d+) [(e|E)[+-]d+].
bool is_decimal_float(std::string_view text) {
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
        ++i;
    std::size_t int_digits = 0, frac_digits = 0;
    while (i < text.size() && is_digit(text[i], 10))
        ++i, ++int_digits;
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && is_digit(text[i], 10))
            ++i, ++frac_digits;
    }
    if (int_digits + frac_digits == 0)
        return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            ++i;
        std::size_t exp_digits = 0;
        while (i < text.size() && is_digit(text[i], 10))
            ++i, ++exp_digits;
        if (exp_digits == 0)
            return false;
    }
    return i == text.size();
}

bool is_special_float(std::string_view text) {
    return one_of(text, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
                         "-.INF", ".nan", ".NaN", ".NAN"});
}

// `text` without underscores, in `buffer` when it had any.
std::string_view without_underscores(std::string_view text, std::string& buffer) {
    if (text.find('_') == std::string_view::npos)
        return text;
    buffer.clear();
    for (char c : text)
        if (c != '_')
            buffer.push_back(c);
    return buffer;
}

std::optional<std::int64_t> integer_value(std::string_view text) {
    bool negative = false;
    int base = 10;
    std::string_view digits;
    if (!split_integer(text, negative, base, digits))
        return std::nullopt;
    unsigned long long magnitude = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
    if (ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    constexpr auto max = static_cast<unsigned long long>(INT64_MAX);
    if (negative) {
        if (magnitude > max + 1)
            return std::nullopt;
        return magnitude == max + 1 ? INT64_MIN : -static_cast<std::int64_t>(magnitude);
    }
    if (magnitude > max)
        return std::nullopt;
    return static_cast<std::int64_t>(magnitude);
}

} // namespace

ScalarType resolve_plain(std::string_view text) {
    if (text.empty())
        return ScalarType::null;
    switch (text[0]) {
    case '~':
    case 'n':
    case 'N':
        if (one_of(text, {"~", "null", "Null", "NULL"}))
            return ScalarType::null;
        [[fallthrough]];
    case 'y':
    case 'Y':
    case 't':
    case 'T':
    case 'o':
    case 'O':
    case 'f':
    case 'F':
        if (one_of(text,
                   {"y", "Y", "yes", "Yes", "YES", "true",  "True",  "TRUE",  "on",  "On",  "ON",
                    "n", "N", "no",  "No",  "NO",  "false", "False", "FALSE", "off", "Off", "OFF"}))
            return ScalarType::boolean;
        return ScalarType::string;
    case '.':
        if (is_special_float(text))
            return ScalarType::number;
        return is_decimal_float(text) ? ScalarType::number : ScalarType::string;
    case '+':
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': {
        if (is_special_float(text))
            return ScalarType::number;
        std::string buffer;
        auto plain = without_underscores(text, buffer);
        if (integer_value(plain))
            return ScalarType::integer;
        // Out-of-range integers and things like "08" still parse as Go floats.
        bool negative = false;
        int base = 10;
        std::string_view digits;
        if (split_integer(plain, negative, base, digits) && base == 10)
            return ScalarType::number;
        return is_decimal_float(plain) ? ScalarType::number : ScalarType::string;
    }
    default:
        return ScalarType::string;
    }
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
    std::string buffer;
    return integer_value(without_underscores(text, buffer));
}

std::optional<double> parse_number(std::string_view text) {
    if (auto i = parse_integer(text))
        return static_cast<double>(*i);
    if (is_special_float(text)) {
        if (text.find("nan") != std::string_view::npos ||
            text.find("NaN") != std::string_view::npos ||
            text.find("NAN") != std::string_view::npos)
            return std::nan("");
        return text[0] == '-' ? -INFINITY : INFINITY;
    }
    std::string buffer;
    auto plain = without_underscores(text, buffer);
    if (!is_decimal_float(plain) && resolve_plain(text) != ScalarType::number)
        return std::nullopt;
    if (!plain.empty() && plain[0] == '+')
        plain.remove_prefix(1);
    double value = 0;
    auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
    if (ec != std::errc() || end != plain.data() + plain.size())
        return std::nullopt;
    return value;
}

std::string_view type_name(ScalarType type) {
    static constexpr std::array<std::string_view, 5> names{"null", "boolean", "integer", "number",
                                                           "string"};
    return names[static_cast<std::size_t>(type)];
}

} // namespace slipway::manifest
