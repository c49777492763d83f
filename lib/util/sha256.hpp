// SHA-256 (FIPS 180-4), for the ledger's hash chain and cache keys: nothing already linked
// exports one.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace slipway::util {

/// An incremental SHA-256: update() any number of times, then digest() once.
class Sha256 {
public:
    using Digest = std::array<std::uint8_t, 32>;

    Sha256();
    /// Feeds `bytes` into the hash.
    void update(std::string_view bytes);
    /// The digest of everything fed so far. Finishes the computation: call it only once.
    Digest digest();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0; ///< bytes fed so far
};

/// The 64 lowercase hex digits of `digest`.
std::string to_hex(const Sha256::Digest& digest);

/// The SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

} // namespace slipway::util
