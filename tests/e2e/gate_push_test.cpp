// E2E: whole pushes: fail closed on a broken policy, all-or-nothing, hundreds of refs,
// nothing left behind by a rejected push.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;
using Lines = std::vector<std::string>;

TEST_CASE("policy: a broken or missing policy rejects every push, saying what the admin must fix") {
    Sandbox sb;
    sb.seeded();
    const auto policy = (sb.root() / "server.git" / "slipway.yaml").string();
    sb.ok("printf 'version: 1\\nrefs:\\n  - match: refs/heads/master\\n    protectd: true\\n' > " +
          policy);
    auto broken = sb.sh("git commit -q --allow-empty -m x && git push origin master", {}, "work");
    CHECK(broken.exit_code != 0);
    CHECK(broken.remote() == Lines{"slipway: push rejected — the server could not check it",
                                   "  error: " + policy +
                                       ":4:5: unknown key \"protectd\" in ref rule (did you mean "
                                       "\"protected\"?) [policy]",
                                   "hint: every push is refused until an admin fixes " + policy +
                                       " (check it with `slipway policy check " + policy + "`)"});

    sb.ok("rm " + policy);
    auto missing = sb.sh("git push origin master", {}, "work");
    CHECK(missing.exit_code != 0);
    CHECK(missing.remote()[1] ==
          "  error: cannot read " + policy + ": No such file or directory [policy]");
    // Nothing to check: the hint says how to put one in place.
    CHECK(missing.remote()[2] ==
          "hint: every push is refused until the repository's owner puts a policy in place: "
          "`slipway install " +
              (sb.root() / "server.git").string() + " --policy FILE`");

    sb.ok("printf 'version: 1\\n' > " + policy);
    CHECK(sb.sh("git push origin master", {}, "work").exit_code == 0);
}

TEST_CASE("one bad ref rejects the whole push and every finding is shown") {
    Sandbox sb;
    sb.seeded(); // default policy: master protected, tags annotated and immutable
    auto run = sb.sh("git commit -q --allow-empty -m good && git tag light && "
                     "git push origin master light HEAD:refs/heads/other",
                     {}, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.remote() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/light: error: tag \"light\" is lightweight but tags must be "
                "annotated; delete it locally and create it with `git tag -a light -m "
                "\"<message>\"` [tag-annotated]",
                "hint: no ref was changed; fix the problems above and push again"});
    CHECK(run.has("! [remote rejected] master -> master (pre-receive hook declined)"));
    CHECK(sb.ok("git -C server.git log -1 --format=%s master") == "init\n");
    CHECK(sb.sh("git -C server.git rev-parse -q --verify other").exit_code != 0);
}

TEST_CASE("output.rejection_prefix puts GitLab's GL-HOOK-ERR: before every line of a rejection, "
          "and nothing before an acceptance") {
    Sandbox sb;
    sb.seeded("version: 1\noutput: {rejection_prefix: 'GL-HOOK-ERR: '}\nrefs:\n"
              "  - match: refs/tags/*\n    tag: {annotated: true}\n");
    auto rejected = sb.sh("git tag light && git push origin light", {}, "work");
    CHECK(rejected.exit_code != 0);
    CHECK(rejected.remote() ==
          Lines{"GL-HOOK-ERR: slipway: push rejected — 1 problem",
                "GL-HOOK-ERR:   refs/tags/light: error: tag \"light\" is lightweight but tags "
                "must be annotated; delete it locally and create it with `git tag -a light -m "
                "\"<message>\"` [tag-annotated]",
                "GL-HOOK-ERR: hint: no ref was changed; fix the problems above and push again"});
    auto accepted =
        sb.sh("git commit -q --allow-empty -m one && git push origin master", {}, "work");
    CHECK(accepted.exit_code == 0);
    CHECK(accepted.remote() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("hundreds of refs in one push are judged, all accepted or all refused") {
    Sandbox sb;
    sb.seeded(
        "version: 1\nrefs:\n  - match: refs/heads/*\n    branch_name: '^(master|b/[0-9]+)$'\n");
    sb.ok("for i in $(seq 1 300); do git branch b/$i; done", {}, "work");
    auto ok = sb.sh("git push origin 'refs/heads/b/*:refs/heads/b/*'", {}, "work");
    CHECK(ok.exit_code == 0);
    CHECK(ok.remote() == Lines{"slipway: push accepted — 300 ref updates checked"});
    CHECK(sb.ok("git -C server.git for-each-ref refs/heads/b | wc -l") == "300\n");

    sb.ok("for i in $(seq 301 500); do git branch b/$i; done; git branch bad-name", {}, "work");
    auto bad = sb.sh("git push origin 'refs/heads/*:refs/heads/*'", {}, "work");
    CHECK(bad.exit_code != 0);
    CHECK(bad.remote()[0] == "slipway: push rejected — 1 problem");
    CHECK(sb.ok("git -C server.git for-each-ref refs/heads/b | wc -l") == "300\n");
}

TEST_CASE("a rejected push leaves no objects behind on the server") {
    Sandbox sb;
    sb.seeded();
    auto count = [&] {
        return sb.ok("find server.git/objects -type f | grep -v -e /info/ -e /pack/ | wc -l; "
                     "ls server.git/objects/pack | wc -l");
    };
    const auto before = count();
    auto run = sb.sh("echo data > f && git add f && git commit -q -m data && "
                     "git push origin HEAD:refs/slipway/x",
                     {}, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.has("[reserved-ref]"));
    CHECK(count() == before);
    CHECK(sb.ok("ls server.git/objects | grep -c incoming || true") == "0\n");
}
