// E2E: a disk that fills up during a deploy, so that its end cannot be recorded — replayed with
// a real push into a repository on a small tmpfs, then the space freed and the next push.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstring>
#include <sys/mount.h>

using namespace slipway::e2e;

namespace {

// A tmpfs of `size` mounted on `dir` for as long as it lives. Declared after the Sandbox, so
// it is unmounted before the sandbox is removed.
class SmallDisk {
public:
    SmallDisk(const std::filesystem::path& dir, const std::string& size)
        : m_dir(dir) {
        std::filesystem::create_directories(dir);
        const std::string options = "size=" + size;
        if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0)
            FAIL("cannot mount a tmpfs on " + dir.string() + " (" + std::strerror(errno) +
                 "): this test needs to run as root");
        m_mounted = true;
    }
    ~SmallDisk() {
        if (m_mounted)
            ::umount2(m_dir.c_str(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

private:
    std::filesystem::path m_dir;
    bool m_mounted = false;
};

// master deploys preprod. With a file `fill` in the commit, the target fills the disk the
// repository is on (its state, ledger and logs with it); with `reserve` too, it first sets
// aside 8 KiB and frees them again once the disk is full: room for the deployed ref to move
// and the summary line to be logged, not for the ledger's end record.
const std::string policy = R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - command: {run: [sh, -c, "if [ -f fill ]; then d=\"$SANDBOX/server.git\"; if [ -f reserve ]; then head -c 8192 /dev/zero > \"$d/reserve\"; fi; cat /dev/zero > \"$d/filler\" 2>/dev/null; rm -f \"$d/reserve\"; fi; echo applied $SLIPWAY_COMMIT"]}
)";

// The deploys recorded for preprod, as "state: message" lines, oldest first.
std::vector<std::string> deploys_of(const Sandbox& sb) {
    std::vector<std::string> out;
    for (const auto& d : recorded_deploys(sb.root() / "server.git"))
        out.push_back(std::string(d.state()) + ": " + (d.end ? d.end->message : ""));
    return out;
}

} // namespace

TEST_CASE("disk full after the deployed ref moved: the end is lost, the next deploy records a "
          "success") {
    Sandbox sb;
    SmallDisk disk(sb.root() / "server.git", "16m");
    sb.seeded(policy);
    sb.write("work/fill", "");
    sb.write("work/reserve", "");
    auto full = sb.sh("git add fill reserve && git commit -qm fill && git push origin master",
                      {{"GL_USERNAME", "alice"}}, "work");
    INFO(full.output);
    CHECK(full.exit_code == 0);
    const auto died = rev(sb, "HEAD");
    CHECK(full.has("[preprod] deployed " + died.substr(0, 7) + " in "));
    CHECK(full.has("slipway: warning: the end of this deploy is not recorded in the ledger: "
                   "cannot write the ledger: "));
    CHECK(full.has("database or disk is full"));
    CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == died);
    CHECK(deploys_of(sb) == std::vector<std::string>{"running: "});

    // The admin frees the space; the next push deploys and records what the evidence shows.
    sb.ok("rm server.git/filler");
    sb.ok("git rm -q fill reserve && git commit -qm freed", {}, "work");
    auto next = sb.sh("git push origin master", {{"GL_USERNAME", "bob"}}, "work");
    INFO(next.output);
    CHECK(next.exit_code == 0);
    const auto head = rev(sb, "HEAD");
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    CHECK(deploys[0].start.commit == died);
    CHECK(deploys[0].state() == "success");
    REQUIRE(deploys[0].end);
    CHECK(deploys[0].end->message ==
          "recovered: its process ended before recording its end, but "
          "refs/slipway/deployed/preprod had moved to its commit, which a deploy does only once "
          "every target succeeded, and its log " +
              deploys[0].start.log +
              " ends with its summary line; noticed by the next deploy to preprod");
    CHECK(deploys[1].start.commit == head);
    CHECK(deploys[1].state() == "success");
    CHECK(next.has("slipway: warning: the deploy to preprod of ledger record " +
                   std::to_string(deploys[0].start_meta.id) +
                   " succeeded but its end was never recorded; the ledger now records it as a "
                   "success, from refs/slipway/deployed/preprod and its log"));
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK"));
    CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == head);
}

TEST_CASE("disk full before the deployed ref could move: the next deploy records outcome "
          "unknown, naming the log") {
    Sandbox sb;
    SmallDisk disk(sb.root() / "server.git", "16m");
    sb.seeded(policy);
    sb.write("work/fill", "");
    auto full = sb.sh("git add fill && git commit -qm fill && git push origin master",
                      {{"GL_USERNAME", "alice"}}, "work");
    INFO(full.output);
    CHECK(full.exit_code == 0);
    const auto died = rev(sb, "HEAD");
    CHECK(full.has("[preprod] applied " + died));
    CHECK(full.has("slipway: warning: the end of this deploy is not recorded in the ledger: "
                   "cannot write the ledger: "));
    CHECK(sb.sh("git rev-parse -q --verify refs/slipway/deployed/preprod", {}, "server.git")
              .exit_code != 0);
    CHECK(deploys_of(sb) == std::vector<std::string>{"running: "});

    sb.ok("rm server.git/filler");
    sb.ok("git rm -q fill && git commit -qm freed", {}, "work");
    auto next = sb.sh("git push origin master", {{"GL_USERNAME", "bob"}}, "work");
    INFO(next.output);
    CHECK(next.exit_code == 0);
    const auto head = rev(sb, "HEAD");
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    const std::string log = deploys[0].start.log;
    CHECK(log.starts_with((sb.root() / "server.git" / "slipway" / "logs" / "preprod").string() +
                          "/"));
    CHECK(log.ends_with("-" + died.substr(0, 7) + ".log"));
    CHECK(sb.ok("grep -c 'applied " + died + "' " + quote(log)) == "1\n");
    CHECK(deploys[0].state() == "unknown");
    const std::string message =
        "outcome unknown: its process ended before recording its end (killed, the server "
        "stopped, or the ledger could not be written); refs/slipway/deployed/preprod did not "
        "move to its commit: its targets may have applied in part; its log is " +
        log + "; noticed by the next deploy to preprod";
    REQUIRE(deploys[0].end);
    CHECK(deploys[0].end->message == message);
    CHECK(next.has("slipway: warning: the deploy to preprod of ledger record " +
                   std::to_string(deploys[0].start_meta.id) + ": " + message));
    CHECK(deploys[1].start.commit == head);
    CHECK(deploys[1].state() == "success");
    CHECK(sb.ok("slipway audit verify server.git").starts_with("OK"));
    CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == head);
    // Promotion and status never count it: the last success is the newest commit.
    CHECK(sb.ok("slipway show server.git " + std::to_string(deploys[0].start_meta.id))
              .starts_with("deploy #" + std::to_string(deploys[0].start_meta.id) + ": unknown\n"));
}
