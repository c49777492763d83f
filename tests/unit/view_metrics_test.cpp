// Tests for view/metrics: the exact exposition text, label escaping, and the counts a ledger
// gives.
#include "support/temp_repo.hpp"
#include "view/metrics.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::ledger;
using view::RepositoryMetrics;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
constexpr std::int64_t t0 = 1714564800000; // 2024-05-01T12:00:00Z

} // namespace

TEST_CASE("escape_label_value escapes backslash, quote and newline") {
    CHECK(view::escape_label_value("plain") == "plain");
    CHECK(view::escape_label_value(R"(a\b"c)") == R"(a\\b\"c)");
    CHECK(view::escape_label_value("two\nlines") == "two\\nlines");
}

TEST_CASE("format_metrics writes each family once with HELP and TYPE") {
    RepositoryMetrics a{.repository = "/srv/a.git"};
    a.pushes = {{"accepted", 3}, {"rejected", 1}};
    a.pushes_by_rule = {{{"rejected", "image-pinned"}, 1}};
    a.deploys = {{{"prod", "failure"}, 1}, {{"prod", "success"}, 2}};
    RepositoryMetrics::Durations d;
    d.buckets = {0, 1, 2, 3, 3, 3, 3, 3, 3, 3};
    d.count = 3;
    d.sum_seconds = 20.25;
    a.durations["prod"] = d;
    a.last_success_ms["prod"] = t0 + 1500;
    a.frozen = {{"prod", true}};
    RepositoryMetrics b{.repository = "/srv/\"odd\".git"};
    b.pushes = {{"accepted", 1}};
    b.frozen = {{"dev", false}};
    const auto text = view::format_metrics({a, b});
    CHECK(text == R"(# HELP slipway_pushes_total Push attempts recorded in the ledger, by verdict.
# TYPE slipway_pushes_total counter
slipway_pushes_total{repository="/srv/a.git",verdict="accepted"} 3
slipway_pushes_total{repository="/srv/a.git",verdict="rejected"} 1
slipway_pushes_total{repository="/srv/\"odd\".git",verdict="accepted"} 1
# HELP slipway_push_rule_total Pushes with at least one finding of a rule, by verdict and rule.
# TYPE slipway_push_rule_total counter
slipway_push_rule_total{repository="/srv/a.git",verdict="rejected",rule="image-pinned"} 1
# HELP slipway_deploys_total Deploys recorded in the ledger, by environment and result (success, failure, skipped, unknown, running).
# TYPE slipway_deploys_total counter
slipway_deploys_total{repository="/srv/a.git",environment="prod",result="failure"} 1
slipway_deploys_total{repository="/srv/a.git",environment="prod",result="success"} 2
# HELP slipway_deploy_duration_seconds How long finished deploys ran, by environment.
# TYPE slipway_deploy_duration_seconds histogram
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="1"} 0
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="5"} 1
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="15"} 2
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="30"} 3
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="60"} 3
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="120"} 3
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="300"} 3
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="600"} 3
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="1800"} 3
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="3600"} 3
slipway_deploy_duration_seconds_bucket{repository="/srv/a.git",environment="prod",le="+Inf"} 3
slipway_deploy_duration_seconds_sum{repository="/srv/a.git",environment="prod"} 20.25
slipway_deploy_duration_seconds_count{repository="/srv/a.git",environment="prod"} 3
# HELP slipway_last_successful_deploy_timestamp_seconds When the last successful deploy to an environment ended, in seconds since the epoch.
# TYPE slipway_last_successful_deploy_timestamp_seconds gauge
slipway_last_successful_deploy_timestamp_seconds{repository="/srv/a.git",environment="prod"} 1714564801.5
# HELP slipway_environment_frozen 1 while an environment is frozen (a window of the policy or an operator's freeze), else 0.
# TYPE slipway_environment_frozen gauge
slipway_environment_frozen{repository="/srv/a.git",environment="prod"} 1
slipway_environment_frozen{repository="/srv/\"odd\".git",environment="dev"} 0
)");
}

TEST_CASE("collect_metrics counts pushes by verdict and rule and deploys by result") {
    test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db").value();
    auto append = [&](const RecordBody& body, std::int64_t at) {
        REQUIRE(ledger.append(body, at));
    };
    append(PushRecord{.pusher = "alice",
                      .ref_updates = {{"refs/heads/master", c1, c2, "prod"}},
                      .verdict = Verdict::accepted},
           t0);
    append(PushRecord{.pusher = "bob",
                      .verdict = Verdict::rejected,
                      .findings = {{.message = "a", .rule = "image-pinned"},
                                   {.message = "b", .rule = "image-pinned"},
                                   {.message = "c", .rule = "force-push"}}},
           t0 + 1000);
    append(DeployStart{.environment = "prod", .commit = c2, .pusher = "alice", .push_id = 1},
           t0 + 2000);
    append(DeployEnd{.deploy_id = 3,
                     .outcome = Outcome::success,
                     .targets = {{"k", "command", Outcome::success, 0, 2000, "ok"}}},
           t0 + 4000);
    append(DeployStart{.environment = "prod", .commit = c1, .pusher = "bob", .push_id = 1},
           t0 + 5000);
    append(DeployEnd{.deploy_id = 5,
                     .outcome = Outcome::failure,
                     .targets = {{"k", "command", Outcome::failure, 1, 40'000, "no"}}},
           t0 + 45'000);
    append(DeployStart{.environment = "dev", .commit = c1, .pusher = "bob"}, t0 + 50'000);
    auto m = view::collect_metrics(ledger, "r", {{"prod", {"refs/heads/master"}}, {"dev", {}}});
    REQUIRE(m);
    CHECK(m->pushes == std::map<std::string, std::int64_t>{{"accepted", 1}, {"rejected", 1}});
    CHECK(m->pushes_by_rule.size() == 2);
    CHECK(m->pushes_by_rule[{"rejected", "image-pinned"}] == 1); // one push, counted once
    CHECK(m->pushes_by_rule[{"rejected", "force-push"}] == 1);
    CHECK(m->deploys[{"prod", "success"}] == 1);
    CHECK(m->deploys[{"prod", "failure"}] == 1);
    CHECK(m->deploys[{"dev", "running"}] == 1);
    REQUIRE(m->durations.count("prod"));
    CHECK(m->durations["prod"].count == 2);
    CHECK(m->durations["prod"].buckets[1] == 1); // 2 s <= 5 s; 40 s is not
    CHECK(m->durations["prod"].buckets[5] == 2); // both <= 120 s
    CHECK_FALSE(m->durations.count("dev"));      // still running: no duration yet
    CHECK(m->last_success_ms["prod"] == t0 + 4000);
    CHECK(m->frozen == std::map<std::string, bool>{{"dev", false}, {"prod", false}});
}
