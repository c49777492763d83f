// Signed commits and tags: the `signatures:` of a ref rule or environment, and the top-level
// `signing:` section (where the OpenPGP keys that may sign are).
#pragma once

#include "policy/position.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slipway::policy {

/// `signatures: {commits: required, tags: required, signers: [...]}`.
struct SignatureRules {
    bool commits = false; ///< each commit the update adds must be signed by a policy user
    bool tags = false;    ///< each annotated tag the ref is pointed at must be
    /// Who may sign (users, `@groups`, "*"); absent: any policy user with a key.
    std::optional<std::vector<std::string>> signers;
};

/// The top-level `signing:` section.
struct SigningSettings {
    /// `openpgp_keyring`: the keyring gpgv checks OpenPGP signatures against, as written
    /// (relative: to the repository's git dir, where slipway.yaml is); empty: none, and every
    /// OpenPGP signature is by an unknown key.
    std::string openpgp_keyring;
    Position position; ///< where openpgp_keyring is written
};

/// The keyring file of `signing` for the repository whose git dir is `git_dir`; empty when
/// the policy names none.
std::filesystem::path openpgp_keyring_path(const SigningSettings& signing,
                                           const std::filesystem::path& git_dir);

/// Checks that the keyring `signing` names exists, relative to `base` (the directory of the
/// policy file `source`). Fails with "<source>:<line>:<col>: ..." when it does not.
Status check_signing_files(const SigningSettings& signing, const std::filesystem::path& base,
                           const std::string& source);

} // namespace slipway::policy
