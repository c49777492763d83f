// Parsing `signatures:` and `signing:`.
#include "policy/signatures.hpp"

#include "policy/parse.hpp"

namespace slipway::policy {

SignatureRules parse_signature_rules(Reader& reader, const YamlNode& node,
                                     const Principals& principals) {
    SignatureRules rules;
    auto f = reader.fields(node, "signatures", {"commits", "tags", "signers"});
    if (!f)
        return rules;
    if (f->has("commits"))
        rules.commits = parse_required(reader, (*f)["commits"], "signatures.commits");
    if (f->has("tags"))
        rules.tags = parse_required(reader, (*f)["tags"], "signatures.tags");
    if (f->has("signers")) {
        const YamlNode signers = (*f)["signers"];
        if (signers.is_sequence() && signers.size() == 0) {
            reader.error(signers, "signatures.signers: [] would refuse every signature; leave "
                                  "signers out to accept any policy user's");
        } else if (auto who = reader.strings(signers, "signatures.signers")) {
            check_references(reader, signers, principals, *who);
            rules.signers = *who;
        }
    }
    if (!rules.commits && !rules.tags)
        reader.error(node, "signatures requires nothing: set commits: required, tags: required "
                           "or both");
    return rules;
}

SigningSettings parse_signing(Reader& reader, const YamlNode& node) {
    SigningSettings signing;
    if (!node.is_defined() || node.is_null())
        return signing;
    auto f = reader.fields(node, "signing", {"openpgp_keyring"});
    if (!f)
        return signing;
    if (f->has("openpgp_keyring")) {
        const YamlNode keyring = (*f)["openpgp_keyring"];
        if (auto path = reader.string(keyring, "signing.openpgp_keyring")) {
            if (path->empty())
                reader.error(keyring, "signing.openpgp_keyring is empty; name a keyring file "
                                      "(`gpg --export <fingerprints> > keyring.gpg`)");
            signing.openpgp_keyring = *path;
            signing.position = Reader::position(keyring);
        }
    }
    return signing;
}

std::filesystem::path openpgp_keyring_path(const SigningSettings& signing,
                                           const std::filesystem::path& git_dir) {
    if (signing.openpgp_keyring.empty())
        return {};
    const std::filesystem::path path(signing.openpgp_keyring);
    return path.is_absolute() ? path : git_dir / path;
}

Status check_signing_files(const SigningSettings& signing, const std::filesystem::path& base,
                           const std::string& source) {
    if (signing.openpgp_keyring.empty())
        return {};
    std::error_code ec;
    if (std::filesystem::is_regular_file(openpgp_keyring_path(signing, base), ec))
        return {};
    return fail(source + ":" + std::to_string(signing.position.line) + ":" +
                std::to_string(signing.position.column) + ": OpenPGP keyring \"" +
                signing.openpgp_keyring +
                "\" does not exist on this machine (a file is needed; relative paths are "
                "relative to the repository's git dir)");
}

} // namespace slipway::policy
