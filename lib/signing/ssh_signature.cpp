// SSH signatures: the SSHSIG block, and verification through ssh-keygen -Y.
#include "signing/ssh_signature.hpp"

#include "signing/ssh_wire.hpp"
#include "util/base64.hpp"
#include "util/process.hpp"
#include "util/temp_dir.hpp"

#include <fstream>

namespace slipway::signing {

namespace {

constexpr std::string_view begin_line = "-----BEGIN SSH SIGNATURE-----";
constexpr std::string_view end_line = "-----END SSH SIGNATURE-----";

Status write_private_file(const std::filesystem::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out)
        return fail("cannot write " + path.string());
    return {};
}

// ssh-keygen's complaint, one line: the first non-empty line of what it wrote (the reason,
// "Signature verification failed: incorrect signature"; the last is only "Could not verify
// signature.").
std::string first_line(const std::string& text) {
    std::string_view rest = text;
    while (!rest.empty()) {
        auto cut = rest.find('\n');
        auto line = rest.substr(0, cut);
        while (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!line.empty())
            return std::string(line.substr(0, 200));
        if (cut == std::string_view::npos)
            break;
        rest.remove_prefix(cut + 1);
    }
    return "";
}

} // namespace

Result<SshSignature> parse_ssh_signature(std::string_view armored) {
    auto begin = armored.find(begin_line);
    if (begin == std::string_view::npos)
        return fail("not an SSH signature (no \"" + std::string(begin_line) + "\" line)");
    auto body_start = begin + begin_line.size();
    auto end = armored.find(end_line, body_start);
    if (end == std::string_view::npos)
        return fail("the SSH signature has no \"" + std::string(end_line) + "\" line");
    std::string encoded;
    for (char c : armored.substr(body_start, end - body_start))
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t')
            encoded.push_back(c);
    auto bytes = util::decode_base64(encoded);
    if (!bytes)
        return fail("the SSH signature is not valid base64");
    SshWireReader reader(*bytes);
    auto magic = reader.raw(6);
    if (!magic || *magic != "SSHSIG")
        return fail("the SSH signature does not start with SSHSIG");
    auto version = reader.uint32();
    if (!version || *version != 1)
        return fail("the SSH signature is of an unknown version");
    auto key_blob = reader.string();
    auto ns = reader.string();
    auto reserved = reader.string();
    auto hash = reader.string();
    auto signature = reader.string();
    if (!key_blob || !ns || !reserved || !hash || !signature)
        return fail("the SSH signature is truncated");
    SLIPWAY_TRY_LET(key, ssh_public_key_from_blob(*key_blob));
    return SshSignature{std::move(*key), std::string(*ns), std::string(*hash)};
}

Result<SshVerification> verify_ssh_signature(std::string_view payload, std::string_view armored,
                                             std::string_view allowed_signers, std::string_view ns,
                                             const SshVerifyOptions& options) {
    SshVerification out;
    auto parsed = parse_ssh_signature(armored);
    if (!parsed) {
        out.outcome = SshOutcome::malformed;
        out.detail = parsed.error().message;
        return out;
    }
    out.fingerprint = parsed->key.fingerprint();
    // ssh-keygen would refuse it too, after the same work; said here in our words.
    if (parsed->name_space != ns) {
        out.outcome = SshOutcome::wrong_namespace;
        out.detail = "it was made for namespace \"" + parsed->name_space.substr(0, 40) +
                     "\", not \"" + std::string(ns) + "\"";
        return out;
    }

    const auto parent =
        options.temp_parent.empty() ? std::filesystem::temp_directory_path() : options.temp_parent;
    SLIPWAY_TRY_LET(dir, util::TempDir::make(parent, "sshsig-"));
    const auto signers_file = dir->path() / "allowed_signers";
    const auto signature_file = dir->path() / "signature";
    SLIPWAY_TRY(write_private_file(signers_file, allowed_signers));
    SLIPWAY_TRY(write_private_file(signature_file, armored));

    auto run = [&](std::vector<std::string> argv, std::string input) -> Result<util::Captured> {
        util::Command c;
        c.argv = std::move(argv);
        c.cwd = dir->path();
        c.env = {{"HOME", dir->path().string()}};
        c.unset = {"SSH_AUTH_SOCK"};
        c.timeout = options.timeout;
        c.input = std::move(input);
        c.max_output = 64 * 1024;
        SLIPWAY_TRY_LET(result, util::run_capture(c));
        if (result->exit.timed_out || result->exit.signal != 0 || result->exit.stopped != 0 ||
            result->exit.output_exceeded != 0)
            return fail("ssh-keygen " + result->exit.describe());
        return std::move(*result);
    };

    SLIPWAY_TRY_LET(found, run({"ssh-keygen", "-Y", "find-principals", "-s",
                                signature_file.string(), "-f", signers_file.string()},
                               ""));
    std::string principal;
    if (found->exit.ok()) {
        auto first = found->out.substr(0, found->out.find('\n'));
        principal = first;
    }
    if (principal.empty()) {
        out.outcome = SshOutcome::unknown_key;
        out.detail = "no allowed signer has the key " + out.fingerprint;
        return out;
    }
    SLIPWAY_TRY_LET(verified, run({"ssh-keygen", "-Y", "verify", "-f", signers_file.string(), "-I",
                                   principal, "-n", std::string(ns), "-s", signature_file.string()},
                                  std::string(payload)));
    if (verified->exit.ok()) {
        out.outcome = SshOutcome::good;
        out.principal = principal;
        return out;
    }
    out.outcome = SshOutcome::bad_signature;
    out.principal = principal;
    auto said = first_line(verified->err.empty() ? verified->out : verified->err);
    out.detail = said.empty() ? "ssh-keygen " + verified->exit.describe() : said;
    return out;
}

} // namespace slipway::signing
