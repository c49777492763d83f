// Tests for signing/ssh_key: key lines, each way one is wrong, and the fingerprint ssh-keygen
// prints.
#include "signing/ssh_key.hpp"
#include "signing_fixture.hpp"
#include "util/base64.hpp"

#include <catch2/catch.hpp>

using slipway::signing::parse_ssh_public_key;
using slipway::signing::ssh_public_key_from_blob;

TEST_CASE("an SSH key line parses into its type, blob and comment") {
    slipway::test::TempDir dir;
    const auto line = slipway::test::make_ssh_key(dir, "alice");
    auto key = parse_ssh_public_key(line);
    REQUIRE(key);
    CHECK(key->type == "ssh-ed25519");
    CHECK(key->comment == "alice@example.com");
    CHECK(key->line() + " alice@example.com" == line);
    auto again = ssh_public_key_from_blob(key->blob);
    REQUIRE(again);
    CHECK(again->type == "ssh-ed25519");
}

TEST_CASE("an SSH key's fingerprint is the one ssh-keygen -l prints") {
    slipway::test::TempDir dir;
    auto key = parse_ssh_public_key(slipway::test::make_ssh_key(dir, "alice"));
    REQUIRE(key);
    // "256 SHA256:abc… alice@example.com (ED25519)"
    auto printed = slipway::test::sh(dir.path(), "ssh-keygen -lf alice.pub | cut -d' ' -f2");
    CHECK(key->fingerprint() == printed);
}

TEST_CASE("a bad SSH key line says what is wrong with it") {
    using slipway::util::encode_base64;
    auto message = [](std::string_view line) {
        auto key = parse_ssh_public_key(line);
        REQUIRE_FALSE(key);
        return key.error().message;
    };
    CHECK(message("") == "is empty; an SSH public key is a line like \"ssh-ed25519 AAAA… "
                         "comment\" (the contents of id_ed25519.pub)");
    CHECK(message("ssh-foo AAAA") ==
          "\"ssh-foo\" is not an SSH key type (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, "
          "ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ssh-ed25519@openssh.com, "
          "sk-ecdsa-sha2-nistp256@openssh.com)");
    CHECK(message("ssh-ed25519") == "has the key type ssh-ed25519 but no key after it");
    CHECK(message("ssh-ed25519 AAAA*AAA") == "the key after ssh-ed25519 is not valid base64");
    CHECK(message("ssh-ed25519 AAAA") ==
          "the key after ssh-ed25519 is not an SSH public key (it does not start with its type)");
    const std::string rsa_blob = std::string("\0\0\0\7ssh-rsa", 11) + "rest";
    CHECK(message("ssh-ed25519 " + encode_base64(rsa_blob)) ==
          "the key is of type \"ssh-rsa\", but the line says ssh-ed25519");
}
