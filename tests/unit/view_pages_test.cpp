// Tests for view/pages: what the overview and the record pages say, and that hostile values
// (a ref named like markup, a finding quoting a script) arrive as text.
#include "view/pages.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::ledger;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
constexpr std::int64_t t0 = 1714564800000; // 2024-05-01T12:00:00Z

DeployEntry deploy(std::int64_t id, const std::string& env, const std::string& commit,
                   Outcome outcome, std::string output) {
    DeployEntry d{.start_meta = {.id = id, .time_ms = t0 + id * 1000},
                  .start = {.environment = env,
                            .ref = "refs/heads/master",
                            .commit = commit,
                            .pusher = "alice",
                            .push_id = 1}};
    d.end_meta = RecordMeta{.id = id + 1, .time_ms = t0 + id * 1000 + 3000};
    d.end = DeployEnd{.deploy_id = id,
                      .outcome = outcome,
                      .message = "ran 1 command",
                      .targets = {{"smoke", "command", outcome, outcome == Outcome::success ? 0 : 3,
                                   3000, std::move(output)}}};
    return d;
}

PushEntry hostile_push() {
    PushEntry p{.meta = {.id = 9, .time_ms = t0 + 9000}};
    p.push.pusher = "mallory";
    p.push.verdict = Verdict::rejected;
    p.push.ref_updates = {{"refs/heads/<script>alert(1)</script>", std::string(40, '0'), c2, ""}};
    p.push.findings = {{.ref = "refs/heads/<script>alert(1)</script>",
                        .message = "branch name \"<img src=x onerror=alert(2)>\" is not allowed",
                        .rule = "branch-name"}};
    return p;
}

} // namespace

TEST_CASE("the overview shows each environment, a failed deploy as failed, and findings") {
    view::Overview o{.repository = "shop.git", .generated_ms = t0 + 20'000};
    auto ok = deploy(3, "preprod", c1, Outcome::success, "fine\n");
    auto bad = deploy(5, "prod", c2, Outcome::failure, "boom\n");
    o.environments.push_back({.environment = {"preprod", {"refs/heads/master"}},
                              .deployed = ok,
                              .last_attempt = ok,
                              .pending = {{c2, "cart: 3 replicas"}}});
    o.environments.push_back(
        {.environment = {"prod", {"refs/tags/v*"}, {}, "preprod"}, .last_attempt = bad});
    o.recent = {bad, ok};
    o.rejected = {hostile_push()};
    const view::PageSet pages{.pushes = {9}, .deploys = {3, 5}};
    const auto html = view::overview_page(o, pages);
    CHECK(html.find("<tr class=\"environment\" data-environment=\"preprod\"><th>preprod</th>") !=
          std::string::npos);
    CHECK(html.find("<td class=\"failure\">failure (2222222) (<a href=\"deploy-5.html\">deploy "
                    "#5</a>)</td>") != std::string::npos);
    CHECK(html.find("prod: promoted from preprod") != std::string::npos);
    CHECK(html.find("<code>2222222</code> cart: 3 replicas") != std::string::npos);
    CHECK(html.find("refs/heads/&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("No environment is frozen") != std::string::npos);
}

TEST_CASE("a deploy page shows its targets and the end of long output") {
    auto d = deploy(5, "prod", c2, Outcome::failure, std::string(100, 'x') + "<b>LAST</b>");
    const auto html = view::deploy_page("shop.git", d, {}, 20);
    CHECK(html.find("<span class=\"failure\">failure</span>") != std::string::npos);
    CHECK(html.find("<td>smoke</td><td>command</td><td class=\"failure\">failure</td><td>3</td>") !=
          std::string::npos);
    CHECK(html.find("The last 20 of 111 bytes") != std::string::npos);
    CHECK(html.find("<pre>xxxxxxxxx&lt;b&gt;LAST&lt;/b&gt;</pre>") != std::string::npos);
    // push #1 has no page of its own here: named, not linked.
    CHECK(html.find("<td>push #1</td>") != std::string::npos);
}

TEST_CASE("a push page shows its findings as text") {
    const auto html = view::push_page("shop.git", hostile_push(), {});
    CHECK(html.find("<span class=\"rejected\">rejected</span>") != std::string::npos);
    CHECK(html.find("<code>refs/heads/&lt;script&gt;alert(1)&lt;/script&gt;</code>") !=
          std::string::npos);
    CHECK(html.find("Findings (1)") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
}
