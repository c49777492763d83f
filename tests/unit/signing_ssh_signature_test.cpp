// Tests for signing/ssh_signature and allowed_signers: reading an SSHSIG block and verifying
// it with ssh-keygen: good, bad, by an unknown key, for another namespace, not a signature.
#include "signing/allowed_signers.hpp"
#include "signing/ssh_signature.hpp"
#include "signing_fixture.hpp"

#include <catch2/catch.hpp>

using namespace slipway::signing;

namespace {

std::string signers_of(const std::string& principal, const std::string& line) {
    auto key = parse_ssh_public_key(line);
    REQUIRE(key);
    return allowed_signers_text({{principal, *key}});
}

} // namespace

TEST_CASE("an SSHSIG block gives the key and namespace it claims") {
    slipway::test::TempDir dir;
    auto line = slipway::test::make_ssh_key(dir, "alice");
    auto armored = slipway::test::ssh_sign(dir, "alice", "hello\n", "file");
    auto sig = parse_ssh_signature("garbage before\n" + armored);
    REQUIRE(sig);
    CHECK(sig->name_space == "file");
    CHECK(sig->hash_algorithm == "sha512");
    CHECK(sig->key.line() == parse_ssh_public_key(line)->line());

    CHECK(parse_ssh_signature("no block").error().message ==
          "not an SSH signature (no \"-----BEGIN SSH SIGNATURE-----\" line)");
    CHECK(parse_ssh_signature("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n").error().message ==
          "the SSH signature has no \"-----END SSH SIGNATURE-----\" line");
    CHECK(parse_ssh_signature("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH "
                              "SIGNATURE-----\n")
              .error()
              .message == "the SSH signature is of an unknown version");
}

TEST_CASE("the allowed-signers text names each plain principal with its key for git") {
    auto key = parse_ssh_public_key(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0m4OWgfGkGxbbJ9V0HNTxtsVwp2dGH2ApYqGg+sgHV c");
    REQUIRE(key);
    CHECK(allowed_signers_text({{"alice", *key}, {"a*b", *key}}) ==
          "alice namespaces=\"git\" " + key->line() + "\n");
    CHECK(is_plain_principal("carol.smith@example.com"));
    CHECK_FALSE(is_plain_principal("a,b"));
    CHECK_FALSE(is_plain_principal("!x"));
    CHECK_FALSE(is_plain_principal(""));
}

TEST_CASE("ssh-keygen verifies a good signature and names its principal") {
    slipway::test::TempDir dir;
    auto line = slipway::test::make_ssh_key(dir, "alice");
    auto armored = slipway::test::ssh_sign(dir, "alice", "the payload\n");
    auto v = verify_ssh_signature("the payload\n", armored, signers_of("alice", line), "git",
                                  {.temp_parent = dir.path()});
    REQUIRE(v);
    CHECK(v->outcome == SshOutcome::good);
    CHECK(v->principal == "alice");
    CHECK(v->fingerprint == parse_ssh_public_key(line)->fingerprint());
}

TEST_CASE("a signature over other bytes is bad") {
    slipway::test::TempDir dir;
    auto line = slipway::test::make_ssh_key(dir, "alice");
    auto armored = slipway::test::ssh_sign(dir, "alice", "the payload\n");
    auto v = verify_ssh_signature("another payload\n", armored, signers_of("alice", line), "git",
                                  {.temp_parent = dir.path()});
    REQUIRE(v);
    CHECK(v->outcome == SshOutcome::bad_signature);
    CHECK(v->principal == "alice");
    CHECK(v->detail == "Signature verification failed: incorrect signature");
}

TEST_CASE("a signature by a key no allowed signer has is by an unknown key") {
    slipway::test::TempDir dir;
    auto alice = slipway::test::make_ssh_key(dir, "alice");
    slipway::test::make_ssh_key(dir, "mallory");
    auto armored = slipway::test::ssh_sign(dir, "mallory", "the payload\n");
    auto v = verify_ssh_signature("the payload\n", armored, signers_of("alice", alice), "git",
                                  {.temp_parent = dir.path()});
    REQUIRE(v);
    CHECK(v->outcome == SshOutcome::unknown_key);
    CHECK(v->detail == "no allowed signer has the key " + v->fingerprint);
    CHECK(v->fingerprint.starts_with("SHA256:"));
}

TEST_CASE("a signature made for another namespace is refused") {
    slipway::test::TempDir dir;
    auto line = slipway::test::make_ssh_key(dir, "alice");
    auto armored = slipway::test::ssh_sign(dir, "alice", "the payload\n", "file");
    auto v = verify_ssh_signature("the payload\n", armored, signers_of("alice", line), "git",
                                  {.temp_parent = dir.path()});
    REQUIRE(v);
    CHECK(v->outcome == SshOutcome::wrong_namespace);
    CHECK(v->detail == "it was made for namespace \"file\", not \"git\"");
}

TEST_CASE("text that is no SSH signature is malformed") {
    slipway::test::TempDir dir;
    auto v = verify_ssh_signature("x", "-----BEGIN PGP SIGNATURE-----\n", "", "git",
                                  {.temp_parent = dir.path()});
    REQUIRE(v);
    CHECK(v->outcome == SshOutcome::malformed);
}
