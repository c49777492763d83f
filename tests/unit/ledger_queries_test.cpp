// Tests for ledger/queries: log filters, show, deploys per environment, promotion, overtaking.
#include "ledger/queries.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using namespace slipway::ledger;
namespace fs = std::filesystem;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
const std::string c3(40, '3');
const std::string c4(40, '4');
const std::string zero(40, '0');

// A small history: ids in comments.
struct History {
    slipway::test::TempDir dir;
    Ledger ledger = Ledger::open(dir.path() / "ledger.db").value();

    History() {
        // Times rise with ids, as appends make them (the ledger never lets a time go back).
        // #1 alice pushes master (preprod): accepted, confirmed by #2, deployed #3/#4 (success)
        push("alice", {{"refs/heads/master", c1, c2, "preprod"}}, Verdict::accepted, 1000);
        confirm(1, {{"refs/heads/master", c1, c2, "preprod"}}, 1100);
        deploy("preprod", "refs/heads/master", "", c2, "alice", 1, Outcome::success, 1200, 1900);
        // #5 bob's push to feature/x (staging) is rejected
        push("bob", {{"refs/heads/feature/x", zero, c3, "staging"}}, Verdict::rejected, 2000);
        // #6 bob pushes master again: accepted, confirmed #7, deploy #8/#9 fails
        push("bob", {{"refs/heads/master", c2, c3, "preprod"}}, Verdict::accepted, 3000);
        confirm(6, {{"refs/heads/master", c2, c3, "preprod"}}, 3100);
        deploy("preprod", "refs/heads/master", "", c3, "bob", 6, Outcome::failure, 3200, 3900);
        // #10 carol tags v1 (prod) at c2: accepted, confirmed #11, deploy #12 still running
        push("carol", {{"refs/tags/v1", zero, c2, "prod"}}, Verdict::accepted, 4000);
        confirm(10, {{"refs/tags/v1", zero, c2, "prod"}}, 4100);
        REQUIRE(ledger.append(DeployStart{.environment = "prod",
                                          .ref = "refs/tags/v1",
                                          .tag = "v1",
                                          .commit = c2,
                                          .pusher = "carol",
                                          .push_id = 10},
                              4200) == 12);
        // #13 alice pushes master: accepted, not confirmed (yet)
        push("alice", {{"refs/heads/master", c3, c4, "preprod"}}, Verdict::accepted, 5000);
    }

    void push(const std::string& who, std::vector<RefChange> updates, Verdict verdict,
              std::int64_t at) {
        REQUIRE(
            ledger.append(PushRecord{.pusher = who,
                                     .identity_source = "GL_USERNAME",
                                     .ref_updates = std::move(updates),
                                     .verdict = verdict,
                                     .reason = verdict == Verdict::rejected ? "2 problems" : ""},
                          at));
    }
    void confirm(std::int64_t push_id, std::vector<RefChange> updates, std::int64_t at) {
        REQUIRE(ledger.append(
            RefSync{.push_id = push_id, .source = "post-receive", .ref_updates = updates}, at));
    }
    void deploy(const std::string& env, const std::string& ref, const std::string& tag,
                const std::string& commit, const std::string& who, std::int64_t push_id,
                Outcome outcome, std::int64_t start, std::int64_t end) {
        auto id = ledger.append(DeployStart{.environment = env,
                                            .ref = ref,
                                            .tag = tag,
                                            .commit = commit,
                                            .pusher = who,
                                            .push_id = push_id},
                                start);
        REQUIRE(id);
        REQUIRE(ledger.append(DeployEnd{.deploy_id = *id,
                                        .outcome = outcome,
                                        .message = "",
                                        .targets = {{"k8s", "kubernetes", outcome,
                                                     outcome == Outcome::success ? 0 : 1,
                                                     end - start, "output of " + commit + "\n"}}},
                              end));
    }

    std::vector<std::int64_t> ids(const LogFilter& filter) {
        auto entries = read_log(ledger, filter);
        REQUIRE(entries);
        std::vector<std::int64_t> out;
        for (const auto& e : *entries)
            out.push_back(std::visit(
                [](const auto& x) -> std::int64_t {
                    if constexpr (std::is_same_v<std::decay_t<decltype(x)>, PushEntry>)
                        return x.meta.id;
                    else
                        return x.start_meta.id;
                },
                e));
        return out;
    }
};

using Ids = std::vector<std::int64_t>;

} // namespace

TEST_CASE("log lists pushes and deploys newest first, without confirmations") {
    History h;
    CHECK(h.ids({}) == Ids{13, 12, 10, 8, 6, 5, 3, 1});
    LogFilter limited;
    limited.limit = 3;
    CHECK(h.ids(limited) == Ids{13, 12, 10});
}

TEST_CASE("log filters by environment, ref, user, time and rejection") {
    History h;
    LogFilter f;
    f.environment = "preprod";
    CHECK(h.ids(f) == Ids{13, 8, 6, 3, 1});

    f = {};
    f.ref = "master";
    CHECK(h.ids(f) == Ids{13, 8, 6, 3, 1});
    f.ref = "refs/tags/v1";
    CHECK(h.ids(f) == Ids{12, 10});
    f.ref = "v1";
    CHECK(h.ids(f) == Ids{12, 10});
    f.ref = "feature/x";
    CHECK(h.ids(f) == Ids{5});

    f = {};
    f.user = "bob";
    CHECK(h.ids(f) == Ids{8, 6, 5});

    f = {};
    f.since_ms = 3200;
    CHECK(h.ids(f) == Ids{13, 12, 10, 8});

    f = {};
    f.rejected_only = true;
    CHECK(h.ids(f) == Ids{5});

    f.user = "alice";
    CHECK(h.ids(f).empty());
}

TEST_CASE("log entries carry what a row needs and deploy outputs are not loaded") {
    History h;
    LogFilter f;
    f.environment = "preprod";
    f.limit = 5;
    auto entries = read_log(h.ledger, f).value();
    REQUIRE(entries.size() == 5);
    auto& latest = std::get<PushEntry>(entries[0]);
    CHECK(latest.push.pusher == "alice");
    CHECK_FALSE(latest.confirmed_by);
    auto& failed = std::get<DeployEntry>(entries[1]);
    CHECK(failed.state() == "failure");
    CHECK(failed.duration_ms() == 700);
    REQUIRE(failed.end);
    CHECK(failed.end->targets.at(0).output.empty());
    CHECK(std::get<PushEntry>(entries[2]).confirmed_by == 7);
}

TEST_CASE("a deploy's duration is its targets' monotonic time, whatever the wall clock did") {
    slipway::test::TempDir dir;
    Ledger ledger = Ledger::open(dir.path() / "ledger.db").value();
    auto start = ledger.append(DeployStart{.environment = "preprod", .commit = c1}, 1000);
    REQUIRE(start);
    // The clock jumped an hour forward during a deploy whose targets took 2.5 s.
    REQUIRE(ledger.append(DeployEnd{.deploy_id = *start,
                                    .outcome = Outcome::success,
                                    .targets = {{"a", "command", Outcome::success, 0, 2000, ""},
                                                {"b", "command", Outcome::success, 0, 500, ""}}},
                          1000 + 3'600'000));
    auto shown = show_record(ledger, *start, Output::omit).value();
    REQUIRE(shown);
    CHECK(std::get<DeployEntry>(*shown).duration_ms() == 2500);
}

TEST_CASE("show returns a push, a deploy by either of its records, or a confirmation") {
    History h;
    auto push = show_record(h.ledger, 5).value();
    REQUIRE(push);
    CHECK(std::get<PushEntry>(*push).push.verdict == Verdict::rejected);

    for (std::int64_t id : {8, 9}) {
        auto deploy = show_record(h.ledger, id).value();
        REQUIRE(deploy);
        const auto& d = std::get<DeployEntry>(*deploy);
        CHECK(d.start_meta.id == 8);
        CHECK(d.end_meta->id == 9);
        CHECK(d.end->targets.at(0).output == "output of " + c3 + "\n");
    }
    auto running = show_record(h.ledger, 12).value();
    REQUIRE(running);
    CHECK(std::get<DeployEntry>(*running).state() == "running");
    CHECK(std::get<DeployEntry>(*running).duration_ms() == 0);

    auto sync = show_record(h.ledger, 7).value();
    REQUIRE(sync);
    CHECK(std::get<ConfirmationEntry>(*sync).sync.push_id == 6);

    CHECK_FALSE(show_record(h.ledger, 99).value());
}

TEST_CASE("the latest deploy of an environment, and its latest success") {
    History h;
    auto latest = find_deploy(h.ledger, "preprod", Which::latest).value();
    REQUIRE(latest);
    CHECK(latest->start.commit == c3);
    CHECK(latest->state() == "failure");
    auto good = find_deploy(h.ledger, "preprod", Which::latest_successful).value();
    REQUIRE(good);
    CHECK(good->start.commit == c2);
    CHECK(good->start_meta.id == 3);

    auto prod = find_deploy(h.ledger, "prod", Which::latest).value();
    REQUIRE(prod);
    CHECK(prod->state() == "running");
    CHECK_FALSE(find_deploy(h.ledger, "prod", Which::latest_successful).value());
    CHECK_FALSE(find_deploy(h.ledger, "staging", Which::latest).value());
}

TEST_CASE("unfinished deploys: started, never ended, per environment") {
    History h;
    CHECK(unfinished_deploys(h.ledger, "prod").value() == Ids{12});
    CHECK(unfinished_deploys(h.ledger, "preprod").value().empty());
    CHECK(unfinished_deploys(h.ledger, "staging").value().empty());
    REQUIRE(h.ledger.append(DeployEnd{.deploy_id = 12, .outcome = Outcome::failure}, 6000));
    CHECK(unfinished_deploys(h.ledger, "prod").value().empty());
}

TEST_CASE("promotion rule: only commits deployed successfully to the environment count") {
    History h;
    CHECK(was_deployed_successfully(h.ledger, "preprod", c2).value());
    CHECK_FALSE(was_deployed_successfully(h.ledger, "preprod", c3).value()); // failed
    CHECK_FALSE(was_deployed_successfully(h.ledger, "prod", c2).value());    // still running
    CHECK_FALSE(was_deployed_successfully(h.ledger, "staging", c2).value());
}

TEST_CASE("an outcome unknown is neither the latest success nor a successful deploy") {
    History h;
    // The running deploy #12 of c2 to prod is found dead with nothing to show it succeeded.
    REQUIRE(h.ledger.append(DeployEnd{.deploy_id = 12, .outcome = Outcome::unknown}, 6000));
    auto prod = find_deploy(h.ledger, "prod", Which::latest).value();
    REQUIRE(prod);
    CHECK(prod->state() == "unknown");
    CHECK_FALSE(find_deploy(h.ledger, "prod", Which::latest_successful).value());
    CHECK_FALSE(was_deployed_successfully(h.ledger, "prod", c2).value());
    CHECK(unfinished_deploys(h.ledger, "prod").value().empty());
}

TEST_CASE("overtaken: a newer accepted push to the same environment or refs") {
    History h;
    // After push #6, push #13 (accepted, not yet confirmed) targets preprod.
    CHECK(newer_accepted_push(h.ledger, "preprod", 6, Confirmation::not_required).value() == 13);
    CHECK_FALSE(newer_accepted_push(h.ledger, "preprod", 6, Confirmation::required).value());
    CHECK(newer_accepted_push(h.ledger, "preprod", 1, Confirmation::required).value() == 6);
    CHECK_FALSE(newer_accepted_push(h.ledger, "preprod", 13, Confirmation::not_required).value());
    // The rejected push #5 to staging overtakes nothing.
    CHECK_FALSE(newer_accepted_push(h.ledger, "staging", 0, Confirmation::not_required).value());

    CHECK(
        newer_accepted_push_to_refs(h.ledger, {"refs/heads/master"}, 1, Confirmation::not_required)
            .value() == 13);
    CHECK(newer_accepted_push_to_refs(h.ledger, {"refs/heads/master", "refs/tags/v1"}, 6,
                                      Confirmation::required)
              .value() == 10);
    CHECK_FALSE(
        newer_accepted_push_to_refs(h.ledger, {"refs/heads/other"}, 0, Confirmation::not_required)
            .value());
}

TEST_CASE("a push to a ref feeding several environments overtakes a deploy of each") {
    History h;
    h.push("dave", {{"refs/heads/master", c3, c4, "staging,preprod"}}, Verdict::accepted, 6000);
    CHECK(newer_accepted_push(h.ledger, "preprod", 13, Confirmation::not_required).value() == 14);
    CHECK(newer_accepted_push(h.ledger, "staging", 13, Confirmation::not_required).value() == 14);
    CHECK_FALSE(newer_accepted_push(h.ledger, "prod", 13, Confirmation::not_required).value());
    CHECK_FALSE(newer_accepted_push(h.ledger, "stag", 13, Confirmation::not_required).value());
    LogFilter f;
    f.environment = "staging";
    auto log = read_log(h.ledger, f);
    REQUIRE(log);
    REQUIRE_FALSE(log->empty());
    CHECK(std::get<PushEntry>(log->front()).meta.id == 14);
    f.environment = "stag";
    auto none = read_log(h.ledger, f);
    REQUIRE(none);
    for (const auto& e : *none)
        CHECK_FALSE(std::holds_alternative<PushEntry>(e));
}

TEST_CASE("a deletion does not overtake a deploy") {
    History h;
    h.push("dave", {{"refs/heads/master", c4, zero, "preprod"}}, Verdict::accepted, 6000);
    CHECK(newer_accepted_push(h.ledger, "preprod", 13, Confirmation::not_required).value() ==
          std::nullopt);
}

TEST_CASE("post-receive finds the push it confirms, even when only part of it landed") {
    History h;
    h.push("erin", {{"refs/heads/a", zero, c1, ""}, {"refs/heads/b", zero, c2, ""}},
           Verdict::accepted, 7000); // #14
    CHECK(find_unconfirmed_push(h.ledger, {{"refs/heads/master", c3, c4, "preprod"}}).value() ==
          13);
    CHECK(find_unconfirmed_push(h.ledger, {{"refs/heads/b", zero, c2, ""}}).value() == 14);
    CHECK(find_unconfirmed_push(h.ledger,
                                {{"refs/heads/b", zero, c2, ""}, {"refs/heads/a", zero, c1, ""}})
              .value() == 14);
    // Already confirmed, or never pushed like this: nothing.
    CHECK_FALSE(
        find_unconfirmed_push(h.ledger, {{"refs/heads/master", c2, c3, "preprod"}}).value());
    CHECK_FALSE(find_unconfirmed_push(h.ledger, {{"refs/heads/b", zero, c3, ""}}).value());
    CHECK_FALSE(find_unconfirmed_push(h.ledger, {}).value());
}
