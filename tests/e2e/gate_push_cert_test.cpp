// E2E: push certificates (`git push --signed`) with a real GnuPG. slipway install makes git
// offer them; a ref with `push_certificate: required` takes only a push signed by the pusher's
// own key, and the ledger keeps the certificate.
#include "support/gpg.hpp"
#include "support/sandbox.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::GpgKeys;
using slipway::e2e::Sandbox;

namespace {

// Keys for alice and bob in the sandbox's keyring (which the server's git uses too: a local
// push runs receive-pack with the pusher's environment).
struct Keys {
    GpgKeys keyring;
    std::string alice, bob; ///< fingerprints

    explicit Keys(const Sandbox& sb)
        : keyring(sb)
        , alice(keyring.make("Alice Author <alice@example.com>"))
        , bob(keyring.make("Bob Builder <bob@example.com>")) {}
};

std::string policy(const Keys& keys) {
    return "version: 1\nusers:\n  alice:\n    gpg: [\"" + keys.alice + "\"]\n  bob:\n    gpg: [\"" +
           keys.bob + "\"]\nrefs:\n  - match: refs/heads/master\n    push_certificate: required\n";
}

const std::map<std::string, std::string> alice{{"GL_USERNAME", "alice"}};

} // namespace

TEST_CASE("push_certificate required: unsigned refused, signed by the pusher's own key "
          "accepted with the certificate recorded, signed by another's refused") {
    Sandbox sb;
    Keys keys(sb);
    sb.seeded(policy(keys));
    CHECK(sb.ok("git -C server.git config receive.certNonceSeed").size() == 65);

    auto unsigned_push =
        sb.sh("git commit -q --allow-empty -m one && git push origin master", alice, "work");
    CHECK(unsigned_push.exit_code != 0);
    CHECK(unsigned_push.has("refs/heads/master: error: refs/heads/master takes only signed "
                            "pushes (a ref rule says push_certificate: required): the push is "
                            "not signed; push again with `git push --signed`"));
    CHECK(unsigned_push.has("[push-cert]"));

    auto by_bob =
        sb.sh("git -c user.signingkey=" + keys.bob + " push --signed origin master", alice, "work");
    CHECK(by_bob.exit_code != 0);
    CHECK(by_bob.has("the push is signed by bob (key "));
    CHECK(by_bob.has("but alice pushed it: a pusher signs with their own key"));

    auto signed_push = sb.sh(
        "git -c user.signingkey=" + keys.alice + " push --signed origin master", alice, "work");
    INFO(signed_push.output);
    CHECK(signed_push.exit_code == 0);
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json --limit 1"));
    REQUIRE(json);
    const auto& push = json->at("entries").as_array()[0];
    CHECK(push.at("verdict").as_string() == "accepted");
    const auto& cert = push.at("certificate");
    CHECK(cert.at("status").as_string() == "G");
    CHECK(cert.at("nonce_status").as_string() == "OK");
    CHECK(cert.at("signer").as_string().find("alice@example.com") != std::string::npos);
    CHECK(cert.at("text").as_string().starts_with("certificate version 0.1\n"));
    CHECK(cert.at("text").as_string().find("-----BEGIN PGP SIGNATURE-----") != std::string::npos);
    const auto id = std::to_string(push.at("id").as_int());
    CHECK(sb.ok("slipway show server.git " + id)
              .find("signed:    Alice Author <alice@example.com> (key ") != std::string::npos);
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
}

TEST_CASE("a push signed by a key the server cannot check is refused") {
    Sandbox sb;
    Keys keys(sb);
    sb.seeded(policy(keys));
    // The server's git verifies with a keyring that lacks alice's key: status E.
    sb.ok("mkdir -m 700 empty-gnupg");
    auto run = sb.sh("git commit -q --allow-empty -m one && git -c user.signingkey=" + keys.alice +
                         " push --signed --receive-pack=\"env GNUPGHOME=$SANDBOX/empty-gnupg "
                         "git-receive-pack\" origin master",
                     alice, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.has("the push certificate cannot be checked on the server (the signing key is not in "
                  "the keyring of the account git runs as)"));
}
