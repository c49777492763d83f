// E2E: only what a push changes is judged: new branches against their merge base, verdicts
// cached by blob (a tag of a judged commit hits the cache; a corrupt entry is a miss).
#include "manifest_fixture.hpp"

#include "review/identity_store.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

std::string replace(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// `text` as an SQL expression for the sqlite3 shell (tabs and newlines spelled char(9), char(10)).
std::string sql_text(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\n'   ? std::string("' || char(10) || '")
               : c == '\t' ? std::string("' || char(9) || '")
                           : std::string(1, c);
    return out + "'";
}

} // namespace

TEST_CASE("a new branch is judged against its merge base with master, an orphan branch whole") {
    Sandbox sb;
    // master holds an unpinned image from before image-pinned was turned on.
    sb.seeded(manifest_policy("    image-pinned: off\n"));
    const std::string latest = "registry.example.com/cart:latest";
    REQUIRE(commit_and_push(sb, "services/cart/deployment.yaml", deployment("cart", latest))
                .exit_code == 0);
    sb.write("server.git/slipway.yaml", manifest_policy());

    sb.ok("git checkout -q -b feature/web", {}, "work");
    auto feature =
        commit_and_push(sb, "services/web/deployment.yaml", deployment("web"), "feature/web");
    CHECK(feature.exit_code == 0);
    CHECK(feature.gate() == Lines{"slipway: push accepted — 1 ref update checked"});

    sb.ok("git checkout -q --orphan feature/fresh && git commit -q -m fresh", {}, "work");
    auto orphan = sb.sh("git push origin feature/fresh", {}, "work");
    CHECK(orphan.exit_code != 0);
    CHECK(orphan.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/feature/fresh: services/cart/deployment.yaml:21:18: error: image "
                "\"registry.example.com/cart:latest\" is not pinned; use the commit SHA tag or an "
                "@sha256 digest [image-pinned]",
                file_hint});

    sb.ok("git checkout -q -b feature/touch master", {}, "work");
    auto touched = commit_and_push(
        sb, "services/cart/deployment.yaml",
        replace(deployment("cart", latest), "replicas: 2", "replicas: 3"), "feature/touch");
    CHECK(touched.exit_code != 0);
    CHECK(touched.gate()[0] == "slipway: push rejected — 1 problem");
}

TEST_CASE("a tag of an already judged commit takes its verdict from the cache, and a "
          "corrupt entry is a miss") {
    Sandbox sb;
    // The same rules for every environment: a verdict holds wherever the blob is pushed.
    sb.seeded(manifest_policy("", false));
    // A tag of a commit already on master changes nothing against master: nothing to judge.
    REQUIRE(commit_and_push(sb, "services/web/deployment.yaml", deployment("web")).exit_code == 0);
    sb.ok("rm -rf server.git/slipway/cache");
    auto on_master = sb.sh("git tag t0 && git push origin t0", {}, "work");
    CHECK(on_master.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    CHECK(sb.sh("test -e server.git/slipway/cache/verdicts.sqlite").exit_code != 0);

    sb.ok("git checkout -q -b feature/app", {}, "work");
    REQUIRE(commit_and_push(sb, "services/app/deployment.yaml", deployment("app"), "feature/app")
                .exit_code == 0);
    const std::string store = "sqlite3 server.git/slipway/cache/verdicts.sqlite ";
    REQUIRE(sb.ok(store + "'SELECT count(*) FROM verdicts'") == "1\n");
    // Plant a verdict only the cache can know: the tag's push shows it.
    sb.ok(store + "\"UPDATE verdicts SET verdict = " +
          sql_text("slipway-verdict 1\nF\t1\t1\tw\tplanted\tthis verdict came from the "
                   "cache\nend\n") +
          "\"");
    auto hit = sb.sh("git tag t1 && git push origin t1", {}, "work");
    CHECK(hit.exit_code == 0);
    CHECK(hit.gate() ==
          Lines{"slipway: push accepted with 1 warning",
                "  refs/tags/t1: services/app/deployment.yaml:1:1: warning: this verdict came "
                "from the cache [planted]"});

    sb.ok(store + "\"UPDATE verdicts SET verdict = " + sql_text("slipway-verdict 1\nF\tgarbage") +
          "\"");
    auto miss = sb.sh("git tag t2 && git push origin t2", {}, "work");
    CHECK(miss.exit_code == 0);
    CHECK(miss.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    // The miss judged the file again and wrote its verdict back.
    CHECK(sb.ok(store + "\"SELECT substr(verdict, -4) = 'end' || char(10) FROM verdicts\"") ==
          "1\n");
}

TEST_CASE("duplicates are found against unchanged files of the target, through the identity "
          "index") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    REQUIRE(commit_and_push(sb, "services/a/deployment.yaml", deployment("a")).exit_code == 0);
    REQUIRE(commit_and_push(sb, "services/b/deployment.yaml", deployment("b")).exit_code == 0);
    // Only c changes; its twin a is known from the index built by the earlier pushes.
    auto dup = commit_and_push(sb, "services/c/deployment.yaml", deployment("a"));
    CHECK(dup.exit_code != 0);
    CHECK(dup.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/c/deployment.yaml:5:9: error: Deployment \"a\" in "
                "namespace \"preprod\" is defined twice (first at "
                "services/a/deployment.yaml:5:9); keep one of them or rename one "
                "[duplicate-object]",
                file_hint});
    // Renaming a away in the same push as adding its twin is fine.
    sb.ok("git reset -q --hard origin/master && git mv services/a services/c", {}, "work");
    auto moved = sb.sh("git commit -q -m move && git push origin master", {}, "work");
    CHECK(moved.exit_code == 0);
}

TEST_CASE("a rejected push leaves the identity store as it was: later pushes compare with what "
          "the branch really holds") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    REQUIRE(commit_and_push(sb, "services/a/deployment.yaml", deployment("a")).exit_code == 0);
    // Rejected: its tree never reaches master, so "b" stays free.
    sb.write("work/services/b/deployment.yaml", deployment("b"));
    auto rejected = commit_and_push(sb, "services/c/deployment.yaml", deployment("a"));
    REQUIRE(rejected.exit_code != 0);
    sb.ok("git reset -q --hard origin/master", {}, "work");
    auto other = commit_and_push(sb, "services/d/deployment.yaml", deployment("d"));
    CHECK(other.exit_code == 0);
    auto free = commit_and_push(sb, "services/e/deployment.yaml", deployment("b"));
    CHECK(free.exit_code == 0);
    CHECK(free.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
    // ...while what was accepted is known, down to its position.
    auto dup = commit_and_push(sb, "services/f/deployment.yaml", deployment("d"));
    CHECK(dup.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/f/deployment.yaml:5:9: error: Deployment \"d\" in "
                "namespace \"preprod\" is defined twice (first at "
                "services/d/deployment.yaml:5:9); keep one of them or rename one "
                "[duplicate-object]",
                file_hint});
}

TEST_CASE("the identity store follows pushes to other branches and back, and a corrupt store "
          "is a miss") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    REQUIRE(commit_and_push(sb, "services/a/deployment.yaml", deployment("a")).exit_code == 0);
    sb.ok("git checkout -q -b feature/x", {}, "work");
    REQUIRE(
        commit_and_push(sb, "services/x/deployment.yaml", deployment("x"), "feature/x").exit_code ==
        0);
    // The feature branch knows master's objects and its own.
    auto on_feature =
        commit_and_push(sb, "services/y/deployment.yaml", deployment("x"), "feature/x");
    CHECK(on_feature.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/feature/x: services/y/deployment.yaml:5:9: error: Deployment \"x\" "
                "in namespace \"staging\" is defined twice (first at "
                "services/x/deployment.yaml:5:9); keep one of them or rename one "
                "[duplicate-object]",
                file_hint});
    // Master never had x.
    sb.ok("git checkout -q master", {}, "work");
    CHECK(commit_and_push(sb, "services/m/deployment.yaml", deployment("x")).exit_code == 0);

    const std::string stores = "server.git/slipway/cache/identities/*.sqlite";
    REQUIRE(sb.ok("ls " + stores + " | wc -l") == "1\n");
    sb.ok("for f in " + stores + "*; do printf 'not a database at all' > $f; done");
    auto dup = commit_and_push(sb, "services/n/deployment.yaml", deployment("a"));
    CHECK(dup.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/n/deployment.yaml:5:9: error: Deployment \"a\" in "
                "namespace \"preprod\" is defined twice (first at "
                "services/a/deployment.yaml:5:9); keep one of them or rename one "
                "[duplicate-object]",
                file_hint});
    // Rebuilt: it holds master as the push found it (a and m), the pushed tree pending.
    std::string file = sb.ok("ls " + stores);
    file.pop_back(); // the newline
    auto store = slipway::review::ManifestIdentityStore::open(sb.root() / file);
    REQUIRE(store);
    CHECK(store->files()->size() == 2);
}

TEST_CASE("concurrent pushes share the identity store: each is judged, none corrupts it") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    REQUIRE(commit_and_push(sb, "services/a/deployment.yaml", deployment("a")).exit_code == 0);
    // Eight branches at once, each adding its own service; a ninth adds a twin of "a".
    std::string script = "for i in $(seq 1 9); do git clone -q server.git c$i 2>/dev/null; done; "
                         "for i in $(seq 1 9); do (cd c$i && mkdir -p services/s$i && "
                         "if [ $i = 9 ]; then name=a; else name=s$i; fi && "
                         "sed \"s/NAME/$name/\" ../deployment.tmpl > services/s$i/deployment.yaml "
                         "&& git add -A && git commit -q -m \"s$i\" && "
                         "git push -q origin HEAD:refs/heads/feature/b$i 2>/dev/null) & done; "
                         "wait; true";
    sb.write("deployment.tmpl", deployment("NAME"));
    sb.ok(script);
    CHECK(
        sb.ok("git -C server.git for-each-ref --format='%(refname)' refs/heads/feature | wc -l") ==
        "8\n");
    CHECK(sb.sh("git -C server.git rev-parse -q --verify refs/heads/feature/b9").exit_code != 0);
    // The store still answers for master, and for a feature branch.
    auto dup = commit_and_push(sb, "services/n/deployment.yaml", deployment("a"));
    CHECK(dup.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/n/deployment.yaml:5:9: error: Deployment \"a\" in "
                "namespace \"preprod\" is defined twice (first at "
                "services/a/deployment.yaml:5:9); keep one of them or rename one "
                "[duplicate-object]",
                file_hint});
    auto on_branch = sb.sh("cd c3 && mkdir -p services/t && sed s/NAME/s3/ ../deployment.tmpl > "
                           "services/t/deployment.yaml && git add -A && git commit -q -m t && "
                           "git push origin HEAD:refs/heads/feature/b3");
    CHECK(on_branch.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/feature/b3: services/t/deployment.yaml:5:9: error: Deployment "
                "\"s3\" in namespace \"staging\" is defined twice (first at "
                "services/s3/deployment.yaml:5:9); keep one of them or rename one "
                "[duplicate-object]",
                file_hint});
}
