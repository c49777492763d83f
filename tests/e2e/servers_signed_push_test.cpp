// Signed pushes (`git push --signed`) through real servers: git on the server checks the
// certificate with the keyring of the HOME the hooks run with; a ref with
// `push_certificate: required` takes only a push signed by the pusher's own key.
#include "support/gpg.hpp"
#include "support/servers.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

std::string policy(const std::string& alice_key) {
    return "version: 1\nusers:\n  alice:\n    gpg: [\"" + alice_key +
           "\"]\nrefs:\n  - match: refs/heads/master\n    push_certificate: required\n";
}

// The certificate of the newest push, as "status nonce_status", or "unsigned".
std::string newest_certificate(const Sandbox& sb) {
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json --limit 1"));
    REQUIRE(json);
    const auto& cert = json->at("entries").as_array().at(0).at("certificate");
    if (cert.is_null())
        return "unsigned";
    return cert.at("status").as_string() + " " + cert.at("nonce_status").as_string();
}

// Through `url`: a new commit pushed unsigned is refused and nothing recorded as signed, then
// the same push signed with `key` is accepted; returns the recorded certificate's
// "status nonce_status".
std::string unsigned_then_signed(const Sandbox& sb, const std::string& url,
                                 const std::string& key) {
    auto unsigned_push =
        sb.sh("git commit -q --allow-empty -m one && git push " + quote(url) + " master 2>&1", {},
              "work");
    INFO(unsigned_push.output);
    CHECK(unsigned_push.exit_code != 0);
    CHECK(unsigned_push.has("the push is not signed; push again with `git push --signed`"));
    CHECK(newest_certificate(sb) == "unsigned");

    auto signed_push =
        sb.sh("git -c user.signingkey=" + key + " push --signed " + quote(url) + " master 2>&1", {},
              "work");
    INFO(signed_push.output);
    CHECK(signed_push.exit_code == 0);
    return newest_certificate(sb);
}

} // namespace

TEST_CASE("servers: sshd, a push signed by the pusher's own key is accepted and its certificate "
          "recorded, an unsigned one refused") {
    SLIPWAY_SKIP_IF(SshServer::missing());
    Sandbox sb;
    GpgKeys keys(sb);
    const auto alice = keys.make("Alice Author <alice@example.com>");
    sb.seeded(policy(alice));
    SshServer ssh(sb, {.logins = {{"alice", "alice"}}});
    keys.export_to(alice, ssh.hook_home());
    const auto cert =
        unsigned_then_signed(sb, ssh.url("alice", (sb.root() / "server.git").string()), alice);
    // A good signature (G, or U when gpg's own trust model does not vouch for the key: the
    // policy's users.alice.gpg does) and a fresh nonce.
    INFO(cert);
    CHECK((cert == "G OK" || cert == "U OK"));
}

TEST_CASE("servers: nginx + git-http-backend, an unsigned push is refused and a signed one "
          "accepted within the nonce slop") {
    SLIPWAY_SKIP_IF(HttpServer::missing());
    Sandbox sb;
    GpgKeys keys(sb);
    const auto alice = keys.make("Alice Author <alice@example.com>");
    sb.seeded(policy(alice));
    // Over HTTP the nonce is given by one request and checked by the next.
    sb.ok("git -C server.git config receive.certNonceSlop 60");
    HttpServer http(sb);
    keys.export_to(alice, http.hook_home());

    const auto cert = unsigned_then_signed(sb, http.url("alice", "server.git"), alice);
    INFO(cert);
    CHECK((cert == "G OK" || cert == "G SLOP" || cert == "U OK" || cert == "U SLOP"));
}
