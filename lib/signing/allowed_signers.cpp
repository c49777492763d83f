// The allowed-signers text for ssh-keygen -Y.
#include "signing/allowed_signers.hpp"

#include <cctype>

namespace slipway::signing {

bool is_plain_principal(std::string_view principal) {
    if (principal.empty())
        return false;
    for (char c : principal) {
        const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                           c == '@' || c == '+' || c == '-';
        if (!plain)
            return false;
    }
    return true;
}

std::string allowed_signers_text(const std::vector<AllowedSigner>& signers, std::string_view ns) {
    std::string out;
    for (const auto& signer : signers) {
        if (!is_plain_principal(signer.principal))
            continue;
        out += signer.principal + " namespaces=\"" + std::string(ns) + "\" " + signer.key.line() +
               "\n";
    }
    return out;
}

} // namespace slipway::signing
