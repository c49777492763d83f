// E2E: the admin commands on a repository another OS user owns (the account the git server
// runs the hooks as). Root runs them as the owner, so nothing it writes is root's; another
// user may read, and is told how to write. Needs root (to make the users and switch to them),
// as the rest of the suite's server tests do; it fails, never skips, without it.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using slipway::e2e::Sandbox;

namespace {

// The two accounts of these tests, made once (system accounts, no home, no login).
void make_users(const Sandbox& sb) {
    REQUIRE(::geteuid() == 0); // these tests need root to make accounts and switch to them
    sb.ok("for u in slipway-owner slipway-other; do id -u $u >/dev/null 2>&1 || useradd "
          "--system --no-create-home --shell /usr/sbin/nologin $u; done");
}

// `script` run as `user` in a home of its own under the sandbox (server.git is ../server.git
// there), with the sandbox's environment.
std::string as(const std::string& user, const std::string& script) {
    return "mkdir -p home-" + user + " && chown " + user + " home-" + user + " && cd home-" + user +
           " && HOME=\"$PWD\" setpriv --reuid " + user + " --regid " + user +
           " --init-groups sh -c '" + script + "'";
}

} // namespace

TEST_CASE("root installs and reads as the repository's owner: nothing it writes is root's, and "
          "the owner's pushes work") {
    Sandbox sb;
    make_users(sb);
    sb.ok("chmod 755 .");
    sb.ok("git init -q --bare -b master server.git && chown -R slipway-owner: server.git");

    auto install = sb.sh("slipway install server.git");
    CHECK(install.exit_code == 0);
    CHECK(install.has("slipway: running as slipway-owner, who owns server.git"));
    CHECK(sb.ok("find server.git ! -user slipway-owner") == "");

    auto pushed = sb.sh(as("slipway-owner", "git clone -q ../server.git mine 2>/dev/null && cd "
                                            "mine && git commit -q --allow-empty -m one && git "
                                            "push -q origin master"));
    CHECK(pushed.exit_code == 0);
    INFO(pushed.output);
    auto log = sb.sh("slipway log server.git");
    CHECK(log.exit_code == 0);
    CHECK(log.has("push  slipway-owner  accepted  refs/heads/master (new)"));
    CHECK(sb.sh("slipway audit verify server.git").has("OK: "));
    // Reading as root created nothing of root's either (sqlite's -wal and -shm files).
    CHECK(sb.ok("find server.git ! -user slipway-owner") == "");
}

TEST_CASE("another user is told to run the commands as the repository's owner") {
    Sandbox sb;
    make_users(sb);
    sb.ok("chmod 755 .");
    sb.ok("git init -q --bare -b master server.git && chown -R slipway-owner: server.git");
    sb.ok("slipway install server.git");

    auto ack = sb.sh(as("slipway-other", "slipway audit ack ../server.git"));
    CHECK(ack.exit_code == 1);
    CHECK(ack.output == "slipway audit ack: ../server.git belongs to slipway-owner, and you are "
                        "slipway-other: what this command writes would be slipway-other's, "
                        "which the hooks, running as slipway-owner, may be unable to use; run it "
                        "as the owner: `sudo -u slipway-owner slipway audit ack ../server.git`\n");
    auto install = sb.sh(as("slipway-other", "slipway install ../server.git"));
    CHECK(install.exit_code == 1);
    CHECK(install.has("`sudo -u slipway-owner slipway install ../server.git`"));
    // Reading needs the ledger's shared-memory file: not for a user outside the repository's
    // group.
    auto head = sb.sh(as("slipway-other", "slipway audit head ../server.git"));
    CHECK(head.exit_code == 1);
    CHECK(head.output == "slipway audit head: ../server.git belongs to slipway-owner, and you are "
                         "slipway-other, who cannot open its ledger (not a member of a group it "
                         "is shared with); run it as the owner: `sudo -u slipway-owner slipway "
                         "audit head ../server.git`\n");
}

TEST_CASE("root whose HOME the owner cannot read (/root, with a .gitconfig) installs and reads as "
          "the owner") {
    Sandbox sb;
    make_users(sb);
    sb.ok("chmod 755 .");
    sb.ok("git init -q --bare -b master server.git && chown -R slipway-owner: server.git");
    // root's own HOME: mode 700, with git config the owner may not even stat.
    sb.ok("mkdir -p root-home && chmod 700 root-home && printf '[user]\\n\\tname = root\\n' > "
          "root-home/.gitconfig");
    const std::map<std::string, std::string> root_home = {
        {"HOME", (sb.root() / "root-home").string()}};

    auto install = sb.sh("slipway install server.git 2>&1", root_home);
    INFO(install.output);
    CHECK(install.exit_code == 0);
    CHECK(install.has("slipway: running as slipway-owner, who owns server.git"));
    auto log = sb.sh("slipway log server.git 2>&1", root_home);
    INFO(log.output);
    CHECK(log.exit_code == 0);
    CHECK_FALSE(log.has("is not a git repository"));
    auto verify = sb.sh("slipway audit verify server.git 2>&1", root_home);
    INFO(verify.output);
    CHECK(verify.has("OK: "));
}
