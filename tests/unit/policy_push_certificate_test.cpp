// Tests for policy/push_certificate: who a push certificate proves made the push, and a
// certificate as the identity of a push nothing else vouches for.
#include "policy/policy.hpp"
#include "policy/push_certificate.hpp"

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
