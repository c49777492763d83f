// E2E harness: an OpenPGP keyring in the sandbox's HOME, for signed pushes.
#pragma once

#include "support/sandbox.hpp"

#include <filesystem>
#include <string>

namespace slipway::e2e {

/// A GnuPG keyring in `$HOME/.gnupg` of the sandbox, with signing keys made on demand; the
/// gpg-agent it starts is stopped when it goes.
class GpgKeys {
public:
    explicit GpgKeys(const Sandbox& sb);
    ~GpgKeys();
    GpgKeys(const GpgKeys&) = delete;
    GpgKeys& operator=(const GpgKeys&) = delete;

    /// Makes a signing key for `uid` ("Alice Author <alice@example.com>", no passphrase) and
    /// returns its fingerprint (40 hex digits).
    std::string make(const std::string& uid);
    /// Puts the public key `fingerprint` into the keyring under `home`/.gnupg (a server's HOME,
    /// with whose keyring git checks signed pushes there).
    void export_to(const std::string& fingerprint, const std::filesystem::path& home) const;

private:
    const Sandbox& m_sb;
};

} // namespace slipway::e2e
