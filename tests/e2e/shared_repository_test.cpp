// E2E: a repository a group of OS users share (git init --shared=group, core.sharedRepository):
// each of two users pushes and deploys in turn, and what the hooks create (ledger, locks, logs,
// workspaces) stays writable by the group; state another user's deploy may not write (made
// before the sharing, or by root) fails the deploy, recorded, with what to fix. Needs root, to
// make the users and the group; it fails, never skips, without it.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace slipway::e2e;
using Lines = std::vector<std::string>;

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

namespace {

// The shared repository server.git, after slipway-owner's push deployed preprod once (so its
// lock file, workspaces/ and logs exist).
void shared_and_deployed(Sandbox& sb) {
    make_group(sb);
    sb.ok("chmod 755 .");
    sb.ok("git init -q --bare --shared=group -b master server.git && chown -R "
          "slipway-owner:slipway-share server.git");
    sb.write("policy.yaml", policy);
    sb.ok("chmod 644 policy.yaml && slipway install server.git --policy policy.yaml");
    auto first = sb.sh(push_as("slipway-owner", "one"));
    INFO(first.output);
    REQUIRE(first.has("remote: [preprod] deployed by slipway-owner"));
}

// The first 7 digits of server.git's master (another user's repository: git trusts it here).
std::string trimmed_rev(const Sandbox& sb) {
    auto hex = sb.ok("git -c safe.directory='*' -C server.git rev-parse master");
    return hex.substr(0, 7);
}

} // namespace

// Before the fix, the deploy failed "cannot open lock file ...: Permission denied" and the
// ledger had no record of it.
TEST_CASE("a deploy that may not write its lock file (state made before the repository was "
          "shared) is recorded as failed, names the file, its owner, mode and the user, and "
          "`slipway install` again fixes it") {
    Sandbox sb;
    shared_and_deployed(sb);
    const std::string repo = (sb.root() / "server.git").string();
    sb.ok("chmod g-w server.git/slipway/locks/preprod.lock");

    auto push = sb.sh(push_as("slipway-other", "two"));
    INFO(push.output);
    CHECK(push.exit_code == 0);
    const auto lines = timeless(push.remote());
    REQUIRE(lines.size() == 2);
    CHECK(lines[1] == "[preprod] deploy of " + trimmed_rev(sb) +
                          " FAILED after Ns (0 applied, 0 pruned, 0 changed): cannot take the "
                          "deploy lock: " +
                          repo +
                          "/slipway/locks/preprod.lock belongs to slipway-owner (group "
                          "slipway-share, mode 0644) and this deploy runs as slipway-other, who "
                          "may not write it; fix: `slipway install " +
                          repo +
                          "` (as root), which makes the state group-writable, as "
                          "core.sharedRepository asks");
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    CHECK(deploys.back().start.pusher == "slipway-other");
    CHECK(deploys.back().state() == "failure");
    REQUIRE(deploys.back().end);
    CHECK(deploys.back().end->message.find("preprod.lock belongs to slipway-owner") !=
          std::string::npos);

    sb.ok("slipway install server.git");
    auto again = sb.sh(push_as("slipway-other", "three"));
    INFO(again.output);
    CHECK(again.has("remote: [preprod] deployed by slipway-other"));
}

TEST_CASE("a deploy that may not write its workspace is recorded as failed, with the directory "
          "it may not write and what to fix") {
    Sandbox sb;
    shared_and_deployed(sb);
    const std::string repo = (sb.root() / "server.git").string();
    sb.ok("chmod g-w server.git/slipway/workspaces");

    auto push = sb.sh(push_as("slipway-other", "two"));
    INFO(push.output);
    CHECK(push.exit_code == 0);
    CHECK(push.has(": checkout: cannot create the workspace " + repo +
                   "/slipway/workspaces/preprod: Permission denied; " + repo +
                   "/slipway/workspaces belongs to slipway-owner (group slipway-share, mode "
                   "2755) and this deploy runs as slipway-other, who may not write it; fix: "
                   "`slipway install " +
                   repo + "` (as root)"));
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    CHECK(deploys.back().state() == "failure");
}

// Before the fix, the hint said only "every push is refused until the ledger ... can be written
// again".
TEST_CASE("a push to a repository that is not shared, whose ledger another user made, is refused "
          "with [ledger] and a hint that names the ledger's owner and mode and how to share it, "
          "which works") {
    Sandbox sb;
    make_group(sb);
    sb.ok("chmod 755 .");
    sb.ok("git init -q --bare -b master server.git && chown -R slipway-owner server.git");
    sb.write("policy.yaml", policy);
    sb.ok("chmod 644 policy.yaml && slipway install server.git --policy policy.yaml");
    REQUIRE(sb.sh(push_as("slipway-owner", "one"))
                .has("remote: [preprod] deployed by "
                     "slipway-owner"));
    // The admin lets the group write the repository's objects and refs by hand, not its
    // state, and does not set core.sharedRepository.
    sb.ok("chgrp -R slipway-share server.git && find server.git -path server.git/slipway -prune "
          "-o -exec chmod g+w {} +");
    const std::string repo = (sb.root() / "server.git").string();

    auto push = sb.sh(push_as("slipway-other", "two"));
    INFO(push.output);
    CHECK(push.exit_code != 0);
    CHECK(push.gate() ==
          Lines{"slipway: push rejected — the server could not check it",
                "  error: cannot open the ledger " + repo +
                    "/slipway/ledger.db: attempt to write a readonly database [ledger]",
                "hint: every push is refused until the ledger " + repo +
                    "/slipway/ledger.db can be written again: " + repo +
                    "/slipway/ledger.db belongs to slipway-owner (group slipway-share, mode 0644) "
                    "and this push runs as slipway-other, who may not write it; fix: " +
                    repo +
                    " is not shared with a group (core.sharedRepository is not set), so what "
                    "slipway-owner made there is slipway-owner's alone: let only slipway-owner "
                    "push to it, or share it: `sudo -u slipway-owner git -C " +
                    repo + " config core.sharedRepository group`, then `slipway install " + repo +
                    "` (as root), which makes its state group-writable"});

    // The fix, as the hint says it.
    sb.ok("setpriv --reuid slipway-owner --regid slipway-owner --init-groups env HOME=" +
          (sb.root() / "home").string() + " git -C server.git config core.sharedRepository group");
    sb.ok("slipway install server.git");
    auto again = sb.sh(push_as("slipway-other", "three"));
    INFO(again.output);
    CHECK(again.has("remote: [preprod] deployed by slipway-other"));
}
