// E2E: untrusted pushes run nothing of theirs and read nothing outside their tree (issue
// "untrusted pushes", cases 1-4, 15 and terraform-destroy): real pushes, the refusal and its
// place, the ledger's record, no marker of a pushed program and no server secret in a child.
#include "manifest_fixture.hpp"
#include "support/deploys.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

// The hook's environment: a pusher and a secret of the server's no child may see.
const std::map<std::string, std::string> mallory{{"GL_USERNAME", "mallory"},
                                                 {"SLIPWAY_TEST_SECRET", "s3cr3t-deploy-token"}};
const std::map<std::string, std::string> alice{{"GL_USERNAME", "alice"},
                                               {"SLIPWAY_TEST_SECRET", "s3cr3t-deploy-token"}};

// alice may plan; everyone else gets fmt and validate only. master deploys infra to ops
// (no destroys), lab to lab (destroys allowed).
const std::string terraform_policy = R"(version: 1
terraform:
  plan:
    pushers: [alice]
environments:
  - name: ops
    refs: refs/heads/master
    targets:
      - terraform: {dirs: [infra], workspace: ops}
  - name: lab
    refs: refs/heads/lab
    targets:
      - terraform: {dirs: [infra], workspace: lab, allow_destroy: true}
)";

std::string resource(const std::string& name) {
    return "resource \"terraform_data\" \"" + name + "\" {\n  input = \"" + name + "\"\n}\n";
}

// The newest rejected push in the ledger of server.git, as `slipway log --rejected --json`.
slipway::util::Json newest_rejected(const Sandbox& sb) {
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --rejected --json"));
    REQUIRE(json);
    REQUIRE(json->at("count").as_int() >= 1);
    return json->at("entries").as_array()[0];
}

// A program that, if it ever runs, leaves `marker` with its environment in it.
std::string recording_program(const Sandbox& sb, const std::string& marker) {
    return "#!/bin/sh\nenv > " + quote((sb.root() / marker).string()) + "\nexit 1\n";
}

} // namespace

TEST_CASE("untrusted terraform: a provider in the pushed terraform.d/plugins is never run") {
    Sandbox sb;
    sb.seeded(terraform_policy);
    // Built-in providers need no installation: a plain push of an untrusted pusher passes.
    sb.write("work/infra/main.tf", resource("a"));
    auto plain = sb.sh("git add -A && git commit -qm a && git push origin HEAD:refs/heads/try",
                       mallory, "work");
    CHECK(plain.gate() == Lines{"slipway: push accepted — 1 ref update checked"});

    const std::string plugin = "work/infra/terraform.d/plugins/example.com/evil/pwn/1.0.0/"
                               "linux_amd64/terraform-provider-pwn_v1.0.0";
    sb.write(plugin, recording_program(sb, "pwned"));
    sb.ok("chmod +x " + quote(plugin));
    sb.write("work/infra/pwn.tf", "terraform {\n"
                                  "  required_providers {\n"
                                  "    pwn = {\n"
                                  "      source  = \"example.com/evil/pwn\"\n"
                                  "      version = \"1.0.0\"\n"
                                  "    }\n"
                                  "  }\n"
                                  "}\n");
    auto run = sb.sh("git add -A && git commit -qm pwn && git push origin HEAD:refs/heads/try",
                     mallory, "work");
    CHECK(run.exit_code != 0);
    auto gate = run.gate();
    INFO(run.output);
    REQUIRE(gate.size() == 3);
    CHECK(gate[0] == "slipway: push rejected — 1 problem");
    CHECK(gate[1].starts_with("  refs/heads/try: infra: error: Failed to query available provider "
                              "packages: "));
    CHECK(gate[1].find("example.com/evil/pwn") != std::string::npos);
    CHECK(gate[1].ends_with("[terraform-validate]"));
    CHECK(sb.sh("test -e pwned").exit_code != 0);

    const auto entry = newest_rejected(sb);
    CHECK(entry.at("pusher").as_string() == "mallory");
    CHECK(entry.at("findings").as_array()[0].at("rule").as_string() == "terraform-validate");
}

TEST_CASE("untrusted terraform: a syntax error in the pusher's file is their finding, at its "
          "place") {
    Sandbox sb;
    sb.seeded(terraform_policy);
    sb.write("work/infra/main.tf", resource("a"));
    sb.write("work/infra/queue.tf", "resource \"terraform_data\" \"q\" {\n"
                                    "  input = \"q\"\n"
                                    "  oops  = \"unclosed\n"
                                    "}\n");
    auto run = sb.sh("git add -A && git commit -qm typo && git push origin HEAD:refs/heads/try",
                     mallory, "work");
    CHECK(run.exit_code != 0);
    const std::string multi_line =
        "error: Invalid multi-line string: Quoted strings may not be split over multiple lines. "
        "To produce a multi-line string, either use the \\n escape to represent a newline "
        "character or use the \"heredoc\" multi-line template syntax. [terraform-validate]";
    INFO(run.output);
    CHECK(run.gate() ==
          Lines{"slipway: push rejected — 3 problems",
                "  refs/heads/try: infra/queue.tf:3:20: " + multi_line,
                "  refs/heads/try: infra/queue.tf:4:2: " + multi_line,
                "  refs/heads/try: infra/queue.tf:3:20: error: Unterminated template string: No "
                "closing marker was found for the string. [terraform-validate]",
                file_hint});
    CHECK(!run.has("could not check it"));
    CHECK(newest_rejected(sb).at("findings").as_array()[0].at("path").as_string() ==
          "infra/queue.tf");

    // Fixed, the same push passes.
    sb.write("work/infra/queue.tf", resource("q"));
    auto fixed =
        sb.sh("git commit -qam fixed && git push origin HEAD:refs/heads/try", mallory, "work");
    CHECK(fixed.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("trusted terraform: a plan that destroys where allow_destroy is false is refused at "
          "push time") {
    Sandbox sb;
    sb.seeded(terraform_policy);
    sb.write("work/infra/main.tf", resource("a") + "\n" + resource("b"));
    sb.ok("git add -A && git commit -qm 'a and b' && git push -q origin master 2>/dev/null", alice,
          "work");
    REQUIRE(rev(sb, "refs/slipway/deployed/ops", "server.git") == rev(sb, "HEAD"));

    sb.write("work/infra/main.tf", resource("a"));
    auto refused = sb.sh("git commit -qam 'drop b' && git push origin master", alice, "work");
    CHECK(refused.exit_code != 0);
    CHECK(refused.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: infra: error: the plan destroys 1 resource "
                "(terraform_data.b) and ops does not allow destroys (allow_destroy: false), so "
                "its deploy would apply nothing; keep what it destroys, or ask an admin "
                "[terraform-destroy]",
                file_hint});
    CHECK(newest_rejected(sb).at("findings").as_array()[0].at("rule").as_string() ==
          "terraform-destroy");

    // Where destroys are allowed, the same commit goes through.
    auto lab = sb.sh("git push origin master:lab", alice, "work");
    CHECK(lab.exit_code == 0);
    CHECK(in_order(lab.remote(), {"slipway: push accepted — 1 ref update checked"}));
}

TEST_CASE("kustomize: a file:// base and a path out of the repository are refused, never "
          "rendered") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    // Another repository on the server, with a secret.
    sb.ok("git init -q other && cd other && mkdir k && printf 'resources: [cm.yaml]\\n' > "
          "k/kustomization.yaml && printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  "
          "name: stolen\\n  labels: {app: x}\\ndata:\\n  token: other-repo-secret\\n' > k/cm.yaml "
          "&& git add -A && "
          "git commit -qm s && cd .. && git clone -q --bare other other.git");
    sb.ok("mkdir -p outside && cp other/k/* outside/");

    const std::string file_url = "file://" + (sb.root() / "other.git").string() + "//k";
    auto by_url = commit_and_push(sb, "services/evil/kustomization.yaml",
                                  "resources:\n  - " + file_url + "\n");
    CHECK(by_url.exit_code != 0);
    CHECK(by_url.gate() == Lines{"slipway: push rejected — 1 problem",
                                 "  refs/heads/master: services/evil/kustomization.yaml:2:5: "
                                 "error: resources entry \"" +
                                     file_url +
                                     "\" is a file:// URL; a kustomization may only read files "
                                     "and directories inside the repository [kustomize]",
                                 file_hint});
    CHECK(!by_url.has("other-repo-secret"));

    auto by_path = commit_and_push(sb, "services/evil/kustomization.yaml",
                                   "namePrefix: x-\nresources:\n  - ../../../outside\n");
    CHECK(by_path.exit_code != 0);
    CHECK(by_path.gate() ==
          Lines{"slipway: push rejected — 1 problem",
                "  refs/heads/master: services/evil/kustomization.yaml:3:5: error: resources "
                "entry \"../../../outside\" leads outside the repository; a kustomization may "
                "only read files and directories inside it [kustomize]",
                file_hint});
    CHECK(sb.sh("git rev-parse -q --verify refs/slipway/rendered/preprod", {}, "server.git")
              .exit_code != 0);
    const auto entry = newest_rejected(sb);
    CHECK(entry.at("findings").as_array()[0].at("rule").as_string() == "kustomize");
    CHECK(entry.at("findings").as_array()[0].at("line").as_int() == 3);

    // Inside the repository, the same kustomization renders and deploys.
    sb.ok("cp -R outside work/services/evil/inside");
    auto inside = commit_and_push(sb, "services/evil/kustomization.yaml",
                                  "namePrefix: x-\nresources:\n  - inside\n");
    CHECK(inside.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}

TEST_CASE("deploys render nothing from outside the checkout, even when the gate judges no "
          "manifests") {
    Sandbox sb;
    // Render mode, no manifests: section: the gate does not look at kustomizations.
    sb.seeded(R"(version: 1
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - kubernetes: {paths: [services]}
)");
    sb.ok("mkdir -p outside && printf 'resources: [cm.yaml]\\n' > outside/kustomization.yaml && "
          "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: stolen\\ndata:\\n  "
          "token: server-dir-secret\\n' > outside/cm.yaml");
    const std::string absolute = (sb.root() / "outside").string();
    auto run = commit_and_push(sb, "services/evil/kustomization.yaml",
                               "resources:\n  - " + absolute + "\n");
    CHECK(run.exit_code == 0); // the gate let it in; the deploy refuses it
    const auto lines = timeless(run.remote());
    REQUIRE(!lines.empty());
    CHECK(lines.back().find("services/evil/kustomization.yaml:2:5: error: resources entry \"" +
                            absolute +
                            "\" is an absolute path; a kustomization may only read files and "
                            "directories inside the repository [kustomize]") != std::string::npos);
    CHECK(!run.has("server-dir-secret"));
    auto rendered = sb.sh("git log -p refs/slipway/rendered/preprod", {}, "server.git");
    CHECK(rendered.output.find("server-dir-secret") == std::string::npos);
}

TEST_CASE("kustomize: a remote base gets none of the server's credentials") {
    Sandbox sb;
    // A git server on loopback that asks for credentials and records what it is sent.
    sb.write("httpd.py", R"(import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def record(self):
        with open(sys.argv[1], 'a') as f:
            f.write(self.command + ' ' + self.path + ' auth=' +
                    str(self.headers.get('Authorization')) + '\n')
        self.send_response(401)
        self.send_header('WWW-Authenticate', 'Basic realm="private"')
        self.send_header('Content-Length', '0')
        self.end_headers()
    do_GET = record
    do_POST = record
    def log_message(self, *args):
        pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
with open(sys.argv[2] + '.tmp', 'w') as f:
    f.write(str(s.server_port))
import os
os.rename(sys.argv[2] + '.tmp', sys.argv[2])
s.serve_forever()
)");
    sb.ok("(/usr/bin/python3 httpd.py requests.log port >/dev/null 2>&1 & echo $! > httpd.pid)");
    struct Stop {
        const Sandbox& sb;
        ~Stop() { sb.sh("kill $(cat httpd.pid)"); }
    } stop{sb};
    REQUIRE(eventually([&] { return sb.sh("test -s port").exit_code == 0; }));
    std::string port = sb.ok("cat port");
    port.erase(port.find_last_not_of('\n') + 1);
    const std::string base = "http://127.0.0.1:" + port + "/private.git//k";

    // The server user's credential helper would answer for that host.
    sb.write("home/.gitconfig", "[credential]\n\thelper = \"!f() { echo username=deploy; echo "
                                "password=s3cr3t-token; }; f\"\n");

    // Only bases under private.git are allowed.
    sb.seeded(manifest_policy("  kustomize: {remote: [\"http://127.0.0.1:" + port +
                              "/private.git\"]}\n"));
    const std::string other = "http://127.0.0.1:" + port + "/other.git//k";
    auto refused = commit_and_push(sb, "services/remote/kustomization.yaml",
                                   "resources:\n  - " + other + "\n");
    CHECK(refused.exit_code != 0);
    CHECK(refused.gate() == Lines{"slipway: push rejected — 1 problem",
                                  "  refs/heads/master: services/remote/kustomization.yaml:2:5: "
                                  "error: resources entry \"" +
                                      other +
                                      "\" is a remote base, and the policy does not allow it "
                                      "(manifests.kustomize.remote); vendor it into the "
                                      "repository [kustomize]",
                                  file_hint});
    CHECK(sb.sh("test -e requests.log").exit_code != 0); // refused before any request
    CHECK(newest_rejected(sb).at("findings").as_array()[0].at("rule").as_string() == "kustomize");

    // Allowed: fetched, but without the server user's credentials, so it does not render.
    auto fetched =
        commit_and_push(sb, "services/remote/kustomization.yaml", "resources:\n  - " + base + "\n");
    CHECK(fetched.exit_code != 0);
    auto gate = fetched.gate();
    INFO(fetched.output);
    REQUIRE(gate.size() == 3);
    CHECK(gate[1].starts_with("  refs/heads/master: services/remote/kustomization.yaml: error: "
                              "cannot render this kustomization: kubectl kustomize exited with "
                              "status 1: "));
    const std::string requests = sb.ok("cat requests.log");
    CHECK(requests.find("/private.git/") != std::string::npos); // it was asked for
    CHECK(requests.find("auth=None") != std::string::npos);
    CHECK(requests.find("Basic") == std::string::npos); // and no credential came with it
    CHECK(!fetched.has("s3cr3t-token"));
}

TEST_CASE("slipway check in a clone never runs the program its slipway.yaml names") {
    Sandbox sb;
    sb.seeded();
    sb.write("work/services/shop/kustomization.yaml", "resources: [deployment.yaml]\n");
    sb.write("work/services/shop/deployment.yaml", deployment("shop"));
    sb.write("work/tools/kubectl", recording_program(sb, "ran-clone-kubectl"));
    sb.write("work/slipway.yaml", "version: 1\nmanifests:\n  kustomize:\n"
                                  "    kubectl: ./tools/kubectl\n");
    sb.ok("chmod +x work/tools/kubectl");
    auto run = sb.sh("slipway check services", alice, "work");
    INFO(run.output);
    CHECK(run.has("slipway check: warning: ignoring manifests.kustomize.kubectl "
                  "(\"./tools/kubectl\") of slipway.yaml: a clone's policy names no program to "
                  "run; kubectl comes from PATH\n"));
    CHECK(sb.sh("test -e ran-clone-kubectl").exit_code != 0);

    // The developer's own policy, outside the clone, may name one.
    // (unconfined, so that its marker lands where the test looks).
    sb.write("mine.yaml", "version: 1\nsandbox: off\nmanifests:\n  kustomize:\n    kubectl: " +
                              (sb.root() / "work/tools/kubectl").string() + "\n");
    auto own = sb.sh("slipway check --policy ../mine.yaml services", alice, "work");
    INFO(own.output);
    CHECK(!own.has("warning: ignoring"));
    CHECK(sb.sh("test -e ran-clone-kubectl").exit_code == 0);
}

TEST_CASE("kubectl kustomize at push time sees none of the server's environment or files") {
    Sandbox sb;
    // The admin's kubectl says what it sees, then fails: its words become the finding.
    sb.write("kubectl-env", "#!/bin/sh\necho \"error: $(env | sort | tr '\\n' ' ')" +
                                std::string(" secret-dir=$(ls ") + quote(sb.root().string()) +
                                " 2>&1 | tr '\\n' ,) repo=$(ls -A " +
                                quote((sb.root() / "server.git").string()) +
                                " 2>&1 | tr '\\n' ,)\" >&2\nexit 1\n");
    sb.ok("chmod +x kubectl-env");
    sb.seeded(
        manifest_policy("  kustomize: {kubectl: " + (sb.root() / "kubectl-env").string() + "}\n"));
    sb.write("work/services/shop/kustomization.yaml", "resources: []\n");
    auto run = sb.sh("git add -A && git commit -qm k && git push origin master", mallory, "work");
    CHECK(run.exit_code != 0);
    auto gate = run.gate();
    INFO(run.output);
    REQUIRE(gate.size() == 3);
    CHECK(gate[1].find("HOME=/tmp/home ") != std::string::npos);
    CHECK(gate[1].find("KUBECONFIG=/dev/null ") != std::string::npos);
    CHECK(gate[1].find("s3cr3t") == std::string::npos);
    CHECK(gate[1].find("GL_USERNAME") == std::string::npos);
    // Of the server's files it sees only the program itself and the checkout: no HOME, no
    // clone, and of the repository only the empty directories down to the checkout.
    CHECK(gate[1].find(" secret-dir=kubectl-env,server.git, repo=slipway,;") != std::string::npos);
}

TEST_CASE("a sandbox that cannot start refuses the push as the server's fault, and sandbox: off "
          "is the admin's opt-out") {
    Sandbox sb;
    sb.seeded(terraform_policy);
    sb.write("work/infra/main.tf", resource("a"));
    auto env = mallory;
    env["SLIPWAY_BWRAP"] = (sb.root() / "no-bwrap").string();
    auto refused =
        sb.sh("git add -A && git commit -qm a && git push origin HEAD:refs/heads/try", env, "work");
    CHECK(refused.exit_code != 0);
    CHECK(refused.gate() ==
          Lines{"slipway: push rejected — the server could not check it",
                "  error: the sandbox cannot start: $SLIPWAY_BWRAP (" +
                    (sb.root() / "no-bwrap").string() +
                    ") is not an executable file; an admin can install bubblewrap, or set "
                    "`sandbox: off` in the policy",
                "hint: this is a problem on the server, not in your push; tell the repository's "
                "admin"});
    CHECK(newest_rejected(sb).at("pusher").as_string() == "mallory");

    sb.write("policy-off.yaml", terraform_policy + "sandbox: off\n");
    sb.ok("cp policy-off.yaml server.git/slipway.yaml");
    auto off = sb.sh("git push origin HEAD:refs/heads/try", env, "work");
    CHECK(off.gate() == Lines{"slipway: push accepted — 1 ref update checked"});
}
