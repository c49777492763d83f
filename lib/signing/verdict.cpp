// Signature verdicts as text, and their cache on disk.
#include "signing/verdict.hpp"

#include "util/files.hpp"
#include "util/sha256.hpp"

#include <array>
#include <vector>

namespace slipway::signing {

namespace {

constexpr std::string_view header = "slipway-signature 1\n";

constexpr std::array<std::string_view, 10> status_names = {
    "unsigned",          "good",        "bad",         "unknown-key", "wrong-namespace",
    "expired-signature", "expired-key", "revoked-key", "unsupported", "malformed"};

// A field may hold anything but a newline; ssh-keygen's and gpgv's words never need one.
std::string clean(std::string_view field) {
    std::string out(field);
    for (char& c : out)
        if (c == '\n' || c == '\r')
            c = ' ';
    return out;
}

} // namespace

std::string_view signature_status_name(SignatureStatus status) {
    return status_names[static_cast<std::size_t>(status)];
}

std::string encode_signature_verdict(const SignatureVerdict& verdict) {
    std::string out(header);
    out += std::string(status_names[static_cast<std::size_t>(verdict.status)]) + "\n";
    for (const auto* field : {&verdict.format, &verdict.key, &verdict.subkey, &verdict.detail})
        out += clean(*field) + "\n";
    out += "end\n";
    return out;
}

std::optional<SignatureVerdict> decode_signature_verdict(std::string_view text) {
    if (!text.starts_with(header))
        return std::nullopt;
    text.remove_prefix(header.size());
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        auto nl = text.find('\n');
        if (nl == std::string_view::npos)
            return std::nullopt;
        lines.push_back(text.substr(0, nl));
        text.remove_prefix(nl + 1);
    }
    if (lines.size() != 6 || lines[5] != "end")
        return std::nullopt;
    SignatureVerdict out;
    bool known = false;
    for (std::size_t i = 0; i < status_names.size(); ++i)
        if (lines[0] == status_names[i]) {
            out.status = static_cast<SignatureStatus>(i);
            known = true;
        }
    if (!known)
        return std::nullopt;
    out.format = lines[1];
    out.key = lines[2];
    out.subkey = lines[3];
    out.detail = lines[4];
    return out;
}

std::string SignatureCache::key(std::string_view oid_hex, std::string_view trust_hash) {
    std::string material = "signature 1\n";
    material += oid_hex;
    material += '\n';
    material += trust_hash;
    return util::sha256_hex(material);
}

std::optional<SignatureVerdict> SignatureCache::load(const std::string& key) const {
    std::optional<SignatureVerdict> out;
    if (!m_dir.empty())
        if (auto text = util::read_file(m_dir / "signatures" / key.substr(0, 2) / key.substr(2)))
            out = decode_signature_verdict(*text);
    ++(out ? m_hits : m_misses);
    return out;
}

void SignatureCache::store(const std::string& key, const SignatureVerdict& verdict) const {
    if (!m_dir.empty())
        util::write_cache_file(m_dir / "signatures" / key.substr(0, 2) / key.substr(2),
                               encode_signature_verdict(verdict));
}

} // namespace slipway::signing
