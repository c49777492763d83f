// E2E: hostile patterns, names and YAML through real pushes: refused with a finding at its
// place and recorded in the ledger, or accepted with a rendering kubectl kustomize agrees with.
#include "manifest_fixture.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

const std::map<std::string, std::string> alice{{"GL_USERNAME", "alice"}};
const std::string no_change = "hint: no ref was changed; fix the problems above and push again";

// The verdict of the newest push record in server.git's ledger, then its findings' rules, as
// "verdict rule...".
std::string newest_record(const Sandbox& sb) {
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json"));
    REQUIRE(json);
    const slipway::util::Json* found = nullptr;
    for (const auto& entry : json->at("entries").as_array())
        if (!found && entry.at("type").as_string() == "push")
            found = &entry;
    REQUIRE(found);
    const auto& newest = *found;
    std::string out = newest.at("verdict").as_string();
    for (const auto& f : newest.at("findings").as_array())
        out += " " + f.at("rule").as_string();
    return out;
}

// A ref policy whose master and feature branches must match `branch_name`.
std::string branch_policy(const std::string& branch_name) {
    return "version: 1\nrefs:\n  - match: refs/heads/*\n    branch_name: '" + branch_name + "'\n";
}

std::string bomb(int levels, int width) {
    std::string out = "a0: &a0 [lol]\n";
    for (int l = 1; l <= levels; ++l) {
        out += "a" + std::to_string(l) + ": &a" + std::to_string(l) + " [";
        for (int i = 0; i < width; ++i)
            out += (i ? ", *a" : "*a") + std::to_string(l - 1);
        out += "]\n";
    }
    return out;
}

} // namespace

TEST_CASE("hostile yaml: a 50,000-byte branch name is refused as too long, and recorded") {
    Sandbox sb;
    sb.seeded(branch_policy("^(master|feature/[a-z0-9-]+)$"));
    const std::string name = "feature/" + std::string(50000, 'a');
    auto run = sb.sh("git push origin HEAD:refs/heads/" + name, alice, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/" + name + ": error: branch name \"" + name.substr(0, 64) +
                    "…\" is 50008 bytes long, more than the 1024 a branch name may have; use a "
                    "shorter name [branch-name]",
                no_change});
    CHECK(newest_record(sb) == "rejected branch-name");

    auto fine = sb.sh("git push origin HEAD:refs/heads/feature/cart", alice, "work");
    CHECK(fine.exit_code == 0);
    CHECK(newest_record(sb) == "accepted");
}

TEST_CASE("hostile yaml: a tag of 60,000 digits is refused as too long, and recorded") {
    Sandbox sb;
    sb.seeded("version: 1\nrefs:\n  - match: refs/tags/*\n    tag: {pattern: "
              "'^v[0-9]+\\.[0-9]+\\.[0-9]+$'}\n");
    const std::string name = "v1.1." + std::string(60000, '7');
    auto run = sb.sh("git push origin HEAD:refs/tags/" + name, alice, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/tags/" + name + ": error: tag \"" + name.substr(0, 64) +
                    "…\" is 60005 bytes long, more than the 1024 a tag name may have; use a "
                    "shorter name [tag-pattern]",
                no_change});
    CHECK(newest_record(sb) == "rejected tag-pattern");

    auto fine = sb.sh("git push origin HEAD:refs/tags/v1.1.7", alice, "work");
    CHECK(fine.exit_code == 0);
    CHECK(newest_record(sb) == "accepted");
}

TEST_CASE("hostile yaml: a backtracking pattern matches in linear time and refuses the name") {
    Sandbox sb;
    const std::string pattern = "^(master|(feature|fix)/(a+)+)$";
    sb.seeded(branch_policy(pattern));
    CHECK(sb.ok("slipway policy check policy.yaml") ==
          "policy.yaml: ok (1 ref rule, 0 environments)\n");
    const std::string name = "feature/" + std::string(29, 'a') + "!";
    auto run = sb.sh("git push origin HEAD:refs/heads/" + name, alice, "work");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() == Lines{"slipway: push rejected — 1 problem",
                              "  refs/heads/" + name + ": error: branch name \"" + name +
                                  "\" does not match the allowed pattern " + pattern +
                                  "; rename it (git branch -m) and push again [branch-name]",
                              no_change});
    CHECK(newest_record(sb) == "rejected branch-name");
    CHECK(sb.sh("git push origin HEAD:refs/heads/feature/aaa", alice, "work").exit_code == 0);
}

TEST_CASE("hostile yaml: 30,000 nested groups and RE2-only syntax are policy errors, no crash") {
    Sandbox sb;
    const std::string nested = std::string(30000, '(') + "a" + std::string(30000, ')');
    sb.write("nested.yaml", branch_policy(nested));
    const std::string too_long = "nested.yaml:4:18: branch_name is too long for a regular "
                                 "expression (60001 bytes; at most 4096)";
    auto check = sb.sh("slipway policy check nested.yaml");
    CHECK(check.exit_code == 1);
    CHECK(check.output == too_long + "\n");

    sb.write("backref.yaml", branch_policy("^(a)\\1$"));
    auto backref = sb.sh("slipway policy check backref.yaml");
    CHECK(backref.exit_code == 1);
    CHECK(backref.output == "backref.yaml:4:18: branch_name is not a valid regular expression "
                            "(\"^(a)\\1$\"): invalid escape sequence: \\1\n");

    sb.server("server.git");
    auto install = sb.sh("slipway install server.git --policy nested.yaml --force");
    CHECK(install.exit_code != 0);
    CHECK(install.has(too_long));

    // A clone carrying the policy: slipway check reads it and says what is wrong.
    sb.ok("git clone -q server.git work 2>/dev/null && mkdir -p work/.slipway && "
          "cp nested.yaml work/.slipway/policy.yaml && cd work && git add -A && "
          "git commit -qm policy");
    auto in_clone = sb.sh("slipway check", {}, "work");
    CHECK(in_clone.exit_code == 1);
    CHECK(in_clone.has(".slipway/policy.yaml:4:18: branch_name is too long for a regular "
                       "expression (60001 bytes; at most 4096)"));
}

TEST_CASE("hostile yaml: a billion-laughs kustomization.yaml is refused, not expanded") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    // The kustomization reader's load_yaml stops at its alias limit and leaves the file to
    // kubectl kustomize, which refuses it too.
    auto run = commit_and_push(sb, "services/bomb/kustomization.yaml", bomb(9, 10));
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/bomb/kustomization.yaml: error: cannot render "
                "this kustomization: kubectl kustomize exited with status 1: invalid "
                "Kustomization: yaml: document contains excessive aliasing; run `kubectl "
                "kustomize services/bomb` to see why [kustomize]",
                file_hint});
    CHECK(newest_record(sb) == "rejected kustomize");
}

TEST_CASE("hostile yaml: a YAML alias bomb in a .tf.json is refused as the JSON it is not") {
    Sandbox sb;
    sb.seeded("version: 1\nenvironments:\n  - name: staging\n    refs: refs/heads/master\n"
              "    targets:\n      - terraform: {dirs: [staging]}\n");
    auto run = commit_and_push(sb, "staging/bomb.tf.json", bomb(12, 10));
    CHECK(run.exit_code != 0);
    // The module reader (strict JSON) cannot read it, so the root counts as changed and
    // terraform validate reports the file.
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 2 problems",
                "  refs/heads/master: staging/bomb.tf.json:1:1: error: Invalid JSON keyword: "
                "\"a\" is not a valid JSON keyword. [terraform-validate]",
                "  refs/heads/master: staging/bomb.tf.json:1:1: error: Root value must be "
                "object: The root value in a JSON-based configuration must be either a JSON "
                "object or a JSON array of objects. [terraform-validate]",
                file_hint});
    CHECK(newest_record(sb) == "rejected terraform-validate terraform-validate");
}

TEST_CASE("hostile yaml: aliases that copy a large value a hundred times are a yaml-limits "
          "finding") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    std::string text = deployment();
    text += "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  labels: {app: big}\n"
            "data:\n  big: &big " +
            std::string(3500 * 1024, 'x') + "\n";
    for (int i = 0; i < 100; ++i)
        text += "  copy" + std::to_string(i) + ": *big\n";
    auto run = commit_and_push(sb, "services/cart/deployment.yaml", text);
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/cart/deployment.yaml:37:10: error: aliases in "
                "this file copy more than 16.0 MiB of values when expanded (alias *big alone "
                "copies 3.4 MiB); write the values out instead of repeating them with aliases "
                "[yaml-limits]",
                file_hint});
    CHECK(newest_record(sb) == "rejected yaml-limits");
}

TEST_CASE("hostile yaml: nested groups are walked once per push, and a cycle is refused") {
    Sandbox sb;
    std::string policy = "version: 1\ngroups:\n";
    for (int level = 0; level < 9; ++level)
        for (int i = 0; i < 10; ++i) {
            policy += "  l" + std::to_string(level) + "_" + std::to_string(i) + ": [";
            if (level == 0)
                policy += "alice";
            for (int j = 0; level > 0 && j < 10; ++j)
                policy += std::string(j ? ", " : "") + "'@l" + std::to_string(level - 1) + "_" +
                          std::to_string(j) + "'";
            policy += "]\n";
        }
    policy += "refs:\n  - match: refs/heads/*\n    push: ['@l8_0']\n";
    sb.seeded(policy);
    auto bob = sb.sh("git commit -q --allow-empty -m two && git push origin master",
                     {{"GL_USERNAME", "bob"}}, "work");
    CHECK(bob.exit_code != 0);
    CHECK(bob.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: error: bob may not push to refs/heads/master (allowed: "
                "@l8_0); ask one of them to push it, or an admin to change the policy "
                "[not-authorized]",
                no_change});
    CHECK(newest_record(sb) == "rejected not-authorized");
    CHECK(sb.sh("git push origin master", alice, "work").exit_code == 0);
    CHECK(newest_record(sb) == "accepted");

    sb.write("cycle.yaml", "version: 1\ngroups:\n  a: ['@b']\n  b: [alice, '@c']\n  c: ['@a']\n");
    auto cycle = sb.sh("slipway policy check cycle.yaml");
    CHECK(cycle.exit_code == 1);
    CHECK(cycle.output == "cycle.yaml:3:6: group \"a\" contains itself\n");
}

TEST_CASE("hostile yaml: tags are applied as kubectl reads them, and quotes that keep a type "
          "stay, as kubectl kustomize renders them") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    const std::string cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tags\n"
                           "  labels: {app: tags}\ndata:\n"
                           "  bin: !!binary aGVsbG8=\n  num: !!str 31\n  date: \"2001-12-14\"\n"
                           "  time: \"1:20\"\n  hex: \"0x1f\"\n  \"yes\": \"yes\"\n  tilde: \"~\"\n"
                           "  exp: \"1e3\"\n";
    std::string deploy = deployment();
    deploy.replace(deploy.find("replicas: 2"), 11, "replicas: !!int 0x2");
    sb.write("work/services/cart/deployment.yaml", deploy);
    auto run = commit_and_push(sb, "services/tags/configmap.yaml", cm);
    CHECK(run.exit_code == 0);
    CHECK(newest_record(sb) == "accepted");
    sb.ok("git fetch -q -f origin 'refs/slipway/*:refs/slipway/*'", {}, "work");
    const auto rendered =
        sb.ok("git show refs/slipway/rendered/preprod:preprod/configmap-tags.yaml", {}, "work");
    CHECK(rendered.find("data:\n  bin: hello\n  num: \"31\"\n  date: \"2001-12-14\"\n  time: "
                        "\"1:20\"\n  hex: \"0x1f\"\n  \"yes\": \"yes\"\n  tilde: \"~\"\n  exp: "
                        "\"1e3\"\n") != std::string::npos);
    // kubectl kustomize reads the rendering as the very objects it reads in the source.
    const std::string kustomization =
        "namespace: preprod\nresources: [configmap.yaml, deployment.yaml]\n";
    sb.write("k/kustomization.yaml", kustomization);
    sb.write("k/configmap.yaml", cm);
    sb.write("k/deployment.yaml", deploy);
    sb.write("r/kustomization.yaml", kustomization);
    sb.write("r/configmap.yaml", rendered);
    sb.write(
        "r/deployment.yaml",
        sb.ok("git show refs/slipway/rendered/preprod:preprod/deployment-cart.yaml", {}, "work"));
    const auto expected = sb.ok("kubectl kustomize k");
    CHECK(expected.find("  bin: hello\n  date: \"2001-12-14\"\n  exp: \"1e3\"\n  hex: \"0x1f\"\n"
                        "  num: \"31\"\n  tilde: \"~\"\n  time: \"1:20\"\n  \"yes\": \"yes\"\n") !=
          std::string::npos);
    CHECK(expected.find("  replicas: 2\n") != std::string::npos);
    CHECK(sb.ok("kubectl kustomize r") == expected);
}

TEST_CASE("hostile yaml: a custom tag kubectl would drop is a yaml-syntax finding") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    auto run = commit_and_push(sb, "services/tags/configmap.yaml",
                               "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tags\n"
                               "  labels: {app: tags}\ndata:\n  arn: !GetAtt Role.Arn\n");
    CHECK(run.exit_code != 0);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/tags/configmap.yaml:7:8: error: YAML tag !GetAtt "
                "has no meaning in Kubernetes: kubectl would drop it and apply the bare value; "
                "render the template before pushing, or remove the tag [yaml-syntax]",
                file_hint});
    CHECK(newest_record(sb) == "rejected yaml-syntax");
}

TEST_CASE("hostile yaml: a schema pattern applies to a value of any length") {
    Sandbox sb;
    sb.write("crds/widget-example-v1.json",
             R"({"properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},)"
             R"( "metadata": {"type": "object"}, "spec": {"properties": {"name":)"
             R"( {"type": "string", "pattern": "^[a-z]+$"}}}}})");
    sb.seeded("version: 1\nenvironments:\n  - name: preprod\n    refs: refs/heads/master\n"
              "    targets:\n      - kubernetes: {paths: [services], namespace: preprod}\n"
              "manifests:\n  schemas: [" +
              (sb.root() / "crds").string() + "]\n");
    const std::string head = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"
                             "spec:\n  name: ";
    auto bad = commit_and_push(sb, "services/widget.yaml", head + std::string(5000, 'x') + "!\n");
    CHECK(bad.exit_code != 0);
    CHECK(bad.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/widget.yaml:6:9: error: "
                "\"spec.name\" value \"" +
                    std::string(64, 'x') + "…\" does not match the pattern \"^[a-z]+$\" [schema]",
                file_hint});
    CHECK(newest_record(sb) == "rejected schema");
    auto good = commit_and_push(sb, "services/widget.yaml", head + std::string(5000, 'x') + "\n");
    CHECK(good.exit_code == 0);
    CHECK(newest_record(sb) == "accepted");
}
