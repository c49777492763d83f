// Tests for admin/ledger_commands: exact text of status, log, show and audit, and their JSON
// parsed back.
#include "admin/ledger_commands.hpp"
#include "support/temp_repo.hpp"

#include "manifest/yaml_loader.hpp"
#include "util/json.hpp"
#include "util/process.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>

using namespace slipway;
using namespace slipway::ledger;
using admin::Format;
namespace fs = std::filesystem;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
const std::string c3(40, '3');
const std::string zero(40, '0');
constexpr std::int64_t t0 = 1714564800000; // 2024-05-01T12:00:00Z

// #1 alice's push to master, #2 its confirmation, #3/#4 its deploy to preprod, #5 bob's
// rejected push, #6 carol's tag v1, #7 its deploy to prod (still running).
struct Fixture {
    slipway::test::TempDir dir;
    fs::path path = dir.path() / "repo.git" / "slipway" / "ledger.db";
    Ledger ledger = Ledger::open(path).value();
    std::vector<admin::EnvironmentSpec> environments = {{"staging", {"refs/heads/feature/*"}},
                                                        {"preprod", {"refs/heads/master"}},
                                                        {"prod", {"refs/tags/*"}}};
    std::map<std::string, std::optional<std::string>> asked; ///< what pending() was given

    Fixture() {
        append(PushRecord{.pusher = "alice",
                          .identity_source = "GL_USERNAME",
                          .protocol = "ssh",
                          .remote_address = "10.0.0.5",
                          .push_options = {"ci.skip"},
                          .ref_updates = {{"refs/heads/master", c1, c2, "preprod"}},
                          .verdict = Verdict::accepted},
               t0);
        append(RefSync{.push_id = 1,
                       .source = "post-receive",
                       .ref_updates = {{"refs/heads/master", c1, c2, "preprod"}}},
               t0 + 1000);
        append(DeployStart{.environment = "preprod",
                           .ref = "refs/heads/master",
                           .tag = "",
                           .commit = c2,
                           .pusher = "alice",
                           .push_id = 1},
               t0 + 2000);
        append(DeployEnd{.deploy_id = 3,
                         .outcome = Outcome::success,
                         .message = "applied 14 objects, pruned 1",
                         .targets = {{"k8s", "kubernetes", Outcome::success, 0, 4200,
                                      "deployment.apps/cart configured\nservice/cart \"quoted\""}},
                         .pruned = {"Deployment shop/legacy-billing"},
                         .ref_updates = {{"refs/slipway/deployed/preprod", zero, c2, "preprod"}}},
               t0 + 6200);
        append(PushRecord{.pusher = "bob",
                          .identity_source = "REMOTE_USER",
                          .ref_updates = {{"refs/heads/master", c2, c3, "preprod"}},
                          .verdict = Verdict::rejected,
                          .findings = {{.ref = "refs/heads/master",
                                        .path = "services/cart/deployment.yaml",
                                        .line = 21,
                                        .column = 18,
                                        .severity = Severity::error,
                                        .message = "image \"cart:latest\" is not pinned",
                                        .rule = "image-pinned"},
                                       {.ref = "",
                                        .path = "",
                                        .line = 0,
                                        .column = 0,
                                        .severity = Severity::warning,
                                        .message = "push options are ignored",
                                        .rule = ""}}},
               t0 + 100'000);
        append(PushRecord{.pusher = "carol",
                          .ref_updates = {{"refs/tags/v1", zero, c2, "prod"}},
                          .verdict = Verdict::accepted},
               t0 + 200'000);
        append(DeployStart{.environment = "prod",
                           .ref = "refs/tags/v1",
                           .tag = "v1",
                           .commit = c2,
                           .pusher = "carol",
                           .push_id = 6},
               t0 + 201'000);
    }

    void append(const RecordBody& body, std::int64_t at) { REQUIRE(ledger.append(body, at)); }

    std::string hash(std::int64_t id) { return ledger.read(id).value()->meta.hash; }

    admin::PendingLookup pending() {
        return [this](const admin::EnvironmentSpec& env, const std::optional<std::string>& commit)
                   -> Result<std::vector<admin::PendingCommit>> {
            asked[env.name] = commit;
            if (env.name == "staging")
                return std::vector<admin::PendingCommit>{{c3, "Add cart service"},
                                                         {c1, "Bump image"}};
            return std::vector<admin::PendingCommit>{};
        };
    }
};

// Runs `command` and returns what it printed; requires exit code `expected`.
template <class F>
std::string output_of(F&& command, int expected = 0) {
    std::ostringstream out;
    Result<int> code = command(out);
    REQUIRE(code);
    CHECK(*code == expected);
    return out.str();
}

// The lines of an expected output, each ended by a newline.
std::string lines(std::initializer_list<std::string> items) {
    std::string out;
    for (const auto& line : items)
        out += line + "\n";
    return out;
}

util::Json parsed(const std::string& text) {
    auto j = util::parse_json(text);
    REQUIRE(j);
    return *j;
}

} // namespace

TEST_CASE("status: one aligned row per environment, then what is pending") {
    Fixture f;
    auto text = output_of([&](std::ostream& out) {
        return admin::run_status(f.ledger, f.environments, f.pending(), Format::text, out);
    });
    CHECK(
        text ==
        lines({
            "ENVIRONMENT  DEPLOYED  TAG  WHEN                  BY     RESULT             PENDING",
            "staging      -         -    -                     -      never deployed     2 commits",
            "preprod      2222222   -    2024-05-01T12:00:06Z  alice  success            none",
            "prod         -         -    -                     -      running (2222222)  none",
            "",
            "pending for staging (refs/heads/feature/*):",
            "  3333333 Add cart service",
            "  1111111 Bump image",
        }));
    CHECK(f.asked["staging"] == std::nullopt);
    CHECK(f.asked["preprod"] == c2);
    CHECK(f.asked["prod"] == std::nullopt);
}

TEST_CASE("status: a failed deploy after a success shows both") {
    Fixture f;
    f.append(
        DeployStart{
            .environment = "preprod", .ref = "refs/heads/master", .commit = c3, .pusher = "bob"},
        t0 + 300'000);
    f.append(DeployEnd{.deploy_id = 8, .outcome = Outcome::failure}, t0 + 301'000);
    std::vector<admin::EnvironmentSpec> preprod = {f.environments[1]};
    auto text = output_of([&](std::ostream& out) {
        return admin::run_status(f.ledger, preprod, {}, Format::text, out);
    });
    CHECK(text ==
          lines({
              "ENVIRONMENT  DEPLOYED  TAG  WHEN                  BY     RESULT             PENDING",
              "preprod      2222222   -    2024-05-01T12:00:06Z  alice  failure (3333333)  none",
          }));
}

TEST_CASE("status: JSON has every environment in full, readable by a YAML parser too") {
    Fixture f;
    auto text = output_of([&](std::ostream& out) {
        return admin::run_status(f.ledger, f.environments, f.pending(), Format::json, out);
    });
    auto j = parsed(text);
    const auto& envs = j.at("environments").as_array();
    REQUIRE(envs.size() == 3);
    CHECK(envs[0].at("name").as_string() == "staging");
    CHECK(envs[0].at("deployed").is_null());
    CHECK(envs[0].at("pending").size() == 2);
    CHECK(envs[0].at("pending").as_array()[0].at("id").as_string() == c3);
    CHECK(envs[0].at("pending").as_array()[0].at("summary").as_string() == "Add cart service");
    const auto& preprod = envs[1].at("deployed");
    CHECK(preprod.at("commit").as_string() == c2);
    CHECK(preprod.at("state").as_string() == "success");
    CHECK(preprod.at("ended").as_string() == "2024-05-01T12:00:06.200Z");
    CHECK(preprod.at("ended_ms").as_int() == t0 + 6200);
    CHECK(preprod.at("duration_ms").as_int() == 4200);
    CHECK(preprod.at("pusher").as_string() == "alice");
    CHECK(preprod.at("push_id").as_int() == 1);
    CHECK(preprod.at("hash").as_string() == f.hash(3));
    CHECK(preprod.at("end_hash").as_string() == f.hash(4));
    CHECK_FALSE(preprod.at("targets").as_array()[0].contains("output"));
    CHECK(envs[1].at("last_attempt") == preprod);
    CHECK(envs[2].at("last_attempt").at("state").as_string() == "running");
    CHECK(envs[2].at("last_attempt").at("tag").as_string() == "v1");
    CHECK(envs[2].at("last_attempt").at("ended").is_null());
    CHECK(envs[2].at("source_refs").as_array()[0].as_string() == "refs/tags/*");

    auto yaml = manifest::load_yaml("status.json", text, {});
    REQUIRE(yaml.findings.empty());
    const auto& t = yaml.tree;
    const auto deployed =
        t.find(t.item(t.find(yaml.documents.at(0).root, "environments"), 1), "deployed");
    CHECK(t.text(t.find(deployed, "commit")) == c2);
    CHECK(t.text(t.find(t.item(t.find(deployed, "targets"), 0), "exit_code")) == "0");
    CHECK(t.node(t.find(t.item(t.find(yaml.documents.at(0).root, "environments"), 2), "deployed"))
              .type == manifest::NodeType::null);
}

TEST_CASE("status: a failing pending lookup names the environment") {
    Fixture f;
    std::ostringstream out;
    auto r = admin::run_status(
        f.ledger, f.environments,
        [](const admin::EnvironmentSpec&, const std::optional<std::string>&)
            -> Result<std::vector<admin::PendingCommit>> { return fail("bad object"); },
        Format::text, out);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "pending commits of staging: bad object");
}

TEST_CASE("log: newest first, one aligned line per push or deploy") {
    Fixture f;
    auto text = output_of(
        [&](std::ostream& out) { return admin::run_log(f.ledger, {}, Format::text, out); });
    CHECK(
        text ==
        lines({
            "ID  TIME                  TYPE    USER   RESULT    WHAT",
            "7   2024-05-01T12:03:21Z  deploy  carol  running   prod ← 2222222 tag v1",
            "6   2024-05-01T12:03:20Z  push    carol  accepted  refs/tags/v1 (new) 2222222",
            "5   2024-05-01T12:01:40Z  push    bob    rejected  refs/heads/master "
            "2222222..3333333 (2 findings)",
            "3   2024-05-01T12:00:02Z  deploy  alice  success   preprod ← 2222222 from "
            "refs/heads/master in 4.2s",
            "1   2024-05-01T12:00:00Z  push    alice  accepted  refs/heads/master 1111111..2222222",
        }));
}

TEST_CASE("log: filters apply, and an empty result says so") {
    Fixture f;
    LogFilter rejected;
    rejected.rejected_only = true;
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_log(f.ledger, rejected, Format::text, out);
          }) == lines({
                    "ID  TIME                  TYPE  USER  RESULT    WHAT",
                    "5   2024-05-01T12:01:40Z  push  bob   rejected  refs/heads/master "
                    "2222222..3333333 (2 findings)",
                }));
    LogFilter nobody;
    nobody.user = "mallory";
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_log(f.ledger, nobody, Format::text, out);
          }) == "no matching records\n");
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_log(f.ledger, nobody, Format::json, out);
          }) == "{\n  \"count\": 0,\n  \"entries\": []\n}\n");
}

TEST_CASE("log: JSON entries parse back with every field") {
    Fixture f;
    LogFilter filter;
    filter.environment = "preprod";
    auto text = output_of(
        [&](std::ostream& out) { return admin::run_log(f.ledger, filter, Format::json, out); });
    auto j = parsed(text);
    CHECK(j.at("count").as_int() == 3);
    const auto& entries = j.at("entries").as_array();
    REQUIRE(entries.size() == 3);

    const auto& rejected = entries[0];
    CHECK(rejected.at("type").as_string() == "push");
    CHECK(rejected.at("id").as_int() == 5);
    CHECK(rejected.at("verdict").as_string() == "rejected");
    CHECK(rejected.at("pusher").as_string() == "bob");
    CHECK(rejected.at("identity_source").as_string() == "REMOTE_USER");
    CHECK(rejected.at("time").as_string() == "2024-05-01T12:01:40.000Z");
    CHECK(rejected.at("confirmed_by").is_null());
    const auto& finding = rejected.at("findings").as_array().at(0);
    CHECK(finding.at("path").as_string() == "services/cart/deployment.yaml");
    CHECK(finding.at("line").as_int() == 21);
    CHECK(finding.at("column").as_int() == 18);
    CHECK(finding.at("severity").as_string() == "error");
    CHECK(finding.at("message").as_string() == "image \"cart:latest\" is not pinned");
    CHECK(finding.at("rule").as_string() == "image-pinned");
    const auto& update = rejected.at("ref_updates").as_array().at(0);
    CHECK(update.at("ref").as_string() == "refs/heads/master");
    CHECK(update.at("old").as_string() == c2);
    CHECK(update.at("new").as_string() == c3);
    CHECK(update.at("change").as_string() == "update");
    CHECK(update.at("environment").as_string() == "preprod");

    CHECK(entries[1].at("type").as_string() == "deploy");
    CHECK(entries[1].at("targets").as_array().at(0).at("duration_ms").as_int() == 4200);
    CHECK(entries[2].at("confirmed_by").as_int() == 2);
    CHECK(entries[2].at("push_options").as_array().at(0).as_string() == "ci.skip");
    CHECK(entries[2].at("protocol").as_string() == "ssh");
    CHECK(entries[2].at("remote_address").as_string() == "10.0.0.5");
    CHECK(entries[2].at("hash").as_string() == f.hash(1));
    CHECK(entries[2].at("prev_hash").as_string() == genesis_hash);

    auto yaml = manifest::load_yaml("log.json", text, {});
    REQUIRE(yaml.findings.empty());
    const auto& t = yaml.tree;
    const auto entry = t.item(t.find(yaml.documents.at(0).root, "entries"), 0);
    CHECK(t.text(t.find(t.item(t.find(entry, "findings"), 0), "message")) ==
          "image \"cart:latest\" is not pinned");
}

TEST_CASE("show: a push with its ref updates and findings") {
    Fixture f;
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_show(f.ledger, 5, Format::text, out);
          }) == lines({
                    "push #5: rejected",
                    "  time:      2024-05-01T12:01:40Z",
                    "  pusher:    bob (from REMOTE_USER)",
                    "  hash:      " + f.hash(5),
                    "  prev hash: " + f.hash(4),
                    "ref updates:",
                    "  refs/heads/master  " + c2 + " → " + c3 + "  [preprod]",
                    "findings (2):",
                    "  refs/heads/master: services/cart/deployment.yaml:21:18: error: image "
                    "\"cart:latest\" is not pinned [image-pinned]",
                    "  warning: push options are ignored",
                }));
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_show(f.ledger, 1, Format::text, out);
          }) == lines({
                    "push #1: accepted",
                    "  time:      2024-05-01T12:00:00Z",
                    "  pusher:    alice (from GL_USERNAME)",
                    "  via:       ssh from 10.0.0.5",
                    "  options:   ci.skip",
                    "  confirmed: by record #2",
                    "  landed:    yes",
                    "  hash:      " + f.hash(1),
                    "  prev hash: " + genesis_hash,
                    "ref updates:",
                    "  refs/heads/master  " + c1 + " → " + c2 + "  [preprod]",
                }));
}

TEST_CASE("show: a deploy, by its start or end record, with targets and full output") {
    Fixture f;
    std::string expected = lines({
        "deploy #3: success",
        "  environment: preprod",
        "  commit:      " + c2,
        "  ref:         refs/heads/master",
        "  pusher:      alice",
        "  push:        #1",
        "  started:     2024-05-01T12:00:02Z",
        "  ended:       2024-05-01T12:00:06Z (4.2s)",
        "  end record:  #4",
        "  message:     applied 14 objects, pruned 1",
        "  hash:        " + f.hash(3),
        "  end hash:    " + f.hash(4),
        "targets:",
        "  NAME  KIND        RESULT   EXIT  TIME",
        "  k8s   kubernetes  success  0     4.2s",
        "pruned:",
        "  Deployment shop/legacy-billing",
        "refs moved:",
        "  refs/slipway/deployed/preprod  (none) → " + c2 + "  [preprod]",
        "--- output of k8s (kubernetes, exit 0) ---",
        "deployment.apps/cart configured",
        "service/cart \"quoted\"",
    });
    for (std::int64_t id : {3, 4})
        CHECK(output_of([&](std::ostream& out) {
                  return admin::run_show(f.ledger, id, Format::text, out);
              }) == expected);

    CHECK(output_of([&](std::ostream& out) {
              return admin::run_show(f.ledger, 7, Format::text, out);
          }) == lines({
                    "deploy #7: running",
                    "  environment: prod",
                    "  commit:      " + c2,
                    "  tag:         v1",
                    "  ref:         refs/tags/v1",
                    "  pusher:      carol",
                    "  push:        #6",
                    "  started:     2024-05-01T12:03:21Z",
                    "  ended:       not recorded: still running, or interrupted",
                    "  hash:        " + f.hash(7),
                }));
}

TEST_CASE("show: a confirmation") {
    Fixture f;
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_show(f.ledger, 2, Format::text, out);
          }) == lines({
                    "ref sync #2: confirms push #1",
                    "  time:      2024-05-01T12:00:01Z",
                    "  source:    post-receive",
                    "  hash:      " + f.hash(2),
                    "  prev hash: " + f.hash(1),
                    "ref updates:",
                    "  refs/heads/master  " + c1 + " → " + c2 + "  [preprod]",
                }));
    auto j = parsed(output_of(
        [&](std::ostream& out) { return admin::run_show(f.ledger, 2, Format::json, out); }));
    CHECK(j.at("type").as_string() == "ref_sync");
    CHECK(j.at("push_id").as_int() == 1);
    CHECK(j.at("source").as_string() == "post-receive");
}

TEST_CASE("show and status: an outcome unknown names its log, and is not what is deployed") {
    Fixture f;
    const std::string log = "/srv/deploy.git/slipway/logs/preprod/20240501T120500Z-3333333.log";
    f.append(DeployStart{.environment = "preprod",
                         .ref = "refs/heads/master",
                         .commit = c3,
                         .pusher = "bob",
                         .log = log},
             t0 + 300'000);
    f.append(DeployEnd{.deploy_id = 8, .outcome = Outcome::unknown, .message = "outcome unknown"},
             t0 + 301'000);
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_show(f.ledger, 8, Format::text, out);
          }) == lines({
                    "deploy #8: unknown",
                    "  environment: preprod",
                    "  commit:      " + c3,
                    "  ref:         refs/heads/master",
                    "  pusher:      bob",
                    "  started:     2024-05-01T12:05:00Z",
                    "  log:         " + log,
                    "  ended:       2024-05-01T12:05:01Z (1.0s)",
                    "  end record:  #9",
                    "  message:     outcome unknown",
                    "  hash:        " + f.hash(8),
                    "  end hash:    " + f.hash(9),
                }));
    auto j = parsed(output_of(
        [&](std::ostream& out) { return admin::run_show(f.ledger, 8, Format::json, out); }));
    CHECK(j.at("state").as_string() == "unknown");
    CHECK(j.at("log").as_string() == log);
    std::vector<admin::EnvironmentSpec> preprod = {f.environments[1]};
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_status(f.ledger, preprod, {}, Format::text, out);
          }) ==
          lines({
              "ENVIRONMENT  DEPLOYED  TAG  WHEN                  BY     RESULT             PENDING",
              "preprod      2222222   -    2024-05-01T12:00:06Z  alice  unknown (3333333)  none",
          }));
}

TEST_CASE("show: JSON carries the complete output, any bytes included") {
    Fixture f;
    std::string odd = "tab\there, \"quotes\", backslash \\, bell \x07, stray \xff byte\n";
    f.append(DeployStart{.environment = "staging", .commit = c3, .pusher = "dave"}, t0 + 400'000);
    f.append(DeployEnd{.deploy_id = 8,
                       .outcome = Outcome::failure,
                       .targets = {{"cmd", "command", Outcome::failure, 2, 10, odd}}},
             t0 + 400'010);
    auto j = parsed(output_of(
        [&](std::ostream& out) { return admin::run_show(f.ledger, 9, Format::json, out); }));
    CHECK(j.at("id").as_int() == 8);
    CHECK(j.at("end_id").as_int() == 9);
    CHECK(j.at("state").as_string() == "failure");
    const auto& target = j.at("targets").as_array().at(0);
    CHECK(target.at("output").as_string() == odd);
    CHECK(target.at("exit_code").as_int() == 2);
    CHECK(j.at("push_id").is_null());
}

TEST_CASE("show: an unknown id is an error naming it") {
    Fixture f;
    std::ostringstream out;
    auto r = admin::run_show(f.ledger, 42, Format::text, out);
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "no record #42 in the ledger " + f.path.string() + "; `slipway log` lists them");
    CHECK(out.str().empty());
}

TEST_CASE("audit verify: OK with exit 0, and the head it checked") {
    Fixture f;
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_audit_verify(f.ledger, {}, Format::text, out);
          }) == "OK: 7 records, chain intact; head #7 " + f.hash(7) + "\n");
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_audit_verify(f.ledger, f.hash(3), Format::text, out);
          }) == "OK: 7 records, chain intact, kept head found; head #7 " + f.hash(7) + "\n");
    auto j = parsed(output_of([&](std::ostream& out) {
        return admin::run_audit_verify(f.ledger, {}, Format::json, out);
    }));
    CHECK(j.at("ok").as_bool());
    CHECK(j.at("records").as_int() == 7);
    CHECK(j.at("head").at("id").as_int() == 7);
    CHECK(j.at("head").at("hash").as_string() == f.hash(7));
    CHECK(j.at("problem").is_null());
}

TEST_CASE("audit verify: a ledger without records is no intact chain: its history is gone") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db").value();
    const std::string reason =
        "the ledger holds no records, but `slipway install` starts every ledger with a "
        "baseline: its history is gone; restore a backup (`slipway audit restore`) or start a "
        "new chain (`slipway audit rebaseline`)";
    CHECK(output_of(
              [&](std::ostream& out) {
                  return admin::run_audit_verify(ledger, {}, Format::text, out);
              },
              1) == "FAILED: " + reason + "\n");
    auto j = parsed(output_of(
        [&](std::ostream& out) { return admin::run_audit_verify(ledger, {}, Format::json, out); },
        1));
    CHECK_FALSE(j.at("ok").as_bool());
    CHECK(j.at("problem").at("record_id").is_null());
    CHECK(j.at("problem").at("reason").as_string() == reason);
}

TEST_CASE("audit verify: a hand edit with sqlite3 fails with exit 1, naming the record") {
    Fixture f;
    // The fixture keeps its connection open: sqlite3 edits alongside it, as an intruder could.
    auto edit = util::run_capture(
        {.argv = {
             "sqlite3", f.path.string(),
             "UPDATE findings SET severity = 'warning' WHERE record_id = 5 AND position = 0"}});
    REQUIRE(edit);
    REQUIRE(edit->exit.ok());
    CHECK(output_of(
              [&](std::ostream& out) {
                  return admin::run_audit_verify(f.ledger, {}, Format::text, out);
              },
              1) == "FAILED: record #5: its content does not match its hash: it was changed "
                    "after it was written\n");
    auto j = parsed(output_of(
        [&](std::ostream& out) { return admin::run_audit_verify(f.ledger, {}, Format::json, out); },
        1));
    CHECK_FALSE(j.at("ok").as_bool());
    CHECK(j.at("problem").at("record_id").as_int() == 5);
    CHECK(j.at("problem").at("reason").as_string() ==
          "its content does not match its hash: it was changed after it was written");
}

TEST_CASE("audit verify: a kept head missing from the chain fails") {
    Fixture f;
    std::string unknown(64, 'a');
    CHECK(output_of(
              [&](std::ostream& out) {
                  return admin::run_audit_verify(f.ledger, unknown, Format::text, out);
              },
              1) == "FAILED: no record has the head hash " + unknown +
                        " kept earlier: records were removed from the end or the whole chain "
                        "was rewritten\n");
    auto j = parsed(output_of(
        [&](std::ostream& out) {
            return admin::run_audit_verify(f.ledger, unknown, Format::json, out);
        },
        1));
    CHECK(j.at("problem").at("record_id").is_null());
    CHECK(j.at("kept_head").as_string() == unknown);
}

TEST_CASE("audit head: the hash alone, or JSON with id and time") {
    Fixture f;
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_audit_head(f.ledger, Format::text, out);
          }) == f.hash(7) + "\n");
    auto j = parsed(output_of(
        [&](std::ostream& out) { return admin::run_audit_head(f.ledger, Format::json, out); }));
    CHECK(j.at("id").as_int() == 7);
    CHECK(j.at("hash").as_string() == f.hash(7));
    CHECK(j.at("time").as_string() == "2024-05-01T12:03:21.000Z");

    slipway::test::TempDir empty_dir;
    auto empty = Ledger::open(empty_dir.path() / "ledger.db").value();
    CHECK(output_of([&](std::ostream& out) {
              return admin::run_audit_head(empty, Format::text, out);
          }) == genesis_hash + "\n");
}

TEST_CASE("since: a date or an age") {
    CHECK(admin::parse_since("2024-05-01", t0).value() == t0 - 12 * 3'600'000);
    CHECK(admin::parse_since("2024-05-01T12:00:00Z", 0).value() == t0);
    CHECK(admin::parse_since("90s", t0).value() == t0 - 90'000);
    CHECK(admin::parse_since("30m", t0).value() == t0 - 30 * 60'000);
    CHECK(admin::parse_since("2h", t0).value() == t0 - 2 * 3'600'000);
    CHECK(admin::parse_since("7d", t0).value() == t0 - 7 * 86'400'000LL);
    CHECK(admin::parse_since("2w", t0).value() == t0 - 14 * 86'400'000LL);
    for (auto bad : {"", "h", "0d", "-3d", "3y", "yesterday", "99999999999999999999d"}) {
        auto r = admin::parse_since(bad, t0);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "`" + std::string(bad) +
                                       "` is not a time; use 2024-05-01, 2024-05-01T12:00:03Z, "
                                       "or an age like 30m, 2h, 7d");
    }
}

TEST_CASE("record ids are numbers, with or without #") {
    CHECK(admin::parse_record_id("42").value() == 42);
    CHECK(admin::parse_record_id("#7").value() == 7);
    for (auto bad : {"", "#", "0", "-1", "4x", "abc"}) {
        auto r = admin::parse_record_id(bad);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "`" + std::string(bad) +
                                       "` is not a record id; use a number from `slipway log`, "
                                       "e.g. 42");
    }
}

TEST_CASE(
    "status --at: what ran in each environment at that time, on a ledger of several deploys") {
    Fixture f;
    // #8/#9 bob deploys c3 to preprod, #10/#11 it fails for c1, #12 carol's prod deploy (#7) ends.
    f.append(DeployStart{.environment = "preprod",
                         .ref = "refs/heads/master",
                         .commit = c3,
                         .pusher = "bob",
                         .push_id = 5},
             t0 + 300'000);
    f.append(DeployEnd{.deploy_id = 8, .outcome = Outcome::success}, t0 + 305'000);
    f.append(
        DeployStart{
            .environment = "preprod", .ref = "refs/heads/master", .commit = c1, .pusher = "alice"},
        t0 + 400'000);
    f.append(DeployEnd{.deploy_id = 10, .outcome = Outcome::failure}, t0 + 401'000);
    f.append(DeployEnd{.deploy_id = 7, .outcome = Outcome::success}, t0 + 500'000);
    auto at = [&](std::int64_t ms) {
        return output_of([&](std::ostream& out) {
            return admin::run_status(f.ledger, f.environments, f.pending(), Format::text, out,
                                     {.at_ms = ms});
        });
    };
    // Before anything.
    CHECK(at(t0 - 1) ==
          lines({"as of 2024-05-01T11:59:59Z (the ledger's records up to then)",
                 "ENVIRONMENT  DEPLOYED  TAG  WHEN  BY  RESULT          PENDING",
                 "staging      -         -    -     -   never deployed  none",
                 "preprod      -         -    -     -   never deployed  none",
                 "prod         -         -    -     -   never deployed  none", "",
                 "deploy records:", "  staging: nothing had been deployed successfully",
                 "  preprod: nothing had been deployed successfully",
                 "  prod: nothing had been deployed successfully"}));
    // Mid-way through the first deploy: running then, though it ended later.
    CHECK(at(t0 + 4000).find("preprod      -         -    -     -   running (2222222)") !=
          std::string::npos);
    // After c3 succeeded and while prod was still deploying c2 (tag v1).
    CHECK(at(t0 + 310'000) ==
          lines({"as of 2024-05-01T12:05:10Z (the ledger's records up to then)",
                 "ENVIRONMENT  DEPLOYED  TAG  WHEN                  BY   RESULT             "
                 "PENDING",
                 "staging      -         -    -                     -    never deployed     none",
                 "preprod      3333333   -    2024-05-01T12:05:05Z  bob  success            none",
                 "prod         -         -    -                     -    running (2222222)  none",
                 "", "deploy records:", "  staging: nothing had been deployed successfully",
                 "  preprod: deploy #8 of " + c3 +
                     ", pushed by bob in push #5, deployed 2024-05-01T12:05:05Z",
                 "  prod: nothing had been deployed successfully"}));
    // Later: the failed c1 deploy is the last attempt, c3 still what ran; prod has v1.
    const auto later = at(t0 + 600'000);
    CHECK(later.find("preprod      3333333   -    2024-05-01T12:05:05Z  bob    failure "
                     "(1111111)") != std::string::npos);
    CHECK(later.find("  prod: deploy #7 of " + c2 +
                     " (tag v1), pushed by carol in push #6, deployed 2024-05-01T12:08:20Z") !=
          std::string::npos);
    // Pending commits are about now: not asked with --at.
    CHECK(f.asked.empty());
}

TEST_CASE("status: freezes and unacknowledged break-glass pushes per environment") {
    Fixture f;
    f.append(ControlRecord{.action = ControlAction::freeze,
                           .actor = "carol",
                           .environment = "prod",
                           .reason = "INC-9"},
             t0 + 300'000);
    f.append(PushRecord{.pusher = "olga",
                        .push_options = {"slipway.break-glass=INC-9: hotfix"},
                        .ref_updates = {{"refs/tags/v2", zero, c3, "prod"}},
                        .verdict = Verdict::accepted,
                        .findings = {{.severity = Severity::warning,
                                      .message = "BREAK-GLASS USED by olga",
                                      .rule = "break-glass"}}},
             t0 + 310'000);
    std::vector<admin::EnvironmentSpec> prod = {f.environments[2]};
    auto text = output_of([&](std::ostream& out) {
        return admin::run_status(f.ledger, prod, {}, Format::text, out, {.now_ms = t0 + 400'000});
    });
    CHECK(text.ends_with(
        lines({"", "prod:", "  FROZEN by carol since 2024-05-01T12:05:00Z (#8): INC-9",
               "  BREAK-GLASS not acknowledged: push #9 by olga at "
               "2024-05-01T12:05:10Z: INC-9: hotfix (`slipway audit ack <repo> "
               "--break-glass 9`)"})));
    // As of before the freeze, prod was not frozen.
    auto before = output_of([&](std::ostream& out) {
        return admin::run_status(f.ledger, prod, {}, Format::text, out, {.at_ms = t0 + 250'000});
    });
    CHECK(before.find("FROZEN") == std::string::npos);
    f.append(ControlRecord{.action = ControlAction::acknowledge, .actor = "root", .subject_id = 9},
             t0 + 320'000);
    auto acked = output_of([&](std::ostream& out) {
        return admin::run_status(f.ledger, prod, {}, Format::text, out, {.now_ms = t0 + 400'000});
    });
    CHECK(acked.find("BREAK-GLASS") == std::string::npos);
    CHECK(acked.find("FROZEN by carol") != std::string::npos);
}
