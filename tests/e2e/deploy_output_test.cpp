// E2E: a deploy's output is bounded where it is kept (issue "nothing lost, nothing doubled",
// item 6): the log file gets every line, the ledger stores at most the deploy's cap
// (`limits.deploy_output_bytes`), compressed, with a marker where it was cut, and post-receive's
// memory stays bounded however much a target writes.
#include "ledger/ledger.hpp"
#include "support/deploys.hpp"
#include "util/state_paths.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

using namespace slipway;
using namespace slipway::e2e;
namespace fs = std::filesystem;

// The bound on post-receive's peak memory for 100 MB of output (the issue's target: 64 MB).
// Under AddressSanitizer (the second run of .ci/run) freed memory waits in ASan's quarantine
// (256 MB by default) and every allocation is padded (475 MB measured): there the bound is
// 1 GB, against runaway growth only. The 64 MB target is asserted by the normal build, which
// install/test.sh runs.
#if defined(__SANITIZE_ADDRESS__)
constexpr long long rss_bound_kib = 1024 * 1024;
#else
constexpr long long rss_bound_kib = 64 * 1024;
#endif

namespace {

// master deploys preprod with one target per command of `commands`, each `sh -c <it>`; `limits`
// is the policy's `limits:` section (indented), or empty.
std::string policy(const std::vector<std::string>& commands, const std::string& limits = "") {
    std::string out = "version: 1\nenvironments:\n  - name: preprod\n    refs: refs/heads/master\n"
                      "    targets:\n";
    for (const auto& c : commands)
        out += "      - command: {run: [sh, -c, " + quote(c) + "]}\n";
    if (!limits.empty())
        out += "limits:\n" + limits;
    return out;
}

// Wraps server.git's post-receive in `prefix` (a command that runs the real hook).
void wrap_post_receive(const Sandbox& sb, const std::string& prefix) {
    sb.ok("cd server.git/hooks && sed -i 's|^exec |exec " + prefix +
          " |' post-receive && grep -q '^exec " + prefix + " ' post-receive");
}

// Bytes of the ledger's files (the database and its write-ahead log, when there is one).
std::uintmax_t ledger_bytes(const Sandbox& sb) {
    const auto file = util::StateDir::for_repository(sb.root() / "server.git").ledger_file();
    std::uintmax_t total = 0;
    for (const auto& f : {file, fs::path(file.string() + "-wal")})
        if (fs::exists(f))
            total += fs::file_size(f);
    return total;
}

// Bytes the ledger stores of the outputs of deploy end record `id`, compressed.
std::int64_t stored_output_bytes(const Sandbox& sb, std::int64_t id) {
    auto l = ledger::Ledger::open(
        util::StateDir::for_repository(sb.root() / "server.git").ledger_file(), util::Create::no);
    REQUIRE(l);
    auto row = l->database().first_row(
        "SELECT sum(length(output)) FROM targets WHERE record_id = " + std::to_string(id));
    REQUIRE(row);
    REQUIRE(*row);
    return (**row).int64(0);
}

// The last non-empty line of `path` (what time(1) -f %M wrote: the peak RSS in KiB).
std::string last_line(const fs::path& path) {
    std::ifstream in(path);
    std::string last;
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            last = line;
    return last;
}

// What `slipway show` printed as the output of the target named `name`: the lines after its
// "--- output of <name> ..." header, up to the next header.
std::vector<std::string> shown_output(const std::string& shown, const std::string& name) {
    std::vector<std::string> lines;
    const std::string header = "--- output of " + name + " (";
    auto at = shown.find(header);
    REQUIRE(at != std::string::npos);
    at = shown.find('\n', at) + 1;
    while (at < shown.size() && shown.compare(at, 14, "--- output of ") != 0) {
        auto nl = shown.find('\n', at);
        lines.push_back(shown.substr(at, nl - at));
        at = nl + 1;
    }
    return lines;
}

// The counts of a marker line "[slipway: output cut here: N more lines (B bytes) are in <log>;
// this deploy's output reached the <cap> bytes the ledger keeps (limits.deploy_output_bytes)]".
struct Marker {
    std::uint64_t lines = 0;
    std::uint64_t bytes = 0;
};
Marker parse_marker(const std::string& line, const std::string& log, std::uint64_t cap) {
    static const std::regex shape(
        R"(\[slipway: output cut here: (\d+) more lines? \((\d+) bytes\) )"
        R"(are in (.*); this deploy's output reached the (\d+) bytes the )"
        R"(ledger keeps \(limits\.deploy_output_bytes\)\])");
    std::smatch m;
    INFO(line);
    REQUIRE(std::regex_match(line, m, shape));
    CHECK(m[3].str() == log);
    CHECK(std::stoull(m[4].str()) == cap);
    return {std::stoull(m[1].str()), std::stoull(m[2].str())};
}

// The one log file of the deploy of `commit` to preprod.
std::string log_file(const Sandbox& sb, const std::string& commit) {
    auto path = sb.ok("ls " + (sb.root() / "server.git/slipway/logs/preprod").string() + "/*-" +
                      commit.substr(0, 7) + ".log");
    return path.substr(0, path.size() - 1);
}

} // namespace

TEST_CASE("a target that writes 100 MB: post-receive stays under 64 MB, the ledger under its cap, "
          "the log gets it all") {
    REQUIRE(fs::exists("/usr/bin/time")); // install/deps.sh installs it
    Sandbox sb;
    // 100 MB of base64 lines: text that compresses only by a quarter, so the cap is reached
    // (repetitive output would compress into it whole).
    const auto big = (sb.root() / "big.txt").string();
    sb.ok("head -c 75000000 /dev/urandom | base64 -w 76 > " + quote(big));
    const std::string command = "cat " + big;
    sb.seeded(policy({command}));
    const auto rss = sb.root() / "post-receive.rss";
    wrap_post_receive(sb, "/usr/bin/time -f %M -o " + rss.string());
    const auto before = ledger_bytes(sb);

    // The pusher gets 100 MB of remote: lines too; they go to a file, not into this test.
    sb.ok("git commit -q --allow-empty -m big && git push origin master > ../push.out 2>&1",
          {{"GL_USERNAME", "alice"}}, "work");
    const auto head = rev(sb, "HEAD");
    CHECK(sb.ok("grep -c '^remote: \\[preprod\\] deployed ' push.out") == "1\n");

    const std::string kilobytes = last_line(rss);
    INFO("peak RSS of post-receive: " << kilobytes << " KiB");
    REQUIRE(!kilobytes.empty());
    CHECK(std::stoll(kilobytes) <= rss_bound_kib);

    const std::uint64_t cap = 8 << 20;
    const auto grown = ledger_bytes(sb) - before;
    INFO("the ledger grew by " << grown << " bytes");
    CHECK(grown < cap + 256 * 1024);
    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 1);
    REQUIRE(deploys[0].end_meta);
    CHECK(stored_output_bytes(sb, deploys[0].end_meta->id) <= static_cast<std::int64_t>(cap));

    // The log has every line, between the target's first line and the summary.
    const auto log = log_file(sb, head);
    CHECK(sb.sh("sed -e '1d' -e '$d' -e 's/^\\[preprod\\] //' " + quote(log) +
                " | grep -v '^still running: ' | cmp - " + quote(big))
              .exit_code == 0);
    const auto total = std::stoull(sb.ok("wc -l < " + quote(big)));

    // `slipway show` prints what was kept, then the marker: kept and cut add up to every line.
    auto shown = sb.ok("slipway show server.git " + std::to_string(deploys[0].start_meta.id) +
                       " > shown.txt && echo ok");
    REQUIRE(shown == "ok\n");
    std::ifstream in(sb.root() / "shown.txt");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto lines = shown_output(text, "command sh -c " + command);
    REQUIRE(lines.size() > 2);
    CHECK(lines.front() == "command sh -c " + command);
    const Marker marker = parse_marker(lines.back(), log, cap);
    const std::uint64_t kept = lines.size() - 2; // less the command line and the marker
    const auto heartbeats =
        std::stoull(sb.ok("grep -c 'still running' " + quote(log) + " || true"));
    CHECK(kept + marker.lines == total + heartbeats);
    // What was kept is more than the cap before compression: it was compressed as it came.
    CHECK(kept * 77 > cap);
    CHECK(sb.sh("slipway audit verify server.git").exit_code == 0);
}

TEST_CASE("a 64 KiB cap is the whole deploy's: a small target keeps all, a big one is cut at "
          "the marker, the next keeps only its marker, the pusher and the log see everything") {
    Sandbox sb;
    const auto lines_file = (sb.root() / "lines.txt").string();
    // 4000 lines of 64 hex digits: about 130 kB compressed.
    sb.ok("i=0; while [ $i -lt 4000 ]; do echo $i | sha256sum | cut -c1-64; i=$((i+1)); done > " +
          quote(lines_file));
    const std::string first = "cat " + lines_file;
    const std::string second = "echo second target; echo still here";
    sb.seeded(policy({"echo small", first, second}, "  deploy_output_bytes: 65536\n"));

    // git pads remote: lines with blanks; push.out has them stripped.
    auto run = sb.sh("git commit -q --allow-empty -m big && git push origin master > ../push.raw "
                     "2>&1 && sed 's/ *$//' ../push.raw > ../push.out",
                     {{"GL_USERNAME", "alice"}}, "work");
    REQUIRE(run.exit_code == 0);
    const auto head = rev(sb, "HEAD");
    CHECK(sb.ok("grep -c '^remote: \\[preprod\\] [0-9a-f]\\{64\\}$' push.out") == "4000\n");
    CHECK(sb.ok("grep -A1 '^remote: \\[preprod\\] second target$' push.out") ==
          "remote: [preprod] second target\nremote: [preprod] still here\n");

    auto deploys = recorded_deploys(sb.root() / "server.git");
    REQUIRE(deploys.size() == 1);
    REQUIRE(deploys[0].end);
    CHECK(deploys[0].state() == "success");
    const auto& targets = deploys[0].end->targets;
    REQUIRE(targets.size() == 3);
    const auto log = log_file(sb, head);
    // Under the cap, a target keeps all it wrote, with no marker.
    CHECK(targets[0].output == "command sh -c echo small\nsmall\n");
    // The big one is cut: a prefix of whole lines, then the marker with what is missing.
    const std::string kept = targets[1].output;
    const auto marker_at = kept.find("[slipway: output cut here: ");
    REQUIRE(marker_at != std::string::npos);
    CHECK(kept.back() == '\n');
    const Marker cut =
        parse_marker(kept.substr(marker_at, kept.size() - marker_at - 1), log, 65536);
    const std::string lines = kept.substr(0, marker_at);
    std::ifstream in(lines_file);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string command_line = "command sh -c " + first + "\n";
    REQUIRE(lines.starts_with(command_line));
    CHECK(all.starts_with(lines.substr(command_line.size())));
    CHECK((lines.size() - command_line.size()) % 65 == 0);
    CHECK(cut.lines == 4000 - (lines.size() - command_line.size()) / 65);
    CHECK(cut.bytes == cut.lines * 65);
    // The next, after the cap was spent, keeps only its marker: 3 lines, 75 bytes.
    CHECK(targets[2].output == "[slipway: output cut here: 3 more lines (75 bytes) are in " + log +
                                   "; this deploy's output reached the 65536 bytes the ledger "
                                   "keeps (limits.deploy_output_bytes)]\n");
    // Stored: the cap, and for the target past it its marker alone.
    CHECK(stored_output_bytes(sb, deploys[0].end_meta->id) < 65536 + 256);

    auto shown = sb.ok("slipway show server.git " + std::to_string(deploys[0].start_meta.id));
    CHECK(shown.find("more lines (75 bytes) are in " + log) != std::string::npos);
    CHECK(sb.ok("grep -c '^\\[preprod\\] ' " + quote(log)) == std::to_string(4000 + 7) + "\n");
}
