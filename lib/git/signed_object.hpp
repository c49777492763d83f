// What a commit or an annotated tag signs, and its signature, split as git splits them.
#pragma once

#include "git/objects.hpp"
#include "git/repository.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slipway::git {

/// The kind of signature an object carries, from its armor.
enum class SignatureFormat { none, openpgp, ssh, x509 };

/// The most bytes a commit or tag object is read for its signature: real ones are a few KiB
/// (a signature is under 2 KiB); a pushed giant is judged by its size, never inflated.
inline constexpr std::uint64_t max_signed_object_bytes = 1024 * 1024;

/// A commit or annotated tag, with what its signature covers.
struct SignedObject {
    ObjectKind kind = ObjectKind::commit;
    std::string name;  ///< commit: the author's name; tag: the tagger's ("" when none)
    std::string email; ///< the author's or tagger's email
    SignatureFormat format = SignatureFormat::none;
    std::string signature; ///< the armored signature; empty when unsigned
    std::string payload;   ///< the bytes the signature is over; empty when unsigned
    /// Its size when over max_signed_object_bytes (then nothing else is read); else 0.
    std::uint64_t oversized = 0;
};

/// The format whose armor `signature` starts with; none when it is no signature git knows.
SignatureFormat signature_format(std::string_view signature);

/// Splits a raw tag object as git's parse_signed_buffer does: the signature is everything from
/// the last line that starts a signature armor (`-----BEGIN PGP SIGNATURE-----`, `-----BEGIN
/// PGP MESSAGE-----`, `-----BEGIN SSH SIGNATURE-----`, `-----BEGIN SIGNED MESSAGE-----`), the
/// payload everything before it. nullopt when no line does.
struct SplitTag {
    std::string payload;
    std::string signature;
};
std::optional<SplitTag> split_signed_tag(std::string_view raw_tag);

/// Commit `oid` (its `gpgsig` header, via git_commit_extract_signature) or annotated tag `oid`
/// (its trailing signature block), with its signature and payload; one over
/// max_signed_object_bytes only with its kind and size (`oversized`). Fails when the object is
/// missing or neither a commit nor a tag.
Result<SignedObject> read_signed_object(const Repository& repo, const git_oid& oid);

} // namespace slipway::git
