// E2E: the status pages after real pushes (a deploy that succeeds, one that fails, a rejected
// push with a hostile ref name), read in headless Chromium as a person would see them; `slipway
// serve` over loopback; `slipway metrics` parsed as Prometheus text.
#include "support/sandbox.hpp"
#include "support/server_process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

using namespace slipway::e2e;
namespace fs = std::filesystem;

namespace {

// preprod deploys master and succeeds; prod takes what preprod runs (promote_from) from the
// prod branch and fails, printing markup; branch names are checked, so a branch named like a
// script element is refused.
const std::string policy = R"(version: 1
refs:
  - match: refs/heads/*
    branch_name: '^(master|prod|feature/[a-z0-9-]+)$'
environments:
  - name: preprod
    refs: refs/heads/master
    targets:
      - command: {run: [sh, -c, "echo deployed $SLIPWAY_COMMIT"]}
  - name: prod
    refs: refs/heads/prod
    promote_from: preprod
    targets:
      - command: {run: [sh, -c, "echo '<b>doomed</b>'; exit 3"]}
)";

const std::string hostile_branch = "<script>alert(1)</script>";

void scene(Sandbox& sb) {
    sb.seeded(policy);
    sb.ok("git commit -q --allow-empty -m 'cart: 3 replicas' && git push -q origin master "
          "2>&1 && git push -q origin master:prod 2>&1",
          {{"GL_USERNAME", "alice"}}, "work");
    auto rejected = sb.sh("git push origin " + quote("HEAD:refs/heads/" + hostile_branch),
                          {{"GL_USERNAME", "mallory"}}, "work");
    REQUIRE(rejected.exit_code != 0);
    REQUIRE(rejected.has("[branch-name]"));
}

// Why Chromium cannot render here, or "" when it can.
std::string chromium_missing(Sandbox& sb) {
    auto found = find_program("chromium");
    if (!found)
        return "the status page tests: chromium is not installed (install/deps.sh installs "
               "chromium)";
    auto run = sb.sh("timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom "
                     "about:blank 2>&1");
    if (run.exit_code != 0 || !run.has("<body>"))
        return "the status page tests: chromium cannot run headless here: " +
               run.output.substr(0, 300);
    return "";
}

// The DOM Chromium builds from `page`, serialized.
std::string rendered(Sandbox& sb, const fs::path& page) {
    return sb.ok("timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom " +
                 quote("file://" + page.string()) + " 2>/dev/null");
}

std::string artifact_dir() {
    const fs::path dir = fs::path(SLIPWAY_ARTIFACT_DIR);
    fs::create_directories(dir);
    return dir.string();
}

} // namespace

TEST_CASE("the status page in headless Chromium shows environments, a failed deploy and the "
          "rejected push") {
    Sandbox sb;
    SLIPWAY_SKIP_IF(chromium_missing(sb));
    scene(sb);
    const fs::path www = sb.root() / "server.git" / "slipway" / "www";
    REQUIRE(fs::exists(www / "index.html"));
    const auto dom = rendered(sb, www / "index.html");
    const auto head = sb.ok("git -C work rev-parse --short=7 HEAD").substr(0, 7);

    // The environment rows: preprod runs the commit; prod's last attempt failed.
    CHECK(dom.find("<tr class=\"environment\" data-environment=\"preprod\"><th>preprod</th><td>"
                   "<a href=\"deploy-") != std::string::npos);
    CHECK(dom.find(">" + head + "</a></td><td>-</td>") != std::string::npos);
    CHECK(dom.find("<td class=\"success\">success (<a href=\"deploy-") != std::string::npos);
    CHECK(dom.find("<tr class=\"environment\" data-environment=\"prod\"><th>prod</th><td>-</td>") !=
          std::string::npos);
    CHECK(dom.find("<td class=\"failure\">failure (" + head + ")") != std::string::npos);
    CHECK(dom.find("prod: promoted from preprod") != std::string::npos);
    // The rejected push, its finding, the hostile ref as text: no script element was made.
    CHECK(dom.find("by mallory") != std::string::npos);
    CHECK(dom.find("refs/heads/&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(dom.find("[branch-name]") != std::string::npos);
    CHECK(dom.find("<script") == std::string::npos);

    // The failed deploy's own page, with its output as text.
    std::string failed;
    for (const auto& entry : fs::directory_iterator(www))
        if (entry.path().filename().string().starts_with("deploy-") &&
            read_text(entry.path()).find("to prod</h1>") != std::string::npos)
            failed = entry.path().string();
    REQUIRE_FALSE(failed.empty());
    const auto deploy_dom = rendered(sb, failed);
    CHECK(deploy_dom.find("<span class=\"failure\">failure</span>") != std::string::npos);
    CHECK(deploy_dom.find("\n&lt;b&gt;doomed&lt;/b&gt;\n</pre>") != std::string::npos);
    CHECK(deploy_dom.find("<b>") == std::string::npos);

    // An operator's freeze shows at once: `slipway freeze` regenerates the pages.
    sb.ok("slipway freeze server.git prod --reason " + quote("year-end <freeze>"));
    const auto frozen = rendered(sb, www / "index.html");
    CHECK(frozen.find("<td class=\"frozen\">frozen</td></tr>") != std::string::npos);
    CHECK(frozen.find("prod: FROZEN by ") != std::string::npos);
    CHECK(frozen.find("year-end &lt;freeze&gt;</li>") != std::string::npos);

    // A screenshot for people to look at, kept with the build.
    const std::string shot = artifact_dir() + "/status-page.png";
    fs::remove(shot);
    sb.ok("timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
          "--window-size=1280,1400 --screenshot=" +
          quote(shot) + " " + quote("file://" + (www / "index.html").string()) + " 2>/dev/null");
    REQUIRE(fs::exists(shot));
    CHECK(fs::file_size(shot) > 1000);
    // And the same on a phone's width.
    const std::string phone = artifact_dir() + "/status-page-phone.png";
    sb.ok("timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
          "--window-size=390,1600 --screenshot=" +
          quote(phone) + " " + quote("file://" + (www / "index.html").string()) + " 2>/dev/null");
    CHECK(fs::exists(phone));
    // And printed: Chromium's print to PDF of the same page.
    const std::string pdf = artifact_dir() + "/status-page.pdf";
    sb.ok("timeout 120 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer "
          "--print-to-pdf=" +
          quote(pdf) + " " + quote("file://" + (www / "index.html").string()) + " 2>/dev/null");
    CHECK(read_text(pdf).starts_with("%PDF-"));
}

TEST_CASE("slipway page regenerates the pages by hand and replaces the old ones") {
    Sandbox sb;
    scene(sb);
    const fs::path www = sb.root() / "server.git" / "slipway" / "www";
    write_text(www / "stale.html", "old");
    auto out = sb.ok("slipway page server.git");
    CHECK(out.starts_with("wrote "));
    CHECK(out.find(" pages to " + www.string()) != std::string::npos);
    CHECK(fs::exists(www / "index.html"));
    CHECK_FALSE(fs::exists(www / "stale.html"));
    // Nothing is left beside it from the swap.
    for (const auto& entry : fs::directory_iterator(sb.root() / "server.git" / "slipway"))
        CHECK_FALSE(entry.path().filename().string().starts_with("www.new-"));
}

TEST_CASE("without a policy the pages say why, and the pusher sees only the verdict") {
    Sandbox sb;
    sb.seeded(policy);
    fs::remove(sb.root() / "server.git" / "slipway.yaml");
    auto run = sb.sh("git commit -q --allow-empty -m next && git push origin master",
                     {{"GL_USERNAME", "alice"}}, "work");
    CHECK(run.exit_code != 0);
    const auto lines = run.remote();
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0] == "slipway: push rejected — the server could not check it");
    CHECK_FALSE(run.has("status page"));
    const auto index = read_text(sb.root() / "server.git" / "slipway" / "www" / "index.html");
    CHECK(index.find("The policy cannot be read, so every push is refused") != std::string::npos);
    // The rejected push is listed with why.
    CHECK(index.find(" by alice at ") != std::string::npos);
    CHECK(index.find("slipway.yaml: No such file or directory)</p>") != std::string::npos);
}

TEST_CASE("slipway serve answers GET of the pages over loopback and nothing outside them") {
    Sandbox sb;
    scene(sb);
    sb.ok("git init -q --bare -b master other.git && slipway install other.git >/dev/null && "
          "slipway page other.git >/dev/null");
    ServerProcess server;
    int port = 0;
    for (int attempt = 0; attempt < 20 && port == 0; ++attempt) {
        const int candidate = 25000 + static_cast<int>((::getpid() + attempt * 37) % 1000);
        server =
            ServerProcess({Sandbox::bin("slipway"), "serve", (sb.root() / "server.git").string(),
                           (sb.root() / "other.git").string(), "--listen",
                           "127.0.0.1:" + std::to_string(candidate)},
                          server_env(sb.root() / "home"), sb.root() / "serve.log");
        // Ready once it listens; gone when the port was taken.
        for (int i = 0; i < 500; ++i) {
            if (server.listening_on(candidate)) {
                port = candidate;
                break;
            }
            if (!server.running())
                break;
            ::usleep(10'000);
        }
    }
    REQUIRE(port != 0);
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    auto curl = [&](const std::string& args) {
        return trimmed(sb.ok("curl -s --path-as-is -o /dev/null -w '%{http_code}' " + args));
    };
    CHECK(curl(base + "/") == "200");
    CHECK(sb.ok("curl -s " + base + "/").find("<a href=\"other.git/\">other.git</a>") !=
          std::string::npos);
    CHECK(curl(base + "/server.git/") == "200");
    CHECK(sb.ok("curl -s " + base + "/server.git/").find("data-environment=\"prod\"") !=
          std::string::npos);
    CHECK(curl(base + "/server.git") == "301");
    CHECK(curl(base + "/other.git/index.html") == "200");
    for (const std::string bad :
         {"/server.git/../../../../etc/passwd", "/server.git/%2e%2e/%2e%2e/etc/passwd",
          "/server.git/..%2f..%2fslipway.yaml", "/../server.git/slipway.yaml", "/server.git/.",
          "/server.git/nothing.html", "/nobody.git/"}) {
        INFO(bad);
        CHECK(curl(quote(base + bad)) == "404");
    }
    CHECK(curl("-X POST " + base + "/server.git/") == "405");
    CHECK(curl("-X DELETE " + base + "/server.git/index.html") == "405");
    CHECK(sb.ok("curl -s -D - -o /dev/null " + base + "/server.git/")
              .find("Content-Security-Policy: default-src 'none'") != std::string::npos);
    server.stop();
}

TEST_CASE("slipway metrics on a real ledger parses as Prometheus text") {
    Sandbox sb;
    scene(sb);
    const auto text = sb.ok("slipway metrics server.git");
    const std::string repo = (sb.root() / "server.git").string();
    CHECK(text.find("slipway_pushes_total{repository=\"" + repo + "\",verdict=\"rejected\"} 1\n") !=
          std::string::npos);
    CHECK(text.find("slipway_push_rule_total{repository=\"" + repo +
                    "\",verdict=\"rejected\",rule=\"branch-name\"} 1\n") != std::string::npos);
    CHECK(text.find("slipway_deploys_total{repository=\"" + repo +
                    "\",environment=\"prod\",result=\"failure\"} 1\n") != std::string::npos);
    CHECK(text.find("slipway_deploys_total{repository=\"" + repo +
                    "\",environment=\"preprod\",result=\"success\"} 1\n") != std::string::npos);
    CHECK(text.find("slipway_environment_frozen{repository=\"" + repo +
                    "\",environment=\"prod\"} 0\n") != std::string::npos);
    CHECK(text.find("slipway_last_successful_deploy_timestamp_seconds{repository=\"" + repo +
                    "\",environment=\"preprod\"} ") != std::string::npos);
    // The Prometheus project's own parser reads it (Debian's python3-prometheus-client, for
    // Debian's python3: another python3 may come first on PATH), when present.
    if (sb.sh("/usr/bin/python3 -c 'import prometheus_client'").exit_code == 0) {
        sb.write("metrics.prom", text);
        const auto parsed =
            sb.ok("/usr/bin/python3 -c 'import sys\nfrom prometheus_client.parser import "
                  "text_string_to_metric_families as p\nfor f in p(open(sys.argv[1]).read()):\n"
                  "  print(f.name, f.type, len(f.samples))' metrics.prom");
        CHECK(parsed.find("slipway_deploy_duration_seconds histogram ") != std::string::npos);
        CHECK(parsed.find("slipway_environment_frozen gauge 2") != std::string::npos);
        CHECK(parsed.find("slipway_pushes counter 2") != std::string::npos); // named without _total
        CHECK(parsed.find("slipway_push_rule counter 1") != std::string::npos);
    } else {
        WARN("python3-prometheus-client is not installed: the text was not parsed by it");
    }
}
