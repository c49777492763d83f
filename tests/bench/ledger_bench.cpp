// Benchmark (not a test): what the ledger adds to every push as its history grows — the
// append of a push record, the ref/ledger comparison, and the integrity check the gate runs
// every 64 records — at 1,000 refs and growing history (50,000 pushes: 100,000 records).
#include "ledger/disagreement.hpp"
#include "ledger/ledger.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

using namespace slipway;
using Clock = std::chrono::steady_clock;

namespace {

std::string hex_id(int n) {
    char buf[41];
    std::snprintf(buf, sizeof buf, "%040x", n);
    return buf;
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

} // namespace

int main() {
    auto dir = std::filesystem::temp_directory_path() /
               ("slipway-ledger-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto ledger = ledger::Ledger::open(dir / "ledger.db", util::Create::yes);
    if (!ledger) {
        std::fprintf(stderr, "%s\n", ledger.error().message.c_str());
        return 1;
    }
    const int refs = 1000;
    std::map<std::string, std::string> current;
    ledger::RefSync baseline{.source = "baseline"};
    for (int r = 0; r < refs; ++r) {
        current["refs/heads/b" + std::to_string(r)] = hex_id(r + 1);
        baseline.ref_updates.push_back(
            {.ref = "refs/heads/b" + std::to_string(r), .new_id = hex_id(r + 1)});
    }
    (void)ledger->append(baseline);
    int next = refs + 1, pushes = 0;
    std::printf("ledger bench: %d refs; each step adds pushes (each a push record and its "
                "confirmation), then times one more of each\n",
                refs);
    for (int target : {100, 1000, 5000, 20000, 50000}) {
        auto fill_start = Clock::now();
        while (pushes < target) {
            const std::string ref = "refs/heads/b" + std::to_string(pushes % refs);
            const std::string old_id = current[ref], new_id = hex_id(next++);
            ledger::PushRecord push{.pusher = "bench",
                                    .identity_source = "os-user",
                                    .ref_updates = {{ref, old_id, new_id, ""}},
                                    .verdict = ledger::Verdict::accepted};
            auto id = ledger->append(push);
            (void)ledger->append(ledger::RefSync{.push_id = *id,
                                                 .source = "post-receive",
                                                 .ref_updates = {{ref, old_id, new_id, ""}}});
            current[ref] = new_id;
            ++pushes;
        }
        double fill = ms_since(fill_start);
        auto t0 = Clock::now();
        auto found = ledger::find_disagreements(*ledger, current);
        double compare = ms_since(t0);
        t0 = Clock::now();
        (void)ledger->append(
            ledger::PushRecord{.pusher = "bench", .verdict = ledger::Verdict::rejected});
        double append = ms_since(t0);
        // The median of five: one run swings with the page cache and the WAL's size.
        std::vector<double> checks;
        Result<std::optional<std::string>> damage = std::nullopt;
        for (int i = 0; i < 5; ++i) {
            t0 = Clock::now();
            damage = ledger->check_integrity();
            checks.push_back(ms_since(t0));
        }
        std::sort(checks.begin(), checks.end());
        const double check = checks[2];
        const auto bytes = std::filesystem::file_size(dir / "ledger.db");
        std::printf(
            "  %6d pushes (%lld records, %.1f MB): compare %.1f ms (%zu disagreements), "
            "append %.1f ms, quick_check %.1f ms (median of 5)%s (filled at %.2f ms/push)\n",
            pushes, static_cast<long long>(ledger->head().value().id), bytes / 1e6, compare,
            found ? found->size() : 0, append, check, damage && !*damage ? "" : " (DAMAGED)",
            fill / 1.0 / std::max(1, target));
    }
    std::filesystem::remove_all(dir);
}
