// Tests for report/verdict: the exact lines a pusher reads.
#include "report/verdict.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace slipway;

TEST_CASE("a rejected push: headline, findings, hint") {
    Findings f{{.ref = "refs/heads/master",
                .message = "force-push would drop 3 commits",
                .rule = "force-push"},
               {.ref = "refs/heads/master",
                .path = "svc/d.yaml",
                .line = 21,
                .column = 18,
                .message = "image is not pinned",
                .rule = "image-pinned"},
               {.ref = "refs/tags/v1", .severity = Severity::warning, .message = "w", .rule = "x"}};
    auto lines = report::format_verdict(f, 2);
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == "slipway: push rejected — 2 problems");
    CHECK(lines[1] == "  refs/heads/master: error: force-push would drop 3 commits [force-push]");
    CHECK(lines[2] == "  refs/heads/master: svc/d.yaml:21:18: error: image is not pinned "
                      "[image-pinned]");
    CHECK(lines[3] == "  refs/tags/v1: warning: w [x]");
    CHECK(lines[4] ==
          "hint: run `slipway check` in your clone to see the same verdict before pushing");
}

TEST_CASE("an accepted push says how much was checked") {
    CHECK(report::format_verdict({}, 1) ==
          std::vector<std::string>{"slipway: push accepted — 1 ref update checked"});
    auto warned = report::format_verdict(
        {{.ref = "r", .severity = Severity::warning, .message = "m", .rule = "x"}}, 3);
    CHECK(warned[0] == "slipway: push accepted with 1 warning");
}

TEST_CASE("a failure becomes one line per message line, with the rule and a hint") {
    auto lines = report::format_failure("a.yaml:1:1: bad\na.yaml:2:1: worse", "policy", "fix it");
    CHECK(lines ==
          std::vector<std::string>{"slipway: push rejected — the server could not check it",
                                   "  error: a.yaml:1:1: bad [policy]",
                                   "  error: a.yaml:2:1: worse [policy]", "hint: fix it"});
}

TEST_CASE("findings past the caps are counted in one line, per file and in all") {
    Findings f;
    for (int i = 0; i < 4; ++i)
        f.push_back({.ref = "r",
                     .path = "a.yaml",
                     .line = i + 1,
                     .column = 1,
                     .message = "m",
                     .rule = "x"});
    f.push_back(
        {.ref = "r", .path = "b.yaml", .line = 1, .column = 1, .message = "m", .rule = "x"});
    f.push_back({.ref = "r", .message = "no file", .rule = "y"});
    f.push_back({.ref = "r", .severity = Severity::warning, .message = "w", .rule = "z"});
    auto lines = report::format_verdict(f, 1, {.findings = 4, .per_file = 2});
    CHECK(lines == std::vector<std::string>{
                       "slipway: push rejected — 6 problems", "  r: a.yaml:1:1: error: m [x]",
                       "  r: a.yaml:2:1: error: m [x]", "  r: b.yaml:1:1: error: m [x]",
                       "  r: error: no file [y]",
                       "  … and 3 more; run `slipway check` in your clone to see them all",
                       "hint: run `slipway check` in your clone to see the same verdict before "
                       "pushing"});
    // Within the caps nothing is left out and no such line is written.
    auto all = report::format_verdict(f, 1, {.findings = 10, .per_file = 4});
    CHECK(all.size() == 9);
    CHECK(std::none_of(all.begin(), all.end(),
                       [](const std::string& l) { return l.starts_with("  … and"); }));
}
