// OpenPGP signatures through gpgv.
#include "signing/openpgp_signature.hpp"

#include "util/process.hpp"
#include "util/temp_dir.hpp"

#include <fstream>
#include <vector>

namespace slipway::signing {

namespace {

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    while (!line.empty()) {
        auto space = line.find(' ');
        auto word = line.substr(0, space);
        if (!word.empty())
            out.push_back(word);
        if (space == std::string_view::npos)
            break;
        line.remove_prefix(space + 1);
    }
    return out;
}

// Everything after the first `skip` words of `line` (a user id has spaces).
std::string rest_after(std::string_view line, std::size_t skip) {
    for (std::size_t i = 0; i < skip; ++i) {
        auto space = line.find(' ');
        if (space == std::string_view::npos)
            return "";
        line.remove_prefix(space + 1);
    }
    return std::string(line.substr(0, 200));
}

} // namespace

OpenPgpVerification parse_gpgv_status(std::string_view status) {
    OpenPgpVerification out;
    bool goodsig = false;
    bool validsig = false;
    bool decided = false; // a status line that decides against the signature was seen
    auto decide = [&](OpenPgpOutcome outcome, std::string_view key_id, std::string detail) {
        if (decided)
            return;
        decided = true;
        out.outcome = outcome;
        out.key_id = std::string(key_id);
        out.detail = std::move(detail);
    };
    while (!status.empty()) {
        auto newline = status.find('\n');
        auto line = status.substr(0, newline);
        status.remove_prefix(newline == std::string_view::npos ? status.size() : newline + 1);
        if (!line.starts_with("[GNUPG:] "))
            continue;
        line.remove_prefix(9);
        auto w = words(line);
        if (w.empty())
            continue;
        const auto key_id = w.size() > 1 ? w[1] : std::string_view();
        if (w[0] == "GOODSIG") {
            goodsig = true;
            out.key_id = std::string(key_id);
        } else if (w[0] == "VALIDSIG" && w.size() > 1) {
            validsig = true;
            out.subkey_fingerprint = std::string(w[1]);
            out.fingerprint = std::string(w.size() > 10 ? w[10] : w[1]);
        } else if (w[0] == "BADSIG") {
            decide(OpenPgpOutcome::bad_signature, key_id,
                   "a bad signature by key " + std::string(key_id) + " (" + rest_after(line, 2) +
                       ")");
        } else if (w[0] == "ERRSIG" || w[0] == "NO_PUBKEY") {
            // ERRSIG's 7th field is why: 9 is "no public key"; anything else is a signature
            // gpgv could not check (an unknown algorithm).
            const bool no_key = w[0] == "NO_PUBKEY" || (w.size() > 6 && w[6] == "9");
            decide(no_key ? OpenPgpOutcome::unknown_key : OpenPgpOutcome::malformed, key_id,
                   no_key ? "the keyring has no key " + std::string(key_id)
                          : "gpgv could not check the signature of key " + std::string(key_id));
        } else if (w[0] == "EXPSIG") {
            decide(OpenPgpOutcome::expired_signature, key_id,
                   "the signature by key " + std::string(key_id) + " has expired");
        } else if (w[0] == "EXPKEYSIG") {
            decide(OpenPgpOutcome::expired_key, key_id,
                   "key " + std::string(key_id) + " (" + rest_after(line, 2) + ") has expired");
        } else if (w[0] == "REVKEYSIG") {
            decide(OpenPgpOutcome::revoked_key, key_id,
                   "key " + std::string(key_id) + " (" + rest_after(line, 2) +
                       ") has been revoked");
        }
    }
    if (decided)
        return out;
    if (goodsig && validsig) {
        out.outcome = OpenPgpOutcome::good;
        return out;
    }
    out.outcome = OpenPgpOutcome::malformed;
    out.fingerprint.clear();
    out.subkey_fingerprint.clear();
    out.detail = "gpgv found no signature it could check";
    return out;
}

Result<OpenPgpVerification> verify_openpgp_signature(std::string_view payload,
                                                     std::string_view armored,
                                                     const std::filesystem::path& keyring,
                                                     const OpenPgpVerifyOptions& options) {
    const auto parent =
        options.temp_parent.empty() ? std::filesystem::temp_directory_path() : options.temp_parent;
    SLIPWAY_TRY_LET(dir, util::TempDir::make(parent, "gpgv-"));
    const auto signature_file = dir->path() / "signature.asc";
    {
        std::ofstream out(signature_file, std::ios::binary | std::ios::trunc);
        out.write(armored.data(), static_cast<std::streamsize>(armored.size()));
        out.close();
        if (!out)
            return fail("cannot write " + signature_file.string());
    }
    util::Command c;
    // `-` as the data file: the payload comes on stdin. An absolute keyring path: gpgv reads
    // a bare name inside --homedir.
    c.argv = {"gpgv",
              "--homedir",
              dir->path().string(),
              "--status-fd",
              "1",
              "--keyring",
              std::filesystem::absolute(keyring).string(),
              signature_file.string(),
              "-"};
    c.cwd = dir->path();
    c.env = {{"HOME", dir->path().string()}, {"GNUPGHOME", dir->path().string()}};
    c.timeout = options.timeout;
    c.input = std::string(payload);
    c.max_output = 64 * 1024;
    SLIPWAY_TRY_LET(result, util::run_capture(c));
    if (result->exit.timed_out || result->exit.signal != 0 || result->exit.stopped != 0 ||
        result->exit.output_exceeded != 0)
        return fail("gpgv " + result->exit.describe());
    auto verification = parse_gpgv_status(result->out);
    // gpgv's exit status agrees with its status lines; a good verdict it does not back is none.
    if (verification.outcome == OpenPgpOutcome::good && !result->exit.ok()) {
        verification.outcome = OpenPgpOutcome::malformed;
        verification.detail = "gpgv " + result->exit.describe();
    }
    return verification;
}

} // namespace slipway::signing
