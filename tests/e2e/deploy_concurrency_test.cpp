// E2E: deploys under concurrent pushes — one environment at a time, several at once, waiting
// pushers told what they wait for, overtaken deploys skipped, a pusher who disconnects.
#include "support/deploys.hpp"
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

using namespace slipway::e2e;
using Lines = std::vector<std::string>;

namespace {

// Every deploy runs deploy.sh from the pushed tree; it notes its start and end in $SANDBOX/trace
// and sleeps as long as the pushed tree's `delay` file says, or, when it says `hold` (or
// `hold:<name>`), until the test creates $SANDBOX/release (or $SANDBOX/<name>).
const std::string policy = R"(version: 1
environments:
  - name: staging
    refs: refs/heads/feature/*
    targets:
      - command: {run: [sh, deploy.sh]}
  - name: preprod
    refs: refs/heads/master
    targets:
      - command: {run: [sh, deploy.sh]}
)";

const std::string deploy_sh =
    "echo \"start $SLIPWAY_ENVIRONMENT $SLIPWAY_COMMIT\" >> \"$SANDBOX/trace\"\n"
    "echo \"deploying $SLIPWAY_COMMIT for $SLIPWAY_PUSHER\"\n"
    "touch \"$SANDBOX/started-$SLIPWAY_COMMIT\"\n"
    "case \"$(cat delay)\" in\n"
    "hold*) f=$(cat delay); f=${f#hold}; f=${f#:}\n"
    "  while [ ! -e \"$SANDBOX/${f:-release}\" ]; do sleep 0.05; done ;;\n"
    "*) sleep \"$(cat delay)\" ;;\n"
    "esac\n"
    "echo finished\n"
    "echo \"end $SLIPWAY_ENVIRONMENT $SLIPWAY_COMMIT\" >> \"$SANDBOX/trace\"\n";

// server.git with `policy`, master holding deploy.sh (pushed before the hooks were installed).
void seed(Sandbox& sb) {
    sb.ok("git init -q --bare -b master server.git && git clone -q server.git work 2>/dev/null");
    sb.write("work/deploy.sh", deploy_sh);
    sb.write("work/delay", "0\n");
    sb.ok("git add -A && git commit -qm 'deploy script' && git push -q origin master 2>/dev/null",
          {}, "work");
    sb.write("policy.yaml", policy);
    sb.ok("slipway install server.git --policy policy.yaml >/dev/null");
}

// Clone `dir` with a commit of its own on `branch` whose deploy sleeps `delay` seconds.
std::string prepare(Sandbox& sb, const std::string& dir, const std::string& branch,
                    const std::string& delay) {
    sb.ok("git clone -q server.git " + dir + " 2>/dev/null && cd " + dir +
          " && git checkout -q -b " + branch + " && echo " + delay +
          " > delay && git commit -qam " + quote("delay " + delay + " on " + branch));
    return rev(sb, "HEAD", dir);
}

// A script line pushing `refspec` from `dir` as `who` in the background: its output goes to
// <dir>.out, its exit code to <dir>.rc. Nothing holds the script's output open meanwhile.
std::string push_in_background(const std::string& dir, const std::string& refspec,
                               const std::string& who) {
    return "(cd " + dir + " && GL_USERNAME=" + who + " git push origin " + refspec + " > ../" +
           dir + ".out 2>&1; echo $? > ../" + dir + ".rc) </dev/null >/dev/null 2>&1 & ";
}

// The trace lines, in order.
Lines trace(const Sandbox& sb) {
    std::istringstream in(sb.ok("cat trace 2>/dev/null || true"));
    Lines out;
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

// True when the deploys of `env` in `lines` never overlap: each start is followed by its end
// before the next start of that environment.
bool serialized(const Lines& lines, const std::string& env) {
    std::string open;
    for (const auto& l : lines) {
        if (l.starts_with("start " + env + " ")) {
            if (!open.empty())
                return false;
            open = l.substr(6 + env.size() + 1);
        } else if (l.starts_with("end " + env + " ")) {
            if (l.substr(4 + env.size() + 1) != open)
                return false;
            open.clear();
        }
    }
    return open.empty();
}

Run output_of(const Sandbox& sb, const std::string& dir) {
    Run r;
    r.output = sb.ok("cat " + dir + ".out");
    r.exit_code = std::stoi(sb.ok("cat " + dir + ".rc"));
    return r;
}

} // namespace

TEST_CASE("concurrent pushes: one deploy per environment at a time, environments in parallel, "
          "the newest commit deployed") {
    Sandbox sb;
    seed(sb);
    // Each deploy holds until the test releases its environment, which it does once a staging
    // and a preprod deploy are running at once, however slow the machine.
    std::map<std::string, std::string> commits; // full id -> clone
    for (int i = 1; i <= 4; ++i)
        commits[prepare(sb, "w" + std::to_string(i), "feature/f" + std::to_string(i),
                        "hold:go-staging")] = "w" + std::to_string(i);
    const auto master = prepare(sb, "wm", "next", "hold:go-preprod");

    std::string script;
    for (int i = 1; i <= 4; ++i)
        script += push_in_background("w" + std::to_string(i), "feature/f" + std::to_string(i),
                                     "user" + std::to_string(i));
    script += push_in_background("wm", "next:master", "carol");
    sb.ok(script + "true");
    REQUIRE(eventually([&] {
        return sb.sh("grep -q '^start staging' trace && grep -q '^start preprod' trace")
                   .exit_code == 0;
    }));
    sb.ok("touch go-staging go-preprod");
    REQUIRE(eventually([&] {
        return sb.sh("for d in w1 w2 w3 w4 wm; do test -e $d.rc || exit 1; done").exit_code == 0;
    }));

    for (const auto& dir : {"w1", "w2", "w3", "w4", "wm"}) {
        INFO(dir << ":\n" << sb.ok(std::string("cat ") + dir + ".out"));
        CHECK(output_of(sb, dir).exit_code == 0);
    }
    const auto lines = trace(sb);
    INFO("trace:\n" << sb.ok("cat trace"));
    CHECK(serialized(lines, "staging"));
    CHECK(serialized(lines, "preprod"));
    // preprod ran while staging did: its start lies inside a staging deploy.
    auto pre = std::find(lines.begin(), lines.end(), "start preprod " + master);
    REQUIRE(pre != lines.end());
    const auto staging_open =
        std::count_if(lines.begin(), pre,
                      [](const std::string& l) { return l.starts_with("start staging"); }) -
        std::count_if(lines.begin(), pre,
                      [](const std::string& l) { return l.starts_with("end staging"); });
    const auto preprod_end = std::find(lines.begin(), lines.end(), "end preprod " + master);
    const bool overlapped =
        staging_open == 1 || std::any_of(pre, preprod_end, [](const std::string& l) {
            return l.starts_with("start staging");
        });
    CHECK(overlapped);

    // Nothing lost: every push has its deploy, ended; the newest push's commit is deployed.
    auto pushes = recorded_pushes(sb.root() / "server.git");
    auto deploys = recorded_deploys(sb.root() / "server.git");
    std::int64_t newest = 0;
    std::string newest_commit;
    for (const auto& p : pushes) {
        const auto& u = p.push.ref_updates.front();
        if (u.environment != "staging")
            continue;
        CHECK(p.confirmed_by);
        if (p.meta.id > newest) {
            newest = p.meta.id;
            newest_commit = u.new_id;
        }
        auto d = std::find_if(deploys.begin(), deploys.end(),
                              [&](const auto& e) { return e.start.push_id == p.meta.id; });
        REQUIRE(d != deploys.end());
        CHECK((d->state() == "success" || d->state() == "skipped"));
    }
    CHECK(std::count_if(deploys.begin(), deploys.end(),
                        [](const auto& d) { return d.start.environment == "staging"; }) == 4);
    CHECK(rev(sb, "refs/slipway/deployed/staging", "server.git") == newest_commit);
    CHECK(rev(sb, "refs/slipway/deployed/preprod", "server.git") == master);
    // The last staging deploy to start in the trace is the newest push's.
    auto last_start = std::find_if(lines.rbegin(), lines.rend(), [](const std::string& l) {
        return l.starts_with("start staging");
    });
    REQUIRE(last_start != lines.rend());
    CHECK(*last_start == "start staging " + newest_commit);
}

TEST_CASE("a waiting pusher is told what they wait for, and an overtaken deploy is skipped") {
    Sandbox sb;
    seed(sb);
    // a's deploy holds until bob and carol are both seen waiting for it, however slow the
    // machine: then bob's, whose push is older, is overtaken by carol's.
    const auto a = prepare(sb, "wa", "feature/a", "hold");
    const auto b = prepare(sb, "wb", "feature/b", "0.2");
    const auto c = prepare(sb, "wc", "feature/c", "0.1");
    sb.ok(push_in_background("wa", "feature/a", "alice") + "true");
    REQUIRE(eventually([&] { return sb.sh("test -e started-" + a).exit_code == 0; }));
    sb.ok(push_in_background("wb", "feature/b", "bob") + "true");
    REQUIRE(eventually(
        [&] { return sb.sh("grep -q 'waiting for' wb.out 2>/dev/null").exit_code == 0; }));
    sb.ok(push_in_background("wc", "feature/c", "carol") + "true");
    REQUIRE(eventually(
        [&] { return sb.sh("grep -q 'waiting for' wc.out 2>/dev/null").exit_code == 0; }));
    sb.ok("touch release");
    REQUIRE(eventually(
        [&] { return sb.sh("test -e wa.rc && test -e wb.rc && test -e wc.rc").exit_code == 0; }));
    auto carol = output_of(sb, "wc");

    const auto waiting_for_a = "— waiting for deploy of " + a.substr(0, 7) + " by alice (0s)";
    REQUIRE(carol.exit_code == 0);
    CHECK(
        timeless(carol.remote()) ==
        Lines{"slipway: push accepted — 1 ref update checked",
              "slipway: staging ← " + c.substr(0, 7) + " (carol) " + waiting_for_a,
              "[staging] command sh deploy.sh", "[staging] deploying " + c + " for carol",
              "[staging] finished",
              "[staging] deployed " + c.substr(0, 7) + " in Ns (0 applied, 0 pruned, 0 changed)"});

    auto pushes = recorded_pushes(sb.root() / "server.git");
    auto carols = std::find_if(pushes.begin(), pushes.end(),
                               [&](const auto& p) { return p.push.pusher == "carol"; });
    REQUIRE(carols != pushes.end());
    const auto skipped = "skipped " + b.substr(0, 7) + ": a newer push to staging (ledger record " +
                         std::to_string(carols->meta.id) +
                         ") overtook it while it waited; that one deploys";
    auto bob = output_of(sb, "wb");
    CHECK(bob.exit_code == 0);
    CHECK(bob.remote() == Lines{"slipway: push accepted — 1 ref update checked",
                                "slipway: staging ← " + b.substr(0, 7) + " (bob) " + waiting_for_a,
                                "[staging] " + skipped});
    CHECK(trace(sb) == Lines{"start staging " + a, "end staging " + a, "start staging " + c,
                             "end staging " + c});
    CHECK(rev(sb, "refs/slipway/deployed/staging", "server.git") == c);

    auto deploys = recorded_deploys(sb.root() / "server.git");
    auto bobs = std::find_if(deploys.begin(), deploys.end(),
                             [](const auto& d) { return d.start.pusher == "bob"; });
    REQUIRE(bobs != deploys.end());
    CHECK(bobs->state() == "skipped");
    CHECK(bobs->end->message == skipped);
    REQUIRE(bobs->end->targets.size() == 1);
    CHECK(bobs->end->targets[0].outcome == slipway::ledger::Outcome::skipped);
}

TEST_CASE("a pusher who disconnects mid-deploy: the deploy runs to the end, logged and recorded") {
    Sandbox sb;
    seed(sb);
    const auto a = prepare(sb, "wa", "feature/a", "2");
    sb.ok("cd wa && (GL_USERNAME=alice git push origin feature/a > ../wa.out 2>&1 & "
          "echo $! > ../wa.pid)");
    REQUIRE(eventually([&] { return sb.sh("test -e started-" + a).exit_code == 0; }));
    sb.ok("kill -9 $(cat wa.pid)");
    REQUIRE(eventually(
        [&] {
            auto d = recorded_deploys(sb.root() / "server.git");
            return !d.empty() && d.back().end.has_value();
        },
        std::chrono::seconds(20)));

    CHECK(sb.ok("grep -c finished wa.out || true") == "0\n"); // gone before the end
    CHECK(rev(sb, "refs/slipway/deployed/staging", "server.git") == a);
    auto deploys = recorded_deploys(sb.root() / "server.git");
    CHECK(deploys.back().state() == "success");
    CHECK(deploys.back().end->targets[0].output ==
          "command sh deploy.sh\ndeploying " + a + " for alice\nfinished\n");
    auto log = sb.ok("cat server.git/slipway/logs/staging/*-" + a.substr(0, 7) + ".log");
    CHECK(timeless({log.substr(0, log.size() - 1)}) ==
          Lines{"[staging] command sh deploy.sh\n[staging] deploying " + a +
                " for alice\n[staging] finished\n[staging] deployed " + a.substr(0, 7) +
                " in Ns (0 applied, 0 pruned, 0 changed)"});
}

TEST_CASE("deleting the lock file and slipway/locks/ mid-deploy lets no second deploy in") {
    Sandbox sb;
    seed(sb);
    prepare(sb, "wa", "feature/a", "hold");
    // a's deploy removes the lock, its directory with it, as soon as it holds the lock.
    sb.ok("sed -i '1i rm -rf \"$SANDBOX/server.git/slipway/locks\"' deploy.sh && "
          "git commit -qam 'remove the lock'",
          {}, "wa");
    const auto a2 = rev(sb, "HEAD", "wa");
    const auto b = prepare(sb, "wb", "feature/b", "0.1");
    sb.ok(push_in_background("wa", "feature/a", "alice") + "true");
    REQUIRE(eventually([&] { return sb.sh("test -e started-" + a2).exit_code == 0; }));
    CHECK(sb.sh("test -e server.git/slipway/locks").exit_code != 0);
    // a holds until bob's deploy is seen waiting for it, however slow the machine.
    sb.ok(push_in_background("wb", "feature/b", "bob") + "true");
    REQUIRE(eventually([&] { return sb.sh("grep -q 'waiting for' wb.out").exit_code == 0; }));
    sb.ok("touch release");
    REQUIRE(eventually([&] { return sb.sh("test -e wa.rc && test -e wb.rc").exit_code == 0; }));
    auto bob = output_of(sb, "wb");
    CHECK(bob.exit_code == 0);
    CHECK(bob.has("waiting for"));
    CHECK(serialized(trace(sb), "staging"));
    CHECK(trace(sb) == Lines{"start staging " + a2, "end staging " + a2, "start staging " + b,
                             "end staging " + b});
}
