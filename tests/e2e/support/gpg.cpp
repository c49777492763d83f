// E2E harness: an OpenPGP keyring in the sandbox's HOME, for signed pushes.
#include "support/gpg.hpp"

#include <catch2/catch.hpp>

namespace slipway::e2e {

GpgKeys::GpgKeys(const Sandbox& sb)
    : m_sb(sb) {
    m_sb.ok("mkdir -m 700 -p \"$HOME/.gnupg\"");
}

GpgKeys::~GpgKeys() {
    m_sb.sh("gpgconf --kill all");
}

std::string GpgKeys::make(const std::string& uid) {
    m_sb.ok("gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key '" + uid +
            "' ed25519 sign never 2>/dev/null");
    auto fpr = m_sb.ok("gpg --with-colons --list-keys '" + uid +
                       "' 2>/dev/null | awk -F: '/^fpr/ {print $10; exit}'");
    REQUIRE(fpr.size() == 41);
    return fpr.substr(0, 40);
}

void GpgKeys::export_to(const std::string& fingerprint, const std::filesystem::path& home) const {
    const std::string dir = (home / ".gnupg").string();
    m_sb.ok("mkdir -m 700 -p '" + dir + "' && gpg --export " + fingerprint +
            " 2>/dev/null | GNUPGHOME='" + dir +
            "' gpg --batch --import 2>/dev/null && "
            "GNUPGHOME='" +
            dir + "' gpgconf --kill all");
}

} // namespace slipway::e2e
