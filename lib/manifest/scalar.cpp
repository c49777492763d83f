// Scalar typing: what type an unquoted YAML scalar has, the way Kubernetes reads YAML.
#include "manifest/scalar.hpp"

#include "manifest/field_path.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
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

// --- The patterns of other YAML readers, for plain_is_ambiguous() ---------------------------

bool is_dec(char c) {
    return c >= '0' && c <= '9';
}

// Reads digits (and underscores when `underscores`) of `base` at `i`; returns how many.
std::size_t run(std::string_view t, std::size_t& i, int base, bool underscores) {
    std::size_t start = i;
    while (i < t.size() && (is_digit(t[i], base) || (underscores && t[i] == '_')))
        ++i;
    return i - start;
}

// Skips one leading '+' or '-'.
std::size_t after_sign(std::string_view t) {
    return !t.empty() && (t[0] == '+' || t[0] == '-') ? 1 : 0;
}

// `(:[0-5]?[0-9])+` at `i`, as YAML 1.1 writes sexagesimal (base 60) numbers.
bool sexagesimal_tail(std::string_view t, std::size_t& i) {
    std::size_t groups = 0;
    while (i < t.size() && t[i] == ':') {
        std::size_t j = i + 1, n = run(t, j, 10, false);
        if (n == 0 || n > 2 || (n == 2 && t[i + 1] > '5'))
            return false;
        i = j;
        ++groups;
    }
    return groups > 0;
}

// YAML 1.1 int: 0b…, 0x…, 0…, decimal and sexagesimal, underscores allowed.
bool yaml11_int(std::string_view t) {
    std::size_t i = after_sign(t);
    std::string_view u = t.substr(i);
    if (u.size() > 2 && u[0] == '0' && (u[1] == 'b' || u[1] == 'x')) {
        std::size_t j = 2;
        return run(u, j, u[1] == 'b' ? 2 : 16, true) > 0 && j == u.size();
    }
    if (u == "0")
        return true;
    std::size_t j = 0;
    if (!u.empty() && u[0] == '0') {
        j = 1;
        return run(u, j, 8, true) > 0 && j == u.size();
    }
    if (u.empty() || u[0] < '1' || u[0] > '9')
        return false;
    run(u, j, 10, true);
    return j == u.size() || (sexagesimal_tail(u, j) && j == u.size());
}

// `[eE][-+]?[0-9]+` at `i`; `sign_required` for YAML 1.1.
bool exponent(std::string_view t, std::size_t& i, bool sign_required) {
    if (i >= t.size() || (t[i] != 'e' && t[i] != 'E'))
        return false;
    std::size_t j = i + 1;
    if (j < t.size() && (t[j] == '+' || t[j] == '-'))
        ++j;
    else if (sign_required)
        return false;
    if (run(t, j, 10, false) == 0)
        return false;
    i = j;
    return true;
}

// YAML 1.1 float as its readers (libyaml's PyYAML) match it, sign allowed everywhere:
// 1.5, 1., .5, 1.5e+3, 1:20.5, .inf, .nan.
bool yaml11_float(std::string_view t) {
    std::size_t i = after_sign(t);
    if (is_special_float(t))
        return true;
    if (i < t.size() && t[i] == '.') {
        ++i;
        if (run(t, i, 10, true) == 0)
            return false;
        exponent(t, i, true);
        return i == t.size();
    }
    if (i >= t.size() || !is_dec(t[i]))
        return false;
    run(t, i, 10, true);
    if (i < t.size() && t[i] == ':' && !sexagesimal_tail(t, i))
        return false;
    if (i >= t.size() || t[i] != '.')
        return false;
    ++i;
    run(t, i, 10, true);
    exponent(t, i, true);
    return i == t.size();
}

// YAML 1.2 core int and float: [-+]?[0-9]+, 0o…, 0x…, [-+]?(.d+|d+(.d*)?)([eE][-+]?d+)?.
bool yaml12_number(std::string_view t) {
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'o' || t[1] == 'x')) {
        std::size_t j = 2;
        return run(t, j, t[1] == 'o' ? 8 : 16, false) > 0 && j == t.size();
    }
    std::size_t i = after_sign(t);
    std::size_t digits = run(t, i, 10, false);
    if (i < t.size() && t[i] == '.') {
        ++i;
        digits += run(t, i, 10, false);
    }
    if (digits == 0)
        return false;
    exponent(t, i, false);
    return i == t.size();
}

// A timestamp for YAML 1.1 or go-yaml v3: 2001-12-14, 2001-1-2, 2001-12-14t21:59:43.10-05:00,
// 2001-12-14 21:59:43.10 -5, 2001-12-14T21:59:43Z.
bool timestamp_like(std::string_view t) {
    std::size_t i = 0;
    if (run(t, i, 10, false) != 4 || i >= t.size() || t[i] != '-')
        return false;
    ++i;
    std::size_t n = run(t, i, 10, false);
    if (n == 0 || n > 2 || i >= t.size() || t[i] != '-')
        return false;
    ++i;
    n = run(t, i, 10, false);
    if (n == 0 || n > 2)
        return false;
    if (i == t.size())
        return true;
    if (t[i] == 'T' || t[i] == 't')
        ++i;
    else if (t[i] == ' ' || t[i] == '\t')
        while (i < t.size() && (t[i] == ' ' || t[i] == '\t'))
            ++i;
    else
        return false;
    for (int field = 0; field < 3; ++field) {
        if (field > 0) {
            if (i >= t.size() || t[i] != ':')
                return false;
            ++i;
        }
        n = run(t, i, 10, false);
        if (n == 0 || n > 2)
            return false;
    }
    if (i < t.size() && t[i] == '.') {
        ++i;
        run(t, i, 10, false);
    }
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t'))
        ++i;
    if (i == t.size())
        return true;
    if (t[i] == 'Z')
        return i + 1 == t.size();
    if (t[i] != '+' && t[i] != '-')
        return false;
    ++i;
    n = run(t, i, 10, false);
    if (n == 0 || n > 2)
        return false;
    if (i < t.size() && t[i] == ':') {
        ++i;
        if (run(t, i, 10, false) != 2)
            return false;
    }
    return i == t.size();
}

// --- Tags ------------------------------------------------------------------------------------

constexpr std::string_view yaml_prefix = "tag:yaml.org,2002:";

// A tag Kubernetes has no meaning for (`!Ref`, `!!set`): kubectl and kustomize drop it and
// keep the bare value, so what the author meant is lost. Refused instead.
Error unknown_tag_error(const std::string& shown) {
    return Error{"YAML tag " + shown +
                 " has no meaning in Kubernetes: kubectl would drop it and apply the bare "
                 "value; render the template before pushing, or remove the tag"};
}

// A value in a message: the first 64 bytes of a long one, then "…".
std::string shortened(std::string_view text) {
    if (text.size() <= 64)
        return std::string(text);
    std::size_t cut = 64;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut)) + "…";
}

// Standard base64 (with padding) of `text`, line breaks ignored as Go's decoder ignores them.
std::optional<std::string> decode_base64(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z')
            return c - 'A';
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 26;
        if (c >= '0' && c <= '9')
            return c - '0' + 52;
        if (c == '+')
            return 62;
        if (c == '/')
            return 63;
        return -1;
    };
    std::string clean;
    clean.reserve(text.size());
    for (char c : text)
        if (c != '\n' && c != '\r')
            clean.push_back(c);
    if (clean.size() % 4 != 0)
        return std::nullopt;
    std::string out;
    out.reserve(clean.size() / 4 * 3);
    for (std::size_t i = 0; i < clean.size(); i += 4) {
        const bool last = i + 4 == clean.size();
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            char c = clean[i + k];
            if (c == '=' && last && k >= 2 && (k == 3 || clean[i + 3] == '=')) {
                v[k] = 0;
                ++pad;
            } else if ((v[k] = value(c)) < 0) {
                return std::nullopt;
            }
        }
        const unsigned bits = (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) |
                              (unsigned(v[2]) << 6) | unsigned(v[3]);
        out.push_back(static_cast<char>(bits >> 16));
        if (pad < 2)
            out.push_back(static_cast<char>((bits >> 8) & 0xFF));
        if (pad < 1)
            out.push_back(static_cast<char>(bits & 0xFF));
    }
    return out;
}

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t n = c < 0x80           ? 1
                        : (c >> 5) == 0x6  ? 2
                        : (c >> 4) == 0xE  ? 3
                        : (c >> 3) == 0x1E ? 4
                                           : 0;
        if (n == 0 || i + n > text.size())
            return false;
        std::uint32_t cp = n == 1 ? c : c & (0x7F >> n);
        for (std::size_t k = 1; k < n; ++k) {
            const auto d = static_cast<unsigned char>(text[i + k]);
            if ((d & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (d & 0x3F);
        }
        static constexpr std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n;
    }
    return true;
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// Reads 1 or 2 (`exact` 2: exactly 2) decimal digits at `i`.
std::optional<int> small_number(std::string_view t, std::size_t& i, bool exact = false) {
    std::size_t start = i;
    std::size_t n = run(t, i, 10, false);
    if (n == 0 || n > 2 || (exact && n != 2))
        return std::nullopt;
    int v = 0;
    for (std::size_t k = start; k < i; ++k)
        v = v * 10 + (t[k] - '0');
    return v;
}

// `text` in the forms go-yaml v3 reads as a timestamp ("2006-1-2T15:4:5.999999999Z07:00",
// the same with 't', "2006-1-2 15:4:5.999999999" and "2006-1-2"), written as Go writes a time
// in JSON (RFC 3339, fraction without trailing zeros, "Z" for UTC); nullopt for other text.
std::optional<std::string> rfc3339(std::string_view t) {
    std::size_t i = 0;
    if (run(t, i, 10, false) != 4 || i >= t.size() || t[i] != '-')
        return std::nullopt;
    const int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    ++i;
    auto month = small_number(t, i);
    if (!month || i >= t.size() || t[i] != '-')
        return std::nullopt;
    ++i;
    auto day = small_number(t, i);
    if (!day || *month < 1 || *month > 12 || *day < 1 || *day > days_in_month(year, *month))
        return std::nullopt;
    int hour = 0, minute = 0, second = 0;
    std::string fraction, zone = "Z";
    if (i < t.size()) {
        const char sep = t[i++];
        if (sep != 'T' && sep != 't' && sep != ' ')
            return std::nullopt;
        auto h = small_number(t, i);
        if (!h || i >= t.size() || t[i++] != ':')
            return std::nullopt;
        auto m = small_number(t, i);
        if (!m || i >= t.size() || t[i++] != ':')
            return std::nullopt;
        auto s = small_number(t, i);
        if (!s || *h > 23 || *m > 59 || *s > 59)
            return std::nullopt;
        hour = *h, minute = *m, second = *s;
        if (i < t.size() && t[i] == '.') {
            std::size_t start = ++i;
            if (run(t, i, 10, false) == 0)
                return std::nullopt;
            fraction = std::string(t.substr(start, std::min<std::size_t>(i - start, 9)));
            while (!fraction.empty() && fraction.back() == '0')
                fraction.pop_back();
        }
        if (sep == ' ') {
            if (i != t.size())
                return std::nullopt;
        } else if (i < t.size() && t[i] == 'Z') {
            if (++i != t.size())
                return std::nullopt;
        } else {
            if (i >= t.size() || (t[i] != '+' && t[i] != '-'))
                return std::nullopt;
            const char sign = t[i++];
            auto zh = small_number(t, i, true);
            if (!zh || i >= t.size() || t[i++] != ':')
                return std::nullopt;
            auto zm = small_number(t, i, true);
            if (!zm || i != t.size() || *zh > 24 || *zm > 60)
                return std::nullopt;
            if (*zh != 0 || *zm != 0) {
                // Sized for any int (GCC's -O2 format check cannot see the bounds above).
                char buf[32];
                std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, *zh, *zm);
                zone = buf;
            }
        }
    }
    char buf[80]; // any six ints, as above
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", year, *month, *day, hour,
                  minute, second);
    return std::string(buf) + (fraction.empty() ? "" : "." + fraction) + zone;
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

bool plain_is_ambiguous(std::string_view text) {
    if (resolve_plain(text) != ScalarType::string)
        return true;
    if (text == "<<" || text == "=")
        return true; // YAML 1.1's merge and value types
    switch (text[0]) {
    case '+':
    case '-':
    case '.':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        return yaml11_int(text) || yaml11_float(text) || yaml12_number(text) ||
               timestamp_like(text);
    default:
        return false;
    }
}

std::string written_tag(std::string_view tag) {
    if (tag.starts_with(yaml_prefix))
        return "!!" + std::string(tag.substr(yaml_prefix.size()));
    return std::string(tag);
}

Result<TaggedScalar> apply_tag(std::string_view tag, std::string_view text) {
    if (tag == "!")
        return TaggedScalar{ScalarType::string, std::nullopt};
    const std::string shown = written_tag(tag);
    auto not_a = [&](std::string_view what) {
        return fail(shown + " " + quoted(shortened(text)) + " is not " + std::string(what) +
                    "; kustomize refuses it: write the value without the tag, or a valid one");
    };
    if (!tag.starts_with(yaml_prefix))
        return std::unexpected(unknown_tag_error(shown));
    const std::string_view name = tag.substr(yaml_prefix.size());
    if (name == "str")
        return TaggedScalar{ScalarType::string, std::nullopt};
    if (name == "int") {
        if (!parse_integer(text))
            return not_a("a whole number (decimal, 0x, 0o or 0b, within 64 bits)");
        return TaggedScalar{ScalarType::integer, std::nullopt};
    }
    if (name == "float") {
        if (!parse_number(text))
            return not_a("a number");
        return TaggedScalar{ScalarType::number, std::nullopt};
    }
    if (name == "bool") {
        if (one_of(text, {"true", "True", "TRUE"}))
            return TaggedScalar{ScalarType::boolean, "true"};
        if (one_of(text, {"false", "False", "FALSE"}))
            return TaggedScalar{ScalarType::boolean, "false"};
        return not_a("true or false");
    }
    if (name == "null") {
        if (!one_of(text, {"", "~", "null", "Null", "NULL"}))
            return not_a("null");
        return TaggedScalar{ScalarType::null, std::nullopt};
    }
    if (name == "binary") {
        auto bytes = decode_base64(text);
        if (!bytes)
            return fail(shown + " value is not valid base64; kustomize refuses it");
        if (!valid_utf8(*bytes))
            return fail(shown + " value decodes to bytes that are not UTF-8 text, which kubectl "
                                "would replace with U+FFFD; put binary data base64-encoded in a "
                                "Secret's or ConfigMap's binaryData, without the tag");
        return TaggedScalar{ScalarType::string, std::move(*bytes)};
    }
    if (name == "timestamp") {
        auto time = rfc3339(text);
        if (!time)
            return not_a("a timestamp like 2001-12-14 or 2001-12-14T21:59:43.10-05:00");
        return TaggedScalar{ScalarType::string, std::move(*time)};
    }
    if (name == "map" || name == "seq")
        return fail(shown + " needs a " + (name == "map" ? "mapping" : "list") +
                    ", not a single value");
    return std::unexpected(unknown_tag_error(shown));
}

Status check_container_tag(std::string_view tag, bool mapping) {
    if (tag == "!" || tag == std::string(yaml_prefix) + (mapping ? "map" : "seq"))
        return {};
    const std::string shown = written_tag(tag);
    if (tag.starts_with(yaml_prefix)) {
        const std::string_view name = tag.substr(yaml_prefix.size());
        if (one_of(name,
                   {"str", "int", "float", "bool", "null", "binary", "timestamp", "map", "seq"}))
            return fail(shown + " cannot tag a " + (mapping ? "mapping" : "list"));
    }
    return std::unexpected(unknown_tag_error(shown));
}

} // namespace slipway::manifest
