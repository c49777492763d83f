// Tests for check/four_eyes: on a four_eyes ref the pusher did not write every commit they push.
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string policy_text = R"(version: 1
users:
  erin:
    emails: [Erin.Example@Corp.example, erin@home.example]
refs:
  - match: refs/heads/master
    four_eyes: true
)";

std::string refused(const std::string& who, int n, const std::string& branch) {
    return "error four-eyes refs/heads/" + branch + ": " + who + " wrote all " + std::to_string(n) +
           (n == 1 ? " commit" : " commits") + " pushed to " + branch +
           "; four-eyes requires another person to review and push them";
}

} // namespace

TEST_CASE("ref rule four-eyes: commits all by the pusher are refused") {
    GateRepo r;
    const auto base = r.commit("base", {}, "Bob", "bob@example.com");
    // Matched by author name, or by the local part of the email, case-insensitively.
    const auto c1 = r.commit("c1", {base}, "Alice", "a.smith@example.com");
    const auto c2 = r.commit("c2", {c1}, "Alice Smith", "ALICE@example.com");
    r.set_ref("refs/heads/master", base);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.move("refs/heads/master", base, c1)}) ==
          std::vector<std::string>{refused("alice", 1, "master")});
    CHECK(gate(r, policy, "alice", {r.move("refs/heads/master", base, c2)}) ==
          std::vector<std::string>{refused("alice", 2, "master")});
}

TEST_CASE("ref rule four-eyes: one commit by someone else is enough") {
    GateRepo r;
    const auto base = r.commit("base", {}, "Bob", "bob@example.com");
    const auto c1 = r.commit("c1", {base}, "alice", "alice@example.com");
    const auto c2 = r.commit("c2", {c1}, "Bob", "bob@example.com");
    const auto c3 = r.commit("c3", {c2}, "alice", "alice@example.com");
    r.set_ref("refs/heads/master", base);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.move("refs/heads/master", base, c3)}) == none);
    // And someone else may push what alice wrote.
    CHECK(gate(r, policy, "bob", {r.move("refs/heads/master", base, c1)}) == none);
}

TEST_CASE("ref rule four-eyes: a user with emails is matched by those emails only") {
    GateRepo r;
    const auto base = r.commit("base", {}, "Bob", "bob@example.com");
    const auto work = r.commit("work", {base}, "Erin Example", "erin.example@corp.example");
    const auto home = r.commit("home", {work}, "Someone", "erin@home.example");
    const auto named = r.commit("named", {base}, "erin", "erin@elsewhere.example");
    r.set_ref("refs/heads/master", base);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "erin", {r.move("refs/heads/master", base, home)}) ==
          std::vector<std::string>{refused("erin", 2, "master")});
    // Her name on a commit with an address the policy does not list is not her.
    CHECK(gate(r, policy, "erin", {r.move("refs/heads/master", base, named)}) == none);
}

TEST_CASE("ref rule four-eyes: pushing one's own branch first does not dodge the rule") {
    GateRepo r;
    const auto base = r.commit("base", {}, "Bob", "bob@example.com");
    const auto mine = r.commit("mine", {base}, "alice", "alice@example.com");
    r.set_ref("refs/heads/master", base);
    r.set_ref("refs/heads/feature/alice", mine);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.move("refs/heads/master", base, mine)}) ==
          std::vector<std::string>{refused("alice", 1, "master")});
}

TEST_CASE("ref rule four-eyes: creating a four-eyes ref at one's own pushed branch is refused") {
    GateRepo r;
    const auto base = r.commit("base", {}, "Bob", "bob@example.com");
    const auto one = r.commit("one", {base}, "alice", "alice@example.com");
    const auto two = r.commit("two", {one}, "alice", "alice@example.com");
    r.set_ref("refs/heads/master", base);
    r.set_ref("refs/heads/feature/alice", two);
    const auto policy = policy_from(R"(version: 1
refs:
  - match: refs/heads/release/*
    four_eyes: true
)");
    // Her commits are already on feature/alice: still, release/1 brings them beyond master.
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/release/1", two)}) ==
          std::vector<std::string>{refused("alice", 2, "release/1")});
    CHECK(gate(r, policy, "bob", {r.create("refs/heads/release/1", two)}) == none);
    // A release made at master's tip brings nothing of hers.
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/release/2", base)}) == none);
}

TEST_CASE("ref rule four-eyes: a new four-eyes branch is judged by its new commits") {
    GateRepo r;
    const auto root = r.commit("root", {}, "alice", "alice@example.com");
    const auto mine = r.commit("mine", {root}, "alice", "alice@example.com");
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.create("refs/heads/master", mine)}) ==
          std::vector<std::string>{refused("alice", 2, "master")});
    CHECK(gate(r, policy, "bob", {r.create("refs/heads/master", mine)}) == none);
}

TEST_CASE("ref rule four-eyes: deletions, rewinds and refs without four_eyes pass") {
    GateRepo r;
    const auto base = r.commit("base", {}, "alice", "alice@example.com");
    const auto mine = r.commit("mine", {base}, "alice", "alice@example.com");
    r.set_ref("refs/heads/master", mine);
    r.set_ref("refs/heads/other", mine);
    const auto policy = policy_from(policy_text);
    CHECK(gate(r, policy, "alice", {r.move("refs/heads/master", mine, base)}) == none);
    CHECK(gate(r, policy, "alice", {r.remove("refs/heads/master", mine)}) == none);
    CHECK(gate(r, policy, "alice",
               {r.move("refs/heads/other", mine,
                       r.commit("more", {mine}, "alice", "alice@example.com"))}) == none);
}
