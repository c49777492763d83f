// E2E helpers for deploys: remote lines without timings, the ledger's deploy records, waiting.
#include "support/deploys.hpp"
#include "util/state_paths.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <thread>

namespace slipway::e2e {

std::vector<std::string> timeless(const std::vector<std::string>& lines) {
    static const std::regex timing(" (in|after) [0-9]+\\.[0-9]s");
    std::vector<std::string> out;
    for (const auto& l : lines)
        out.push_back(std::regex_replace(l, timing, " $1 Ns"));
    return out;
}

bool in_order(const std::vector<std::string>& lines, const std::vector<std::string>& expected) {
    auto at = lines.begin();
    for (const auto& e : expected) {
        at = std::find(at, lines.end(), e);
        if (at == lines.end()) {
            UNSCOPED_INFO("missing, or out of order: " << e);
            return false;
        }
        ++at;
    }
    return true;
}

namespace {

ledger::Ledger open_ledger(const std::filesystem::path& repo) {
    auto l =
        ledger::Ledger::open(util::StateDir::for_repository(repo).ledger_file(), util::Create::no);
    INFO((l ? "" : l.error().message));
    REQUIRE(l);
    return std::move(*l);
}

} // namespace

std::vector<ledger::DeployEntry> recorded_deploys(const std::filesystem::path& repo) {
    auto l = open_ledger(repo);
    auto log = ledger::read_log(l, {});
    REQUIRE(log);
    std::vector<ledger::DeployEntry> out;
    for (auto it = log->rbegin(); it != log->rend(); ++it) {
        const auto* d = std::get_if<ledger::DeployEntry>(&*it);
        if (!d)
            continue;
        auto shown = ledger::show_record(l, d->start_meta.id, ledger::Output::include);
        REQUIRE(shown);
        REQUIRE(*shown);
        out.push_back(std::get<ledger::DeployEntry>(**shown));
    }
    return out;
}

std::vector<ledger::PushEntry> recorded_pushes(const std::filesystem::path& repo) {
    auto l = open_ledger(repo);
    auto log = ledger::read_log(l, {});
    REQUIRE(log);
    std::vector<ledger::PushEntry> out;
    for (auto it = log->rbegin(); it != log->rend(); ++it)
        if (const auto* p = std::get_if<ledger::PushEntry>(&*it);
            p && p->push.verdict == ledger::Verdict::accepted)
            out.push_back(*p);
    return out;
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > until)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
}

std::string rev(const Sandbox& sb, const std::string& what, const std::string& cwd) {
    auto out = sb.ok("git rev-parse " + quote(what), {}, cwd);
    return out.substr(0, out.find('\n'));
}

std::string short_rev(const Sandbox& sb, const std::string& what, const std::string& cwd) {
    return rev(sb, what, cwd).substr(0, 7);
}

} // namespace slipway::e2e
