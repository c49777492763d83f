// Reading the SSH wire format (RFC 4251 section 5): big-endian uint32s and length-prefixed
// strings, as public key blobs and SSHSIG signatures are made of. Private to signing/.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace slipway::signing {

/// Reads values off the front of `bytes`; each read is nullopt once the data runs short.
class SshWireReader {
public:
    explicit SshWireReader(std::string_view bytes)
        : m_rest(bytes) {}

    std::optional<std::uint32_t> uint32() {
        if (m_rest.size() < 4)
            return std::nullopt;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v = (v << 8) | static_cast<unsigned char>(m_rest[i]);
        m_rest.remove_prefix(4);
        return v;
    }
    /// A uint32 length and that many bytes.
    std::optional<std::string_view> string() {
        auto length = uint32();
        if (!length || *length > m_rest.size())
            return std::nullopt;
        auto out = m_rest.substr(0, *length);
        m_rest.remove_prefix(*length);
        return out;
    }
    /// `n` raw bytes.
    std::optional<std::string_view> raw(std::size_t n) {
        if (n > m_rest.size())
            return std::nullopt;
        auto out = m_rest.substr(0, n);
        m_rest.remove_prefix(n);
        return out;
    }
    bool empty() const { return m_rest.empty(); }

private:
    std::string_view m_rest;
};

} // namespace slipway::signing
