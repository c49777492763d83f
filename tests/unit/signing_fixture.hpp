// Unit-test fixtures for signing/: SSH keys made with ssh-keygen and payloads signed with them.
#pragma once

#include "support/temp_repo.hpp"

#include <string>

namespace slipway::test {

/// Makes an ed25519 key `<dir>/<name>` (no passphrase) and returns its public key line.
inline std::string make_ssh_key(const TempDir& dir, const std::string& name) {
    sh(dir.path(), "ssh-keygen -q -t ed25519 -N '' -C " + name + "@example.com -f " + name);
    return sh(dir.path(), "cat " + name + ".pub");
}

/// Signs `payload` with key `<dir>/<name>` for namespace `ns`; returns the armored signature.
inline std::string ssh_sign(const TempDir& dir, const std::string& name, const std::string& payload,
                            const std::string& ns = "git") {
    dir.write("payload", payload);
    sh(dir.path(),
       "rm -f payload.sig && ssh-keygen -q -Y sign -f " + name + " -n " + ns + " payload");
    return sh(dir.path(), "cat payload.sig") + "\n";
}

} // namespace slipway::test
