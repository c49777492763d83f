// Tests for policy/push_certificate: who a push certificate proves made the push, and a
// certificate as the identity of a push nothing else vouches for.
#include "policy/policy.hpp"
#include "policy/push_certificate.hpp"
#include "signing/ssh_key.hpp"
#include "signing_fixture.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::policy;

namespace {

Principals alice_has_a_key() {
    return Principals({}, {{"alice", User{.gpg = {"0123456789ABCDEF0123456789ABCDEF01234567"}}}});
}

ledger::PushCertificate good() {
    return {.status = "G",
            .signer = "Alice <alice@example.com>",
            .key = "89ABCDEF01234567",
            .nonce = "1700000000-abc",
            .nonce_status = "OK",
            .text = "certificate version 0.1\n"};
}

} // namespace

TEST_CASE("a certificate with a good signature over a fresh nonce by a user's key names the user") {
    auto cert = good();
    CHECK(certificate_signer(cert, alice_has_a_key()) == "alice");
    cert.status = "U";
    cert.nonce_status = "SLOP";
    CHECK(certificate_signer(cert, alice_has_a_key()) == "alice");
}

TEST_CASE("a certificate proves nothing with a bad signature, a stale nonce or a foreign key") {
    auto cert = good();
    cert.status = "B";
    CHECK(certificate_signer(cert, alice_has_a_key()).error() ==
          "the push certificate has a bad signature (signer \"Alice <alice@example.com>\", key "
          "89ABCDEF01234567)");
    cert = good();
    cert.nonce_status = "BAD";
    CHECK(certificate_signer(cert, alice_has_a_key()).error() ==
          "the push certificate's nonce is BAD (it must be the one the server just gave: a "
          "replayed or forged certificate)");
    cert = good();
    cert.key = "FEDCBA9876543210";
    CHECK(certificate_signer(cert, alice_has_a_key()).error() ==
          "the push is signed by key FEDCBA9876543210 (\"Alice <alice@example.com>\"), which is "
          "no user's key in the policy (users.<name>.gpg)");
}

TEST_CASE("a push nothing vouches for takes its identity from a certificate that proves a user") {
    const Pusher service{.name = "git", .source = "os-user", .authenticated = false};
    auto p = vouched_by_certificate(service, good(), alice_has_a_key());
    CHECK(p.name == "alice");
    CHECK(p.source == "push-certificate");
    CHECK(p.authenticated);

    // No certificate, or one that proves nothing: the pusher stays unauthenticated.
    CHECK(vouched_by_certificate(service, std::nullopt, alice_has_a_key()).name == "git");
    auto stale = good();
    stale.nonce_status = "BAD";
    p = vouched_by_certificate(service, stale, alice_has_a_key());
    CHECK(p.name == "git");
    CHECK_FALSE(p.authenticated);
}

TEST_CASE("a certificate never replaces an identity the server vouches for") {
    // The front end's word stands; whether the signer is that pusher is rule push-cert's to say.
    const Pusher bob{.name = "bob", .source = "REMOTE_USER", .authenticated = true};
    auto p = vouched_by_certificate(bob, good(), alice_has_a_key());
    CHECK(p.name == "bob");
    CHECK(p.source == "REMOTE_USER");
}

namespace {

// A certificate as `git push --signed` with gpg.format=ssh writes it, signed by key `name` in
// `dir`, with the nonce git found fresh.
ledger::PushCertificate ssh_certificate(const slipway::test::TempDir& dir, const std::string& name,
                                        const std::string& ns = "git") {
    const std::string payload = "certificate version 0.1\npusher SHA256:x 1700000000 +0000\n"
                                "pushee server.git\nnonce 1700000000-abc\n\n" +
                                std::string(40, '0') + " " + std::string(40, '1') +
                                " refs/heads/master\n";
    // What git hands the hooks for an SSH certificate it cannot check itself.
    return {.status = "N",
            .nonce = "1700000000-abc",
            .nonce_status = "OK",
            .text = payload + slipway::test::ssh_sign(dir, name, payload, ns)};
}

Principals with_ssh_key(const std::string& user, const std::string& line) {
    auto key = signing::parse_ssh_public_key(line);
    REQUIRE(key);
    return Principals({}, {{user, User{.keys = {*key}}}});
}

} // namespace

TEST_CASE("an SSH-signed certificate is checked against the users' SSH keys, which git cannot") {
    slipway::test::TempDir dir;
    const auto alice = slipway::test::make_ssh_key(dir, "alice");
    slipway::test::make_ssh_key(dir, "mallory");
    const auto principals = with_ssh_key("alice", alice);
    const auto fingerprint = signing::parse_ssh_public_key(alice)->fingerprint();

    auto cert = ssh_certificate(dir, "alice");
    REQUIRE(verify_ssh_certificate(cert, principals));
    CHECK(cert.status == "G");
    CHECK(cert.signer == "alice");
    CHECK(cert.key == fingerprint);
    CHECK(certificate_signer(cert, principals) == "alice");

    // A key no user has.
    auto foreign = ssh_certificate(dir, "mallory");
    REQUIRE(verify_ssh_certificate(foreign, principals));
    CHECK(foreign.status == "E");
    CHECK(certificate_signer(foreign, principals)
              .error()
              .starts_with("the push is signed by SSH key SHA256:"));
    CHECK(certificate_signer(foreign, principals)
              .error()
              .ends_with(", which is no user's key in the policy (users.<name>.keys)"));

    // alice's signature over other ref updates than the certificate lists.
    auto altered = ssh_certificate(dir, "alice");
    altered.text.replace(altered.text.find("refs/heads/master"), 17, "refs/heads/mallory");
    REQUIRE(verify_ssh_certificate(altered, principals));
    CHECK(altered.status == "B");
    CHECK(certificate_signer(altered, principals)
              .error()
              .starts_with("the push certificate has a bad signature"));

    // A signature made for files, not for git.
    auto file_signature = ssh_certificate(dir, "alice", "file");
    REQUIRE(verify_ssh_certificate(file_signature, principals));
    CHECK(file_signature.status == "B");
}

TEST_CASE("an OpenPGP certificate stays as git judged it, even with an SSH block in its text") {
    const auto principals = alice_has_a_key();
    auto cert = good();
    cert.text = "certificate version 0.1\npushee -----BEGIN SSH SIGNATURE-----\n"
                "-----BEGIN SSH SIGNATURE-----\nnot one\n-----END SSH SIGNATURE-----\n"
                "-----BEGIN PGP SIGNATURE-----\n...\n-----END PGP SIGNATURE-----\n";
    REQUIRE(verify_ssh_certificate(cert, principals));
    CHECK(cert.status == "G");
    CHECK(cert.key == "89ABCDEF01234567");
    CHECK(certificate_signer(cert, principals) == "alice");
}
