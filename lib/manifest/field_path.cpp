// FieldPath: where a node sits in an object, spelled as users read it ("spec.containers[0].image").
#include "manifest/field_path.hpp"

#include <cstdio>

namespace slipway::manifest {
namespace {

bool is_plain_key(std::string_view key) {
    if (key.empty())
        return false;
    for (char c : key) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '$';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

std::string quoted(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
    return out;
}

void append_path_key(std::string& out, std::string_view key) {
    if (is_plain_key(key)) {
        if (!out.empty())
            out.push_back('.');
        out += key;
    } else {
        out.push_back('[');
        out += quoted(key);
        out.push_back(']');
    }
}

std::string FieldPath::str() const {
    std::string out = m_prefix;
    for (const auto& s : m_segments) {
        if (s.is_index) {
            out.push_back('[');
            out += std::to_string(s.index);
            out.push_back(']');
        } else {
            append_path_key(out, s.key);
        }
    }
    return out;
}

std::string FieldPath::str_with(std::string_view key) const {
    std::string out = str();
    append_path_key(out, key);
    return out;
}

} // namespace slipway::manifest
