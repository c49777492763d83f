// E2E: the gate judges what the deploy checks, within bounds, sizes before bytes (issue
// "untrusted pushes", cases 10, 12, 13, 14, 16, 17, 18 and 23): each hostile push refused with
// a finding where the problem is, recorded in the ledger, without a crash or a server fault.
#include "ledger/ledger.hpp"
#include "ledger/queries.hpp"
#include "manifest_fixture.hpp"
#include "support/deploys.hpp"
#include "util/state_paths.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace slipway;
using namespace slipway::e2e;

namespace {

const std::string server_fault = "the server could not check it";

// The newest push record of `repo`'s ledger, whatever its verdict.
ledger::PushEntry last_push(const std::filesystem::path& repo) {
    auto l =
        ledger::Ledger::open(util::StateDir::for_repository(repo).ledger_file(), util::Create::no);
    REQUIRE(l);
    auto log = ledger::read_log(*l, {});
    REQUIRE(log);
    for (const auto& e : *log)
        if (const auto* p = std::get_if<ledger::PushEntry>(&e))
            return *p;
    FAIL("no push recorded");
    return {};
}

// How many records `repo`'s ledger holds.
std::size_t record_count(const std::filesystem::path& ledger_file) {
    auto l = ledger::Ledger::open(ledger_file, util::Create::no);
    REQUIRE(l);
    auto head = l->head();
    REQUIRE(head);
    return static_cast<std::size_t>(head->id);
}

// Wraps server.git's pre-receive in `prefix` (a command that runs the real hook).
void wrap_pre_receive(const Sandbox& sb, const std::string& prefix) {
    sb.ok("cd server.git/hooks && sed -i 's|^exec |exec " + prefix +
          " |' pre-receive && "
          "grep -q '^exec " +
          prefix + " ' pre-receive");
}

// A ConfigMap of the shop named `name` (line 4, column 9), passing every other rule.
std::string config_map(const std::string& name) {
    return "apiVersion: v1\n"
           "kind: ConfigMap\n"
           "metadata:\n"
           "  name: " +
           name +
           "\n"
           "  labels:\n"
           "    app: cart\n"
           "data:\n"
           "  mode: fast\n";
}

} // namespace

TEST_CASE("case 10: a 1.5 GiB manifest is refused from its header, without inflating it") {
    REQUIRE(std::filesystem::exists("/usr/bin/time")); // install/deps.sh installs it
    Sandbox sb;
    sb.seeded(manifest_policy());
    const auto rss = (sb.root() / "pre-receive.rss").string();
    wrap_pre_receive(sb, "/usr/bin/time -f %M -o " + rss);
    // 1.5 GiB of zeros, 1.5 MiB packed: what a hostile pusher sends to fill the server's memory.
    auto run = sb.sh("mkdir -p services && truncate -s 1536M services/big.yaml && "
                     "git -c core.compression=1 add services/big.yaml && git commit -qm big && "
                     "git push origin master",
                     {}, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/big.yaml: error: file is 1.5 GiB, more than the "
                "4.0 MiB allowed for a manifest; split it into several files (it was not read) "
                "[yaml-limits]",
                file_hint});
    // Inflated, the blob alone would be 1.5 GiB; the gate stays far below: not a timing, a
    // bound it cannot cross without reading the blob.
    // time(1) says first that the hook exited 1 (it rejected the push); %M is the last line.
    std::ifstream in(rss);
    std::string kilobytes;
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            kilobytes = line;
    INFO("peak RSS of pre-receive: " << kilobytes << " KiB");
    REQUIRE(!kilobytes.empty());
    CHECK(std::stoll(kilobytes) < 256 * 1024);
    const auto push = last_push(sb.root() / "server.git");
    CHECK(push.push.verdict == ledger::Verdict::rejected);
    REQUIRE(push.push.findings.size() == 1);
    CHECK(push.push.findings[0].rule == "yaml-limits");
    CHECK(push.push.findings[0].path == "services/big.yaml");
}

TEST_CASE("case 10: an untrusted push of 8 x 128 MiB files is not checked out for terraform") {
    Sandbox sb;
    sb.seeded(R"(version: 1
environments:
  - name: ops
    refs: refs/heads/deploy
    targets:
      - terraform: {dirs: [staging], workspace: ops}
)");
    // The gate may not write a 128 MiB file: if it tried, the kernel would stop it (SIGXFSZ)
    // and the push would end without a verdict.
    wrap_pre_receive(sb, "prlimit --fsize=67108864");
    auto run = sb.sh("mkdir -p staging && printf 'resource \"terraform_data\" \"a\" {}\\n' > "
                     "staging/main.tf && for i in 1 2 3 4 5 6 7 8; do "
                     "truncate -s 128M staging/blob$i.bin; done && "
                     "git -c core.compression=1 add -A && git commit -qm blobs && "
                     "git push origin master",
                     {{"GL_USERNAME", "mallory"}}, "work");
    CHECK(run.exit_code != 0);
    // 8 blobs of 128 MiB and main.tf (35 bytes), in 9 files and the staging directory.
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  error: checking out the push for terraform: the checkout would write 1.0 GiB "
                "in 10 files and directories, more than the 256.0 MiB left of the 256.0 MiB the "
                "gate checks out for one push (limits.checkout_bytes); nothing was written: push "
                "fewer or smaller files at once [checkout-limits]",
                "hint: no ref was changed; fix the problems above and push again"});
    CHECK_FALSE(run.has(server_fault));
    CHECK(sb.ok("find server.git/slipway/tmp -type f | wc -l") == "0\n");
    const auto push = last_push(sb.root() / "server.git");
    CHECK(push.push.verdict == ledger::Verdict::rejected);
    REQUIRE(push.push.findings.size() == 1);
    CHECK(push.push.findings[0].rule == "checkout-limits");

    // Within the budget the same checks run: a small change is checked out and accepted.
    auto small = sb.sh("git reset -q --hard HEAD~1 && mkdir -p staging && printf "
                       "'resource \"terraform_data\" \"a\" {}\\n' > staging/main.tf && "
                       "git add -A && git commit -qm small && git push origin master",
                       {{"GL_USERNAME", "mallory"}}, "work");
    CHECK(small.exit_code == 0);
    CHECK(small.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("case 12: an object name Kubernetes would refuse is an object-name finding") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    auto bad = commit_and_push(sb, "services/cart/config.yaml", config_map("../../../../x"));
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/cart/config.yaml:4:9: error: metadata.name "
                "\"../../../../x\" is not a valid ConfigMap name (a DNS-1123 subdomain): a "
                "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                "'-' or '.', and must start and end with an alphanumeric character (e.g. "
                "'example.com'); the API server would refuse it [object-name]",
                file_hint});
    const auto push = last_push(sb.root() / "server.git");
    CHECK(push.push.verdict == ledger::Verdict::rejected);
    REQUIRE(push.push.findings.size() == 1);
    CHECK(push.push.findings[0].rule == "object-name");

    sb.ok("git reset -q --hard HEAD~1", {}, "work");
    auto good = commit_and_push(sb, "services/cart/config.yaml", config_map("cart.config-1"));
    CHECK(good.exit_code == 0);
    CHECK(good.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("case 13: a tree holding services/.git/config is a path-name finding") {
    Sandbox sb;
    sb.seeded();
    // git add refuses such a path; a hostile client writes the trees itself.
    auto tree_with = [&](const std::string& name) {
        return sb.ok("blob=$(printf '[core]\\n\\thooksPath = /tmp\\n' | git hash-object -w "
                     "--stdin) && inner=$(printf '100644 blob %s\\tconfig\\n' $blob | git mktree) "
                     "&& services=$(printf '040000 tree %s\\t%s\\n' $inner " +
                         quote(name) +
                         " | git mktree) && root=$(printf '040000 tree %s\\tservices\\n' "
                         "$services | git mktree) && git commit-tree -p HEAD -m tree $root",
                     {}, "work");
    };
    std::string bad = tree_with(".git");
    bad.pop_back();
    auto run = sb.sh("git push origin " + bad + ":refs/heads/master", {}, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() == Lines{"slipway: push rejected — 1 problem",
                              "  refs/heads/master: services/.git: error: git fsck refuses this "
                              "name (hasDotgit): \".git\" is the name of git's own directory; a "
                              "checkout of it would write into a repository's configuration; "
                              "rename it [path-name]",
                              file_hint});
    CHECK(last_push(sb.root() / "server.git").push.verdict == ledger::Verdict::rejected);

    // What Windows and macOS read as ".git" is refused alike.
    std::string variant = tree_with("GIT~1");
    variant.pop_back();
    auto windows = sb.sh("git push origin " + variant + ":refs/heads/master", {}, "work");
    CHECK(windows.exit_code != 0);
    CHECK(windows.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/GIT~1: error: git fsck refuses this name "
                "(hasDotgit): the name is read as \".git\" (git's own directory) by "
                "case-insensitive, macOS or Windows file systems; rename it [path-name]",
                file_hint});

    std::string good = tree_with("git-config");
    good.pop_back();
    auto accepted = sb.sh("git push origin " + good + ":refs/heads/master", {}, "work");
    CHECK(accepted.exit_code == 0);
    CHECK(accepted.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("case 14: a manifest 300 directories deep is the pusher's tree-depth finding") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    std::string dir = "services";
    for (int i = 0; i < 300; ++i)
        dir += "/d";
    auto run = commit_and_push(sb, dir + "/deployment.yaml", deployment());
    CHECK(run.exit_code != 0);
    // The first path over the limit: services and 256 directories "d" below it.
    std::string deep = "services";
    for (int i = 0; i < 256; ++i)
        deep += "/d";
    const std::string shown = deep.substr(0, 120) + "…(" + std::to_string(deep.size() - 200) +
                              " bytes)…" + deep.substr(deep.size() - 80);
    CHECK(run.gate() == Lines{"slipway: push rejected — 1 problem",
                              "  refs/heads/master: " + shown +
                                  ": error: this path is 257 levels deep, more than the 256 a "
                                  "pushed tree may have (limits.tree_depth); flatten it "
                                  "[tree-depth]",
                              file_hint});
    CHECK_FALSE(run.has(server_fault));
    CHECK_FALSE(run.has("tell the repository's admin"));
    const auto push = last_push(sb.root() / "server.git");
    CHECK(push.push.verdict == ledger::Verdict::rejected);
    REQUIRE(push.push.findings.size() == 1);
    CHECK(push.push.findings[0].rule == "tree-depth");
}

TEST_CASE("tree-depth: limits.tree_depth is the most path components a pushed tree may have") {
    Sandbox sb;
    sb.seeded("version: 1\nlimits: {tree_depth: 4}\n");
    auto ok = sb.sh("mkdir -p a/b/c && echo x > a/b/c/d && git add -A && git commit -qm four && "
                    "git push origin master",
                    {}, "work");
    CHECK(ok.exit_code == 0);
    CHECK(ok.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    auto deep = sb.sh("mkdir -p a/b/c/d2 && echo x > a/b/c/d2/e && git add -A && "
                      "git commit -qm five && git push origin master",
                      {}, "work");
    CHECK(deep.exit_code != 0);
    CHECK(deep.gate() == Lines{"slipway: push rejected — 1 problem",
                               "  refs/heads/master: a/b/c/d2/e: error: this path is 5 levels "
                               "deep, more than the 4 a pushed tree may have (limits.tree_depth); "
                               "flatten it [tree-depth]",
                               file_hint});
}

TEST_CASE("case 16: thousands of findings are capped for the pusher, all kept in the ledger") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    // 30 files of 30 ConfigMaps without the required label: 900 findings.
    std::string script = "mkdir -p services/many && for f in $(seq -w 1 30); do "
                         "for o in $(seq -w 1 30); do printf 'apiVersion: v1\\nkind: "
                         "ConfigMap\\nmetadata:\\n  name: c%s-%s\\n---\\n' $f $o; done > "
                         "services/many/f$f.yaml; done && git add -A && git commit -qm many && "
                         "git push origin master";
    auto run = sb.sh(script, {}, "work");
    CHECK(run.exit_code != 0);
    const auto gate = run.gate();
    REQUIRE(gate.size() == 103);
    CHECK(gate[0] == "slipway: push rejected — 900 problems");
    // 20 per file (limits.findings_per_file), 100 in all (limits.findings).
    CHECK(gate[1] == "  refs/heads/master: services/many/f01.yaml:4:3: error: missing required "
                     "label \"app\" in metadata.labels of ConfigMap \"c01-01\"; add it "
                     "[required-labels]");
    CHECK(gate[20].starts_with("  refs/heads/master: services/many/f01.yaml:"));
    CHECK(gate[21].starts_with("  refs/heads/master: services/many/f02.yaml:4:3: "));
    CHECK(gate[100].starts_with("  refs/heads/master: services/many/f05.yaml:"));
    CHECK(gate[101] == "  … and 800 more; run `slipway check` in your clone to see them all");
    CHECK(gate[102] == file_hint);
    const auto push = last_push(sb.root() / "server.git");
    CHECK(push.push.verdict == ledger::Verdict::rejected);
    CHECK(push.push.findings.size() == 900);

    // The admin may show more: every finding of a file, up to the total.
    sb.ok("sed -i 's/^version: 1$/version: 1\\nlimits: {findings: 1000, findings_per_file: 30}/' "
          "server.git/slipway.yaml");
    auto all = sb.sh("git push origin master", {}, "work");
    CHECK(all.exit_code != 0);
    CHECK(all.gate().size() == 902);
    CHECK_FALSE(all.has("… and "));
}

TEST_CASE("case 17: more push options than the limit refuse the push, and the ledger says so") {
    Sandbox sb;
    sb.seeded();
    std::string options;
    for (int i = 0; i < 10001; ++i)
        options += " -o o" + std::to_string(i);
    auto run = sb.sh("git commit -q --allow-empty -m many && git push" + options + " origin master",
                     {}, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() == Lines{"slipway: push rejected — 1 problem",
                              "  error: the push carries 10001 push options, more than the 100 "
                              "allowed (limits.push_options); push again with fewer `-o` options "
                              "[push-options]",
                              "hint: no ref was changed; fix the problems above and push again"});
    const auto push = last_push(sb.root() / "server.git");
    CHECK(push.push.verdict == ledger::Verdict::rejected);
    CHECK(push.push.push_options.size() == 100);
    CHECK(push.push.push_options.front() == "o0");
    REQUIRE(push.push.findings.size() == 1);
    CHECK(push.push.findings[0].rule == "push-options");

    // One option too long, and a few that fit.
    auto too_long =
        sb.sh("git push -o ok -o " + std::string(5000, 'x') + " origin master", {}, "work");
    CHECK(too_long.exit_code != 0);
    CHECK(too_long.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  error: push option 2 is 5000 bytes, more than the 4096 allowed "
                "(limits.push_option_bytes); shorten it [push-options]",
                "hint: no ref was changed; fix the problems above and push again"});
    CHECK(last_push(sb.root() / "server.git").push.push_options == std::vector<std::string>{"ok"});

    auto fine = sb.sh("git push -o ci.skip -o note=x origin master", {}, "work");
    CHECK(fine.exit_code == 0);
    CHECK(last_push(sb.root() / "server.git").push.push_options ==
          std::vector<std::string>{"ci.skip", "note=x"});
}

TEST_CASE("case 18: a symlinked state directory or ledger is refused, never followed") {
    Sandbox sb;
    sb.seeded();
    const auto state = sb.root() / "server.git" / "slipway";
    sb.ok("git commit -q --allow-empty -m first && git push -q origin master", {}, "work");
    const auto elsewhere = sb.root() / "elsewhere";

    SECTION("slipway/ itself") {
        sb.ok("mv server.git/slipway elsewhere && ln -s ../elsewhere server.git/slipway");
        const auto before = record_count(elsewhere / "ledger.db");
        auto run =
            sb.sh("git commit -q --allow-empty -m next && git push origin master", {}, "work");
        CHECK(run.exit_code != 0);
        CHECK(run.gate() ==
              Lines{"slipway: push rejected — " + server_fault,
                    "  error: " + state.string() +
                        " is a symlink to ../elsewhere; Slipway keeps "
                        "its state in " +
                        state.string() +
                        " itself and never follows a symlink "
                        "there; this push is not recorded [ledger]",
                    "hint: every push is refused until an admin replaces " + state.string() +
                        " with the directory or file it points to (or removes it)"});
        CHECK(record_count(elsewhere / "ledger.db") == before);

        // Put back, the next push goes ahead.
        sb.ok("rm server.git/slipway && mv elsewhere server.git/slipway");
        CHECK(sb.sh("git push origin master", {}, "work").exit_code == 0);
    }
    SECTION("slipway/ledger.db") {
        sb.ok("mkdir elsewhere && mv server.git/slipway/ledger.db elsewhere/ && "
              "ln -s " +
              (elsewhere / "ledger.db").string() + " server.git/slipway/ledger.db");
        const auto before = record_count(elsewhere / "ledger.db");
        auto run =
            sb.sh("git commit -q --allow-empty -m next && git push origin master", {}, "work");
        CHECK(run.exit_code != 0);
        const auto link = state / "ledger.db";
        CHECK(run.gate() ==
              Lines{"slipway: push rejected — " + server_fault,
                    "  error: " + link.string() + " is a symlink to " +
                        (elsewhere / "ledger.db").string() + "; Slipway keeps its state in " +
                        state.string() +
                        " itself and never follows a symlink there; this push "
                        "is not recorded [ledger]",
                    "hint: every push is refused until an admin replaces " + link.string() +
                        " with the directory or file it points to (or removes it)"});
        CHECK(record_count(elsewhere / "ledger.db") == before);
    }
    SECTION("slipway/locks: the attempt is recorded, nothing is judged") {
        sb.ok("mkdir -p elsewhere/locks && ln -s ../../elsewhere/locks server.git/slipway/locks");
        auto run =
            sb.sh("git commit -q --allow-empty -m next && git push origin master", {}, "work");
        CHECK(run.exit_code != 0);
        const auto link = state / "locks";
        CHECK(run.gate() ==
              Lines{"slipway: push rejected — " + server_fault,
                    "  error: " + link.string() +
                        " is a symlink to ../../elsewhere/locks; "
                        "Slipway keeps its state in " +
                        state.string() +
                        " itself and never follows "
                        "a symlink there [ledger]",
                    "hint: every push is refused until an admin replaces " + link.string() +
                        " with the directory or file it points to (or removes it)"});
        const auto push = last_push(sb.root() / "server.git");
        CHECK(push.push.verdict == ledger::Verdict::rejected);
        CHECK(push.push.reason.starts_with(link.string() + " is a symlink"));
    }
}

TEST_CASE("case 18: post-receive deploys nothing through a symlink planted after the gate") {
    Sandbox sb;
    sb.seeded(R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - command: {run: [sh, -c, "echo deploying $SLIPWAY_COMMIT"]}
)");
    // After the gate accepted the push, the locks directory becomes a symlink.
    sb.ok("cd server.git/hooks && sed -i 's/^exec \\(.*\\)$/\\1 || exit $?/' pre-receive && "
          "printf '%s\\n' 'mkdir -p ../elsewhere && ln -s ../../elsewhere slipway/locks' >> "
          "pre-receive");
    auto run = sb.sh("git commit -q --allow-empty -m next && git push origin master",
                     {{"GL_USERNAME", "alice"}}, "work");
    CHECK(run.exit_code == 0);
    const auto link = sb.root() / "server.git" / "slipway" / "locks";
    CHECK(run.remote() ==
          Lines{"slipway: push accepted — 1 ref update checked",
                "slipway: nothing was deployed: " + link.string() +
                    " is a symlink to ../../elsewhere; Slipway keeps its state in " +
                    (sb.root() / "server.git" / "slipway").string() +
                    " itself and never follows a symlink there",
                "hint: tell the repository's admin to replace " + link.string() +
                    " with the directory or file it points to; push again once it is fixed"});
    CHECK(sb.sh("git rev-parse -q --verify refs/slipway/deployed/preprod", {}, "server.git")
              .exit_code != 0);
    CHECK(sb.ok("ls -A elsewhere | wc -l") == "0\n");
    CHECK(recorded_deploys(sb.root() / "server.git").empty());
}

TEST_CASE("case 23: 300 feature branches in one push deploy staging once, with the last") {
    Sandbox sb;
    sb.seeded(R"(version: 1
environments:
  - name: staging
    refs: refs/heads/feature/*
    targets:
      - command: {run: [sh, -c, "echo deploying $SLIPWAY_COMMIT"]}
  - name: preprod
    refs: refs/heads/master
    targets:
      - command: {run: [sh, -c, "echo deploying $SLIPWAY_COMMIT"]}
)");
    sb.ok("for i in $(seq -w 0 299); do c=$(git commit-tree -p HEAD -m b$i HEAD^{tree}) && "
          "git update-ref refs/heads/feature/b$i $c; done",
          {}, "work");
    sb.ok("git commit -q --allow-empty -m main", {}, "work");
    auto run = sb.sh("git push origin master 'refs/heads/feature/*:refs/heads/feature/*'",
                     {{"GL_USERNAME", "alice"}}, "work");
    CHECK(run.exit_code == 0);
    const auto last = rev(sb, "feature/b299");
    const auto main = rev(sb, "master");
    auto lines = timeless(run.remote());
    CHECK(in_order(
        lines,
        {"slipway: push accepted — 301 ref updates checked",
         "[staging] deploying " + last.substr(0, 7) +
             " (refs/heads/feature/b299; also stands for refs/heads/feature/b000, "
             "refs/heads/feature/b001, refs/heads/feature/b002, "
             "refs/heads/feature/b003, refs/heads/feature/b004 and 294 more)",
         "[staging] deploying " + last,
         "[staging] deployed " + last.substr(0, 7) + " in Ns (0 applied, 0 pruned, 0 changed)"}));
    CHECK(in_order(lines,
                   {"[preprod] deploying " + main, "[preprod] deployed " + main.substr(0, 7) +
                                                       " in Ns (0 applied, 0 pruned, 0 changed)"}));
    CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
              return l.starts_with("[staging] deployed ");
          }) == 1);
    const auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 2);
    std::vector<std::string> staging;
    for (const auto& d : deploys)
        if (d.start.environment == "staging")
            staging.push_back(d.start.ref + " " + d.start.commit);
    CHECK(staging == std::vector<std::string>{"refs/heads/feature/b299 " + last});
    CHECK(rev(sb, "refs/slipway/deployed/staging", "server.git") == last);
    CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == main);

    // One ref feeding an environment deploys as before, with no line about other refs.
    sb.ok("git checkout -q -b feature/solo && git commit -q --allow-empty -m solo", {}, "work");
    auto solo = sb.sh("git push origin feature/solo", {{"GL_USERNAME", "alice"}}, "work");
    CHECK(solo.exit_code == 0);
    CHECK_FALSE(solo.has("also stands for"));
    CHECK(rev(sb, "refs/slipway/deployed/staging", "server.git") == rev(sb, "feature/solo"));
}
