// Signed commits and tags (`signatures:`) through each real server (sshd, nginx +
// git-http-backend, gitolite, git daemon): an unsigned commit or tag is refused, naming it, one
// signed with a foreign key too, and commits and tags signed with alice's SSH key are accepted.
#include "support/servers.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

// alice's and mallory's SSH signing keys (`<root>/<name>-key`), and a policy where master takes
// only commits, and tags only tags, signed by a policy user's key.
std::string make_keys_and_policy(const Sandbox& sb, const std::string& more = "") {
    sb.ok("ssh-keygen -q -t ed25519 -N '' -C alice -f alice-key && "
          "ssh-keygen -q -t ed25519 -N '' -C mallory -f mallory-key");
    return "version: 1\n" + more + "users:\n  alice:\n    keys: ['" +
           trimmed(sb.ok("cat alice-key.pub")) +
           "']\nrefs:\n  - match: refs/heads/master\n    signatures: {commits: required}\n"
           "  - match: refs/tags/*\n    signatures: {tags: required}\n";
}

// `git` signing with `name`'s SSH key.
std::string signing_git(const Sandbox& sb, const std::string& name) {
    return "git -c gpg.format=ssh -c user.signingkey=" +
           quote((sb.root() / (name + "-key")).string()) + " ";
}

std::string short_head(const Sandbox& sb, const std::string& rev = "HEAD") {
    return trimmed(sb.ok("git rev-parse --short=7 " + rev, {}, "work"));
}

Run push(const Sandbox& sb, const std::string& url, const std::string& what) {
    return sb.sh("git push " + quote(url) + " " + what + " 2>&1", {}, "work");
}

// Through `url`, into a repository whose master already has a commit or not: refused unsigned
// and foreign-signed commits and tags, each named; accepted alice-signed ones.
void unsigned_foreign_then_signed(const Sandbox& sb, const std::string& url) {
    sb.ok("git commit -q --allow-empty -m unsigned", {}, "work");
    auto unsigned_commit = push(sb, url, "master");
    INFO(unsigned_commit.output);
    CHECK(unsigned_commit.exit_code != 0);
    CHECK(unsigned_commit.has(short_head(sb) + " (author "));
    CHECK(unsigned_commit.has(") is not signed"));
    CHECK(unsigned_commit.has("[signature]"));
    sb.ok("git reset -q --hard HEAD~1 2>/dev/null || git update-ref -d HEAD", {}, "work");

    sb.ok(signing_git(sb, "mallory") + "commit -q -S --allow-empty -m by-mallory", {}, "work");
    auto foreign = push(sb, url, "master");
    INFO(foreign.output);
    CHECK(foreign.exit_code != 0);
    CHECK(foreign.has(short_head(sb) + " (author "));
    CHECK(foreign.has(") is signed by an unknown key SHA256:"));
    sb.ok("git reset -q --hard HEAD~1 2>/dev/null || git update-ref -d HEAD", {}, "work");

    sb.ok(signing_git(sb, "alice") + "commit -q -S --allow-empty -m by-alice", {}, "work");
    auto signed_commit = push(sb, url, "master");
    INFO(signed_commit.output);
    CHECK(signed_commit.exit_code == 0);

    sb.ok("git tag -a v1.0.0 -m unsigned", {}, "work");
    auto unsigned_tag = push(sb, url, "v1.0.0");
    INFO(unsigned_tag.output);
    CHECK(unsigned_tag.exit_code != 0);
    CHECK(unsigned_tag.has("v1.0.0 (tagger "));
    CHECK(unsigned_tag.has(") is not signed"));

    sb.ok(signing_git(sb, "alice") + "tag -s v1.0.1 -m signed", {}, "work");
    auto signed_tag = push(sb, url, "v1.0.1");
    INFO(signed_tag.output);
    CHECK(signed_tag.exit_code == 0);
}

} // namespace

TEST_CASE("servers: sshd, unsigned and foreign-signed commits and tags are refused by name, "
          "alice-signed ones accepted") {
    SLIPWAY_SKIP_IF(SshServer::missing());
    Sandbox sb;
    sb.seeded(make_keys_and_policy(sb));
    SshServer ssh(sb, {.logins = {{"alice", "alice"}}});
    unsigned_foreign_then_signed(sb, ssh.url("alice", (sb.root() / "server.git").string()));
}

TEST_CASE("servers: nginx + git-http-backend, unsigned and foreign-signed commits and tags are "
          "refused by name, alice-signed ones accepted") {
    SLIPWAY_SKIP_IF(HttpServer::missing());
    Sandbox sb;
    sb.seeded(make_keys_and_policy(sb));
    HttpServer http(sb);
    unsigned_foreign_then_signed(sb, http.url("alice", "server.git"));
}

TEST_CASE("servers: gitolite, unsigned and foreign-signed commits and tags are refused by name, "
          "alice-signed ones accepted") {
    SLIPWAY_SKIP_IF(GitoliteServer::missing());
    Sandbox sb;
    GitoliteServer gitolite(sb, {"alice"});
    gitolite.add_repo("deploy", {"RW+ = alice"});
    sb.write("policy.yaml", make_keys_and_policy(sb));
    gitolite.install_slipway("deploy", "--policy policy.yaml");
    sb.ok("git clone -q " + quote(gitolite.url("alice", "deploy")) + " work 2>&1 && cd work && " +
          signing_git(sb, "alice") + "commit -q -S --allow-empty -m init && git push -q origin " +
          "master 2>&1");
    unsigned_foreign_then_signed(sb, gitolite.url("alice", "deploy"));
}

TEST_CASE("servers: git daemon (identity not required), unsigned and foreign-signed commits and "
          "tags are refused by name, alice-signed ones accepted") {
    SLIPWAY_SKIP_IF(GitDaemon::missing());
    Sandbox sb;
    // Anonymous pushes are taken here (a signed push would name alice; see
    // servers_signed_push_test.cpp): the signatures on the objects are what is judged.
    sb.seeded(make_keys_and_policy(sb, "identity: {require: false}\n"));
    GitDaemon daemon(sb);
    unsigned_foreign_then_signed(sb, daemon.url("server.git"));
}
