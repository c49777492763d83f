// Standard base64 (RFC 4648 section 4), for SSH keys and signatures.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slipway::util {

/// `bytes` in standard base64; with `=` padding unless `padded` is false (ssh-keygen prints
/// fingerprints unpadded).
std::string encode_base64(std::string_view bytes, bool padded = true);

/// The bytes `text` encodes: standard alphabet, length a multiple of 4, `=` padding only at
/// the end; no whitespace. nullopt when it is anything else.
std::optional<std::string> decode_base64(std::string_view text);

} // namespace slipway::util
