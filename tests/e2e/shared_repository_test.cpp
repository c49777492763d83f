// E2E: a repository a group of OS users share (git init --shared=group, core.sharedRepository):
// each of two users pushes and deploys in turn, and what the hooks create (ledger, locks, logs,
// workspaces) stays writable by the group. Needs root, to make the users and the group; it
// fails, never skips, without it.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using slipway::e2e::Sandbox;

namespace {

// slipway-owner and slipway-other, both in group slipway-share (made once).
void make_group(const Sandbox& sb) {
    REQUIRE(::geteuid() == 0); // needs root to make accounts and switch to them
    sb.ok("getent group slipway-share >/dev/null || groupadd --system slipway-share; for u in "
          "slipway-owner slipway-other; do id -u $u >/dev/null 2>&1 || useradd --system "
          "--no-create-home --shell /usr/sbin/nologin $u; usermod -aG slipway-share $u; done");
}

// `script` run as `user` in a home of its own under the sandbox (server.git is ../server.git
// there), whose git config trusts the shared repository (git and libgit2 refuse a repository
// another user owns otherwise).
std::string as(const std::string& user, const std::string& script) {
    return "mkdir -p home-" + user + " && git config --file home-" + user +
           "/.gitconfig safe.directory '*' && chown -R " + user + " home-" + user + " && cd home-" +
           user + " && HOME=\"$PWD\" setpriv --reuid " + user + " --regid " + user +
           " --init-groups sh -c '" + script + "'";
}

std::string push_as(const std::string& user, const std::string& message) {
    return as(user, "test -d w || git clone -q ../server.git w 2>/dev/null; cd w && git pull -q "
                    "origin master 2>/dev/null; git commit -q --allow-empty -m " +
                        message + " && git push origin master 2>&1");
}

const std::string policy = "version: 1\nenvironments:\n  - name: preprod\n    refs: "
                           "refs/heads/master\n    targets:\n      - command: {run: [sh, -c, "
                           "\"echo deployed by $SLIPWAY_PUSHER\"]}\n";

} // namespace

TEST_CASE("two OS users of one group share a core.sharedRepository=group repository: each "
          "pushes and deploys in turn, without a permission error") {
    Sandbox sb;
    make_group(sb);
    sb.ok("chmod 755 .");
    sb.ok("git init -q --bare --shared=group -b master server.git && chown -R "
          "slipway-owner:slipway-share server.git");
    sb.write("policy.yaml", policy);
    sb.ok("chmod 644 policy.yaml && slipway install server.git --policy policy.yaml");

    for (const auto& [user, message] : std::vector<std::pair<std::string, std::string>>{
             {"slipway-owner", "one"}, {"slipway-other", "two"}, {"slipway-owner", "three"}}) {
        auto push = sb.sh(push_as(user, message));
        INFO(user << " pushing " << message << ":\n" << push.output);
        CHECK(push.exit_code == 0);
        CHECK(push.has("remote: [preprod] deployed by " + user));
        CHECK(push.has("remote: [preprod] deployed "));
        CHECK_FALSE(push.has("ermission denied"));
        CHECK_FALSE(push.has("warning"));
    }
    // Everything under the state directory is the group's to write.
    CHECK(sb.ok("find server.git/slipway ! -perm -g+w") == "");
    auto log = sb.sh(as("slipway-other", "slipway log ../server.git"));
    INFO(log.output);
    CHECK(log.exit_code == 0);
    CHECK(log.has("push    slipway-other  accepted"));
}
