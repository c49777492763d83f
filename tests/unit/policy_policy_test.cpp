// Tests for policy/policy: a complete policy parses; every kind of mistake is reported at line:col.
#include "policy/policy.hpp"

#include "support/temp_repo.hpp"
#include "util/embedded.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::policy;

namespace {

std::string errors_of(const std::string& text) {
    auto p = parse_policy(text, "slipway.yaml");
    REQUIRE_FALSE(p);
    return p.error().message;
}

} // namespace

TEST_CASE("a policy using every ref rule parses") {
    auto p = parse_policy(R"(version: 1
identity:
  env: [GL_USERNAME, REMOTE_USER]
groups:
  maintainers: [alice, bob]
  everyone: ["@maintainers", carol]
users:
  alice:
    emails: [alice@example.com, a@corp.example]
refs:
  - match: refs/heads/master
    protected: true
    four_eyes: true
    push: ["@maintainers"]
  - match: [refs/heads/*]
    branch_name: '^(master|(feature|fix)/[a-z0-9._-]+)$'
  - match: refs/tags/v*
    tag:
      pattern: '^v[0-9]+\.[0-9]+\.[0-9]+$'
      annotated: true
      immutable: true
      reachable_from: refs/heads/master
)",
                          "slipway.yaml");
    REQUIRE(p);
    CHECK(p->identity.env == std::vector<std::string>{"GL_USERNAME", "REMOTE_USER"});
    REQUIRE(p->refs.size() == 3);
    CHECK(p->refs[0].is_protected);
    CHECK(p->refs[0].four_eyes);
    CHECK(p->refs[0].position.line == 11);
    CHECK(p->refs[1].branch_name->full_match("feature/x"));
    CHECK_FALSE(p->refs[1].branch_name->full_match("wip"));
    CHECK(p->refs[2].tag->pattern->full_match("v1.2.3"));
    CHECK(p->refs[2].tag->reachable_from == std::vector<std::string>{"refs/heads/master"});
    CHECK(p->principals.includes({"@everyone"}, "bob"));
    CHECK(p->principals.user("alice")->emails.size() == 2);
}

TEST_CASE("the embedded default policy is valid once the branch is filled in") {
    std::string text(util::embedded_default_policy());
    auto at = text.find("{{default_branch}}");
    REQUIRE(at != std::string::npos);
    text.replace(at, 18, "refs/heads/main");
    auto p = parse_policy(text, "default");
    REQUIRE(p);
    REQUIRE(p->refs.size() == 2);
    CHECK(p->refs[0].match == std::vector<std::string>{"refs/heads/main"});
    CHECK(p->refs[0].is_protected);
    CHECK(p->refs[1].tag->immutable);
    CHECK(p->refs[1].tag->annotated);
}

TEST_CASE("unknown keys are errors with a suggestion and their position") {
    CHECK(errors_of("version: 1\nrefs:\n  - match: refs/heads/master\n    protect: true\n") ==
          "slipway.yaml:4:5: unknown key \"protect\" in ref rule (did you mean \"protected\"?)");
    CHECK(errors_of("version: 1\ndeploy: x\n") ==
          "slipway.yaml:2:1: unknown key \"deploy\" in the policy; known keys: version identity "
          "groups users signing refs environments manifests terraform limits sandbox break_glass "
          "output");
}

TEST_CASE("wrong types are errors at the value") {
    CHECK(errors_of("version: 1\nrefs:\n  - match: refs/heads/master\n    protected: yes\n") ==
          "slipway.yaml:4:16: protected must be true or false");
    CHECK(errors_of("version: 1\nrefs: {}\n") ==
          "slipway.yaml:2:7: refs must be a list, not a mapping");
    CHECK(errors_of("version: 2\n") ==
          "slipway.yaml:1:10: version must be a whole number from 1 to 1");
    CHECK(errors_of("refs: []\n") ==
          "slipway.yaml:1:1: the policy has no \"version\"; start it with `version: 1`");
}

TEST_CASE("a bad regular expression is an error at its line") {
    auto e = errors_of("version: 1\nrefs:\n  - match: refs/heads/*\n    branch_name: '(feature'\n");
    CHECK(e.starts_with("slipway.yaml:4:18: branch_name is not a valid regular expression "
                        "(\"(feature\"): "));
}

TEST_CASE("every problem is reported, not only the first") {
    auto e = errors_of("version: 1\nrefs:\n  - match: heads/master\n    push: ['@nobody']\n"
                       "  - protected: true\n");
    CHECK(e == "slipway.yaml:3:12: match \"heads/master\" must be a full ref name starting with "
               "refs/ (e.g. refs/heads/heads/master)\n"
               "slipway.yaml:4:11: unknown group \"nobody\" (define it under groups:)\n"
               "slipway.yaml:5:5: ref rule has no \"match\" (the refs it applies to, e.g. "
               "refs/heads/master)");
}

TEST_CASE("duplicate keys, group cycles and bad reachable_from are errors") {
    CHECK(errors_of("version: 1\nversion: 1\n") ==
          "slipway.yaml:2:1: key \"version\" appears twice in the policy");
    CHECK(errors_of("version: 1\ngroups:\n  a: ['@b']\n  b: ['@a']\n") ==
          "slipway.yaml:3:6: group \"a\" contains itself");
    CHECK(errors_of("version: 1\nrefs:\n  - match: refs/tags/*\n    tag:\n      reachable_from: "
                    "master\n") ==
          "slipway.yaml:5:23: reachable_from names branches by full ref name, without wildcards "
          "(\"refs/heads/master\"), not \"master\"");
}

TEST_CASE("invalid YAML and an empty file are reported") {
    CHECK(errors_of("version: 1\nrefs: [\n").starts_with("slipway.yaml:3:1: invalid YAML: "));
    CHECK(errors_of("") == "slipway.yaml: the policy is empty; it needs at least `version: 1`");
}

TEST_CASE("load_policy reports a missing file") {
    test::TempDir dir;
    auto p = load_policy(dir.path() / "slipway.yaml");
    REQUIRE_FALSE(p);
    CHECK(p.error().message ==
          "cannot read " + (dir.path() / "slipway.yaml").string() + ": No such file or directory");
}

TEST_CASE("limits: defaults, each key read, out-of-range values at their position") {
    auto defaults = parse_policy("version: 1\n", "slipway.yaml");
    REQUIRE(defaults);
    CHECK(defaults->limits.checkout_bytes == 256ull * 1024 * 1024);
    CHECK(defaults->limits.checkout_files == 100000);
    CHECK(defaults->limits.tree_depth == 256);
    CHECK(defaults->limits.findings == 100);
    CHECK(defaults->limits.findings_per_file == 20);
    CHECK(defaults->limits.push_options == 100);
    CHECK(defaults->limits.push_option_bytes == 4096);
    CHECK(defaults->limits.push_options_bytes == 65536);

    auto set = parse_policy("version: 1\nlimits:\n  checkout_bytes: 1000\n  checkout_files: 10\n"
                            "  tree_depth: 8\n  findings: 5\n  findings_per_file: 2\n"
                            "  push_options: 3\n  push_option_bytes: 16\n"
                            "  push_options_bytes: 32\n",
                            "slipway.yaml");
    REQUIRE(set);
    CHECK(set->limits.checkout_bytes == 1000);
    CHECK(set->limits.checkout_files == 10);
    CHECK(set->limits.tree_depth == 8);
    CHECK(set->limits.findings == 5);
    CHECK(set->limits.findings_per_file == 2);
    CHECK(set->limits.push_options == 3);
    CHECK(set->limits.push_option_bytes == 16);
    CHECK(set->limits.push_options_bytes == 32);

    CHECK(errors_of("version: 1\nlimits:\n  tree_depth: 300\n").starts_with("slipway.yaml:3:15: "));
    CHECK(errors_of("version: 1\nlimits:\n  findings: 0\n").starts_with("slipway.yaml:3:13: "));
    CHECK(errors_of("version: 1\nlimits:\n  checkout_byte: 1\n") ==
          "slipway.yaml:3:3: unknown key \"checkout_byte\" in limits (did you mean "
          "\"checkout_bytes\"?)");
}

TEST_CASE("limits.deploy_output_bytes: 8 MiB by default, a byte count, bad values at line:col") {
    auto defaults = parse_policy("version: 1\n", "slipway.yaml");
    REQUIRE(defaults);
    CHECK(defaults->limits.deploy_output_bytes == 8ull * 1024 * 1024);

    auto set = parse_policy("version: 1\nlimits:\n  deploy_output_bytes: 65536\n", "slipway.yaml");
    REQUIRE(set);
    CHECK(set->limits.deploy_output_bytes == 65536);

    const std::string range = "limits.deploy_output_bytes must be a whole number from 1 to "
                              "268435456";
    CHECK(errors_of("version: 1\nlimits:\n  deploy_output_bytes: 0\n") ==
          "slipway.yaml:3:24: " + range);
    CHECK(errors_of("version: 1\nlimits:\n  deploy_output_bytes: 268435457\n") ==
          "slipway.yaml:3:24: " + range);
    CHECK(errors_of("version: 1\nlimits:\n  deploy_output_bytes: 8MiB\n") ==
          "slipway.yaml:3:24: " + range);
    CHECK(errors_of("version: 1\nlimits:\n  deploy_output_byte: 1\n") ==
          "slipway.yaml:3:3: unknown key \"deploy_output_byte\" in limits (did you mean "
          "\"deploy_output_bytes\"?)");
}

TEST_CASE("sandbox: on by default, `off` opts out, anything else is an error") {
    auto on = parse_policy("version: 1\n", "p.yaml");
    REQUIRE(on);
    CHECK(on->sandbox == slipway::util::Sandboxing::on);
    CHECK(on->manifests.kustomize.sandbox == slipway::util::Sandboxing::on);
    auto off = parse_policy("version: 1\nsandbox: off\n", "p.yaml");
    REQUIRE(off);
    CHECK(off->sandbox == slipway::util::Sandboxing::off);
    CHECK(off->manifests.kustomize.sandbox == slipway::util::Sandboxing::off);
    auto explicit_on = parse_policy("version: 1\nsandbox: on\n", "p.yaml");
    REQUIRE(explicit_on);
    CHECK(explicit_on->sandbox == slipway::util::Sandboxing::on);
    auto bad = parse_policy("version: 1\nsandbox: false\n", "p.yaml");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "p.yaml:2:10: sandbox is `on` (the default) or `off`, not \"false\"");
}

TEST_CASE(
    "identity: require is on by default, off only by saying so, and trusted proxies are read") {
    auto on = parse_policy("version: 1\n", "p.yaml");
    REQUIRE(on);
    CHECK(on->identity.require);
    CHECK(on->identity.trusted_proxies.empty());
    auto off = parse_policy(
        "version: 1\nidentity:\n  require: false\n  trusted_proxies: [10.0.0.1]\n", "p.yaml");
    REQUIRE(off);
    CHECK_FALSE(off->identity.require);
    CHECK(off->identity.trusted_proxies == std::vector<std::string>{"10.0.0.1"});
    CHECK(errors_of("version: 1\nidentity:\n  require: maybe\n") ==
          "slipway.yaml:3:12: identity require must be true or false");
    CHECK(errors_of("version: 1\nidentity:\n  requires: true\n")
              .starts_with("slipway.yaml:3:3: unknown key \"requires\" in identity"));
}

TEST_CASE("output.rejection_prefix is short printable text, for GitLab's GL-HOOK-ERR:") {
    auto p =
        parse_policy("version: 1\noutput: {rejection_prefix: 'GL-HOOK-ERR: '}\n", "slipway.yaml");
    REQUIRE(p);
    CHECK(p->rejection_prefix == "GL-HOOK-ERR: ");
    CHECK(parse_policy("version: 1\n", "slipway.yaml")->rejection_prefix.empty());
    CHECK(parse_policy("version: 1\noutput: {rejection_prefix: \"a\\tb\"}\n", "slipway.yaml")
              .error()
              .message == "slipway.yaml:2:28: output rejection_prefix is at most 32 printable "
                          "ASCII characters (GitLab's is \"GL-HOOK-ERR: \")");
    CHECK(parse_policy("version: 1\noutput: {prefix: x}\n", "slipway.yaml")
              .error()
              .message.starts_with("slipway.yaml:2:10: unknown key \"prefix\""));
}
