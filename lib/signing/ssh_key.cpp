// SSH public keys: parsing a key line, reading a blob, the SHA256 fingerprint.
#include "signing/ssh_key.hpp"

#include "signing/ssh_wire.hpp"
#include "util/base64.hpp"
#include "util/sha256.hpp"

#include <array>

namespace slipway::signing {

namespace {

constexpr std::array<std::string_view, 7> key_types = {"ssh-ed25519",
                                                       "ssh-rsa",
                                                       "ecdsa-sha2-nistp256",
                                                       "ecdsa-sha2-nistp384",
                                                       "ecdsa-sha2-nistp521",
                                                       "sk-ssh-ed25519@openssh.com",
                                                       "sk-ecdsa-sha2-nistp256@openssh.com"};

bool blank(char c) {
    return c == ' ' || c == '\t';
}

// The next blank-separated word of `rest`, removed from it.
std::string_view next_word(std::string_view& rest) {
    while (!rest.empty() && blank(rest.front()))
        rest.remove_prefix(1);
    std::size_t end = 0;
    while (end < rest.size() && !blank(rest[end]))
        ++end;
    auto word = rest.substr(0, end);
    rest.remove_prefix(end);
    return word;
}

// The type string a blob starts with, or nullopt when it does not start with a string.
std::optional<std::string_view> blob_type(std::string_view blob) {
    SshWireReader reader(blob);
    return reader.string();
}

} // namespace

std::string SshPublicKey::base64() const {
    return util::encode_base64(blob);
}

std::string SshPublicKey::fingerprint() const {
    util::Sha256 hash;
    hash.update(blob);
    auto digest = hash.digest();
    return "SHA256:" +
           util::encode_base64(
               std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()),
               false);
}

std::string SshPublicKey::line() const {
    return type + " " + base64();
}

bool is_ssh_key_type(std::string_view type) {
    for (auto known : key_types)
        if (type == known)
            return true;
    return false;
}

Result<SshPublicKey> parse_ssh_public_key(std::string_view line) {
    std::string_view rest = line;
    const auto type = next_word(rest);
    if (type.empty())
        return fail("is empty; an SSH public key is a line like \"ssh-ed25519 AAAA… comment\" "
                    "(the contents of id_ed25519.pub)");
    if (!is_ssh_key_type(type))
        return fail("\"" + std::string(type.substr(0, 40)) +
                    "\" is not an SSH key type (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, "
                    "ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ssh-ed25519@openssh.com, "
                    "sk-ecdsa-sha2-nistp256@openssh.com)");
    const auto encoded = next_word(rest);
    if (encoded.empty())
        return fail("has the key type " + std::string(type) + " but no key after it");
    auto blob = util::decode_base64(encoded);
    if (!blob)
        return fail("the key after " + std::string(type) + " is not valid base64");
    auto own = blob_type(*blob);
    if (!own)
        return fail("the key after " + std::string(type) +
                    " is not an SSH public key (it does not start with its type)");
    if (*own != type)
        return fail("the key is of type \"" + std::string(own->substr(0, 40)) +
                    "\", but the line says " + std::string(type));
    while (!rest.empty() && blank(rest.front()))
        rest.remove_prefix(1);
    return SshPublicKey{std::string(type), std::move(*blob), std::string(rest)};
}

Result<SshPublicKey> ssh_public_key_from_blob(std::string_view blob) {
    auto own = blob_type(blob);
    if (!own || !is_ssh_key_type(*own))
        return fail("the signature's public key is not an SSH key of a known type");
    return SshPublicKey{std::string(*own), std::string(blob), ""};
}

} // namespace slipway::signing
