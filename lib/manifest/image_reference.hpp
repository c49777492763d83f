// Container image references ("registry:5000/team/app:tag@sha256:..."), parsed as Docker does.
#pragma once

#include "util/result.hpp"

#include <string>
#include <string_view>

namespace slipway::manifest {

/// The parts of an image reference. Views point into the parsed text.
struct ImageReference {
    std::string_view domain;     ///< "registry.example.com:5000"; empty means Docker Hub
    std::string_view repository; ///< "team/app" (Docker Hub: "nginx", not "library/nginx")
    std::string_view tag;        ///< empty when none (Docker then pulls :latest)
    std::string_view digest;     ///< "sha256:<hex>"; empty when none

    /// The fully qualified name without tag or digest: "docker.io/library/nginx",
    /// "registry.example.com:5000/team/app".
    std::string canonical_name() const;
};

/// Parses `image` with the grammar of distribution/reference: the first path component is
/// a registry when it holds '.' or ':' or is "localhost" (so `registry:5000/app` has no
/// tag); the tag follows the last ':' after the last '/'; the digest follows '@'. Fails with
/// the reason when `image` is not a valid reference (upper case in the repository, empty
/// parts, bad characters...).
Result<ImageReference> parse_image_reference(std::string_view image);

/// True for a full git commit id as a tag: 40 (SHA-1) or 64 (SHA-256) lower-case hex digits.
bool is_commit_sha(std::string_view tag);

/// True for "sha256:" followed by 64 lower-case hex digits.
bool is_sha256_digest(std::string_view digest);

} // namespace slipway::manifest
