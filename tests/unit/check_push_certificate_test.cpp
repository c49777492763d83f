// Tests for check/push_certificate: `push_certificate: required` on a ref rule or an
// environment (rule `push-cert`).
#include "check/ref_checks.hpp"
#include "check_fixture.hpp"

using namespace slipway;
using namespace slipway::testing;

namespace {

const std::string alice_key = "0123456789ABCDEF0123456789ABCDEF01234567";
const std::string bob_key = "89ABCDEF0123456789ABCDEF0123456789ABCDEF";

const std::string policy_text = R"(version: 1
users:
  alice:
    gpg: ["0123 4567 89AB CDEF 0123  4567 89ab cdef 0123 4567"]
  bob:
    gpg: [")" + bob_key + R"("]
refs:
  - match: refs/heads/master
    push_certificate: required
environments:
  - name: prod
    refs: refs/tags/v*
    push_certificate: required
    targets:
      - command: {run: ["true"]}
)";

ledger::PushCertificate good(const std::string& key = alice_key.substr(24)) {
    return {.status = "G",
            .signer = "Alice <alice@example.com>",
            .key = key,
            .nonce = "1700000000-abc",
            .nonce_status = "OK",
            .text = "certificate version 0.1\n"};
}

std::vector<std::string> judge(const GateRepo& r, const std::string& ref,
                               std::optional<ledger::PushCertificate> cert,
                               const std::string& who = "alice") {
    const auto policy = policy_from(policy_text);
    FakeHistory history; // an environment is asked whether an operator froze it
    check::PushContext ctx(r.repo(), policy, pusher(who), {r.create(ref, r.commit("a"))}, &history,
                           std::move(cert));
    auto found = check::evaluate_refs(ctx);
    REQUIRE(found);
    return described(*found);
}

std::string refused(const std::string& ref, const std::string& why,
                    const std::string& because = "a ref rule says push_certificate: required") {
    return "error push-cert " + ref + ": " + ref + " takes only signed pushes (" + because +
           "): " + why;
}

} // namespace

TEST_CASE("push-cert: a push signed with the pusher's own key passes, by long id or fingerprint") {
    GateRepo r;
    CHECK(judge(r, "refs/heads/master", good()) == none);
    CHECK(judge(r, "refs/heads/master", good(alice_key)) == none);
    // U: a good signature gpg itself does not vouch for; the policy's key list does.
    auto untrusted = good();
    untrusted.status = "U";
    CHECK(judge(r, "refs/heads/master", untrusted) == none);
    // SLOP: an older nonce, within the window the server allows.
    auto slop = good();
    slop.nonce_status = "SLOP";
    CHECK(judge(r, "refs/heads/master", slop) == none);
    // Refs without the requirement do not ask.
    CHECK(judge(r, "refs/heads/other", std::nullopt) == none);
}

TEST_CASE("push-cert: unsigned, badly signed, stale nonce, unknown or another's key are refused") {
    GateRepo r;
    CHECK(judge(r, "refs/heads/master", std::nullopt) ==
          std::vector<std::string>{refused(
              "refs/heads/master",
              "the push is not signed; push again with `git push --signed` (the server offers "
              "it: slipway install sets receive.certNonceSeed)")});
    auto bad = good();
    bad.status = "B";
    CHECK(judge(r, "refs/heads/master", bad) ==
          std::vector<std::string>{refused(
              "refs/heads/master", "the push certificate has a bad signature (signer "
                                   "\"Alice <alice@example.com>\", key 89ABCDEF01234567)")});
    auto replayed = good();
    replayed.nonce_status = "BAD";
    CHECK(judge(r, "refs/heads/master", replayed) ==
          std::vector<std::string>{refused(
              "refs/heads/master",
              "the push certificate's nonce is BAD (it must be the one the server just gave: a "
              "replayed or forged certificate)")});
    CHECK(judge(r, "refs/heads/master", good("FEDCBA9876543210")) ==
          std::vector<std::string>{refused("refs/heads/master",
                                           "the push is signed by key FEDCBA9876543210 (\"Alice "
                                           "<alice@example.com>\"), which is no user's key in the "
                                           "policy (users.<name>.gpg)")});
    CHECK(judge(r, "refs/heads/master", good(bob_key)) ==
          std::vector<std::string>{
              refused("refs/heads/master", "the push is signed by bob (key " + bob_key +
                                               "), but alice pushed it: a pusher signs with "
                                               "their own key")});
}

TEST_CASE("push-cert: an environment's requirement covers the refs that deploy to it") {
    GateRepo r;
    CHECK(judge(r, "refs/tags/v1", std::nullopt) ==
          std::vector<std::string>{refused(
              "refs/tags/v1",
              "the push is not signed; push again with `git push --signed` (the server offers "
              "it: slipway install sets receive.certNonceSeed)",
              "environment prod says push_certificate: required")});
    CHECK(judge(r, "refs/tags/v1", good()) == none);
}

TEST_CASE("push_certificate is required or off, and a gpg key must be a fingerprint") {
    CHECK(policy::parse_policy("version: 1\nrefs:\n  - match: refs/x\n    push_certificate: yes\n",
                               "p.yaml")
              .error()
              .message == "p.yaml:4:23: push_certificate is `required` or `off`, not \"yes\"");
    auto off = policy::parse_policy(
        "version: 1\nrefs:\n  - match: refs/x\n    push_certificate: off\n", "p.yaml");
    REQUIRE(off);
    CHECK_FALSE(off->refs[0].push_certificate);
    CHECK(policy::parse_policy("version: 1\nusers:\n  alice:\n    gpg: [ABCD]\n", "p.yaml")
              .error()
              .message == "p.yaml:4:10: users.alice.gpg: \"ABCD\" is not an OpenPGP fingerprint "
                          "(40 hex digits, as `gpg --fingerprint` prints them)");
}
