// Signed pushes (`git push --signed`) through real servers (sshd, nginx + git-http-backend,
// gitolite, git daemon): git on the server checks the certificate with the keyring of the
// HOME the hooks run with; a ref with `push_certificate: required` takes only a push signed by
// the pusher's own key, and over git daemon, where nothing else vouches for the pusher, the
// certificate is the pusher's identity.
#include "support/gpg.hpp"
#include "support/servers.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

std::string policy(const std::string& alice_key, const std::string& bob_key = "") {
    std::string users = "  alice:\n    gpg: [\"" + alice_key + "\"]\n";
    if (!bob_key.empty())
        users += "  bob:\n    gpg: [\"" + bob_key + "\"]\n";
    return "version: 1\nusers:\n" + users +
           "refs:\n  - match: refs/heads/master\n    push_certificate: required\n";
}

// The newest push record's "pusher identity_source authenticated".
std::string newest_pusher(const Sandbox& sb, const std::string& repo) {
    auto json =
        slipway::util::parse_json(sb.ok("slipway log " + quote(repo) + " --json --limit 1"));
    REQUIRE(json);
    const auto& push = json->at("entries").as_array().at(0);
    return push.at("pusher").as_string() + " " + push.at("identity_source").as_string() + " " +
           (push.at("authenticated").as_bool() ? "authenticated" : "unauthenticated");
}

// The certificate of the newest push, as "status nonce_status", or "unsigned".
std::string newest_certificate(const Sandbox& sb, const std::string& repo = "server.git") {
    auto json =
        slipway::util::parse_json(sb.ok("slipway log " + quote(repo) + " --json --limit 1"));
    REQUIRE(json);
    const auto& cert = json->at("entries").as_array().at(0).at("certificate");
    if (cert.is_null())
        return "unsigned";
    return cert.at("status").as_string() + " " + cert.at("nonce_status").as_string();
}

// Through `url`: a new commit pushed unsigned is refused and nothing recorded as signed, then
// the same push signed with `key` is accepted; returns the recorded certificate's
// "status nonce_status".
std::string unsigned_then_signed(const Sandbox& sb, const std::string& url, const std::string& key,
                                 const std::string& repo = "server.git") {
    auto unsigned_push =
        sb.sh("git commit -q --allow-empty -m one && git push " + quote(url) + " master 2>&1", {},
              "work");
    INFO(unsigned_push.output);
    CHECK(unsigned_push.exit_code != 0);
    CHECK(unsigned_push.has("the push is not signed; push again with `git push --signed`"));
    CHECK(newest_certificate(sb, repo) == "unsigned");

    auto signed_push =
        sb.sh("git -c user.signingkey=" + key + " push --signed " + quote(url) + " master 2>&1", {},
              "work");
    INFO(signed_push.output);
    CHECK(signed_push.exit_code == 0);
    return newest_certificate(sb, repo);
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
    const auto stranger = keys.make("Stranger <stranger@example.com>");
    keys.export_to(stranger, http.hook_home());

    const auto cert = unsigned_then_signed(sb, http.url("alice", "server.git"), alice);
    INFO(cert);
    CHECK((cert == "G OK" || cert == "G SLOP" || cert == "U OK" || cert == "U SLOP"));

    // A good signature by a key the policy gives nobody.
    auto unknown =
        sb.sh("git commit -q --allow-empty -m two && git -c user.signingkey=" + stranger +
                  " push --signed " + quote(http.url("alice", "server.git")) + " master 2>&1",
              {}, "work");
    INFO(unknown.output);
    CHECK(unknown.exit_code != 0);
    CHECK(unknown.has("which is no user's key in the policy (users.<name>.gpg)"));
}

TEST_CASE("servers: gitolite, a push signed by the GL_USER's own key is accepted, an unsigned one "
          "and one signed by another user's key refused") {
    SLIPWAY_SKIP_IF(GitoliteServer::missing());
    Sandbox sb;
    GpgKeys keys(sb);
    const auto alice = keys.make("Alice Author <alice@example.com>");
    const auto bob = keys.make("Bob Builder <bob@example.com>");
    GitoliteServer gitolite(sb, {"alice", "bob"});
    gitolite.add_repo("deploy", {"RW+ = alice bob"});
    sb.write("policy.yaml", policy(alice, bob));
    gitolite.install_slipway("deploy", "--policy policy.yaml");
    keys.export_to(alice, gitolite.hook_home());
    keys.export_to(bob, gitolite.hook_home());
    const std::string repo = gitolite.repo_path("deploy").string();
    sb.ok("git clone -q " + quote(gitolite.url("alice", "deploy")) + " work 2>&1");

    const auto cert = unsigned_then_signed(sb, gitolite.url("alice", "deploy"), alice, repo);
    INFO(cert);
    CHECK((cert == "G OK" || cert == "U OK"));
    CHECK(newest_pusher(sb, repo) == "alice GL_USER authenticated");

    // bob, logged in as himself, signs with alice's key: the certificate is good, the signer
    // not the pusher.
    auto foreign =
        sb.sh("git commit -q --allow-empty -m two && git -c user.signingkey=" + alice +
                  " push --signed " + quote(gitolite.url("bob", "deploy")) + " master 2>&1",
              {}, "work");
    INFO(foreign.output);
    CHECK(foreign.exit_code != 0);
    CHECK(foreign.has("the push is signed by alice (key "));
    CHECK(foreign.has("but bob pushed it: a pusher signs with their own key"));
}

TEST_CASE("servers: git daemon, an anonymous push is refused with [identity] unless it is signed "
          "by a policy user's key, whose certificate is then the pusher's identity") {
    SLIPWAY_SKIP_IF(GitDaemon::missing());
    Sandbox sb;
    GpgKeys keys(sb);
    const auto alice = keys.make("Alice Author <alice@example.com>");
    const auto stranger = keys.make("Stranger <stranger@example.com>");
    sb.seeded(policy(alice));
    GitDaemon daemon(sb);
    keys.export_to(alice, daemon.hook_home());
    keys.export_to(stranger, daemon.hook_home());
    const auto url = daemon.url("server.git");

    auto anonymous =
        sb.sh("git commit -q --allow-empty -m one && git push " + quote(url) + " master 2>&1", {},
              "work");
    INFO(anonymous.output);
    CHECK(anonymous.exit_code != 0);
    CHECK(anonymous.has("this push has no authenticated identity: it came over git daemon "
                        "(git://), which is anonymous, and the server named no pusher"));
    CHECK(newest_pusher(sb, "server.git") == server_account() + " os-user unauthenticated");

    // A key the policy gives nobody proves nobody.
    auto unknown = sb.sh("git -c user.signingkey=" + stranger + " push --signed " + quote(url) +
                             " master 2>&1",
                         {}, "work");
    INFO(unknown.output);
    CHECK(unknown.exit_code != 0);
    CHECK(unknown.has("this push has no authenticated identity"));
    CHECK(unknown.has("which is no user's key in the policy (users.<name>.gpg)"));

    auto signed_push =
        sb.sh("git -c user.signingkey=" + alice + " push --signed " + quote(url) + " master 2>&1",
              {}, "work");
    INFO(signed_push.output);
    CHECK(signed_push.exit_code == 0);
    CHECK(newest_pusher(sb, "server.git") == "alice push-certificate authenticated");
    const auto cert = newest_certificate(sb);
    CHECK((cert == "G OK" || cert == "U OK"));
}

TEST_CASE("servers: nginx without authentication, an anonymous push is refused with [identity] "
          "and one signed by a policy user's key accepted as that user") {
    SLIPWAY_SKIP_IF(HttpServer::missing());
    Sandbox sb;
    GpgKeys keys(sb);
    const auto alice = keys.make("Alice Author <alice@example.com>");
    sb.seeded(policy(alice));
    sb.ok("git -C server.git config receive.certNonceSlop 60");
    HttpServer http(sb, {.authentication = false});
    keys.export_to(alice, http.hook_home());
    const auto url = http.anonymous_url("server.git");

    auto anonymous =
        sb.sh("git commit -q --allow-empty -m one && git push " + quote(url) + " master 2>&1", {},
              "work");
    INFO(anonymous.output);
    CHECK(anonymous.exit_code != 0);
    CHECK(anonymous.has("this push has no authenticated identity: it came over HTTP and the "
                        "server named no pusher"));
    CHECK(newest_pusher(sb, "server.git") == server_account() + " os-user unauthenticated");

    auto signed_push =
        sb.sh("git -c user.signingkey=" + alice + " push --signed " + quote(url) + " master 2>&1",
              {}, "work");
    INFO(signed_push.output);
    CHECK(signed_push.exit_code == 0);
    CHECK(newest_pusher(sb, "server.git") == "alice push-certificate authenticated");
}

TEST_CASE("servers: sshd, a push certificate signed with the pusher's SSH key (gpg.format ssh) is "
          "checked against users.<name>.keys: accepted for alice's key, refused for a stranger's") {
    SLIPWAY_SKIP_IF(SshServer::missing());
    Sandbox sb;
    sb.ok("ssh-keygen -q -t ed25519 -N '' -C alice -f alice-signing && "
          "ssh-keygen -q -t ed25519 -N '' -C stranger -f stranger-signing");
    const auto alice_key = trimmed(sb.ok("cat alice-signing.pub"));
    sb.seeded("version: 1\nusers:\n  alice:\n    keys: [\"" + alice_key +
              "\"]\nrefs:\n  - match: refs/heads/master\n    push_certificate: required\n");
    SshServer ssh(sb, {.logins = {{"alice", "alice"}}});
    const auto url = ssh.url("alice", (sb.root() / "server.git").string());
    auto push_signed_with = [&](const std::string& key, const std::string& message) {
        return sb.sh("git commit -q --allow-empty -m " + message +
                         " && git -c gpg.format=ssh -c user.signingkey=" +
                         quote((sb.root() / key).string()) + " push --signed " + quote(url) +
                         " master 2>&1",
                     {}, "work");
    };

    auto stranger = push_signed_with("stranger-signing.pub", "one");
    INFO(stranger.output);
    CHECK(stranger.exit_code != 0);
    CHECK(stranger.has("the push is signed by SSH key SHA256:"));
    CHECK(stranger.has(", which is no user's key in the policy (users.<name>.keys)"));

    auto own = push_signed_with("alice-signing.pub", "two");
    INFO(own.output);
    CHECK(own.exit_code == 0);
    CHECK(newest_certificate(sb) == "G OK");
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json --limit 1"));
    REQUIRE(json);
    const auto id = json->at("entries").as_array().at(0).at("id").as_int();
    const auto shown = sb.ok("slipway show server.git " + std::to_string(id));
    INFO(shown);
    CHECK(shown.find("alice (key SHA256:") != std::string::npos);
    CHECK(shown.find(", signature G, nonce OK)") != std::string::npos);
}
