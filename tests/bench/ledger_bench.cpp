// Benchmark (not a test): what the ledger adds to every push as its history grows, at 1,000
// refs, from 1,000 to 100,000 records. At each size it times the ledger work of one push as
// the hooks do it (pre-receive: integrity_due, find_disagreements, record_unlanded, append of
// the push record; post-receive: confirm_landed), median of 21 pushes, wall and CPU time, as a
// ratio to the first size; then the append alone and the integrity check the gate runs every
// 64 records (median of 5), which reads the whole file by design.
//   build/tests/bench/ledger_bench [MAX_RECORDS]   (default 100000)
#include "ledger/confirmation.hpp"
#include "ledger/disagreement.hpp"
#include "ledger/ledger.hpp"
#include "ledger/settlement.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
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

double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

template <class T>
void check(const Result<T>& r, const char* what) {
    if (!r) {
        std::fprintf(stderr, "ledger bench: %s: %s\n", what, r.error().message.c_str());
        std::exit(1);
    }
}

struct Bench {
    ledger::Ledger& ledger;
    std::map<std::string, std::string> current; ///< the repository's refs
    int next = 0;                               ///< the next object id
    int pushes = 0;

    ledger::RefChange next_change() {
        const std::string ref = "refs/heads/b" + std::to_string(pushes % 1000);
        return {ref, current[ref], hex_id(next++), ""};
    }

    // One push recorded and confirmed, as the hooks record it, without their reads.
    void record_one() {
        const auto change = next_change();
        auto id = ledger.append(ledger::PushRecord{.pusher = "bench",
                                                   .identity_source = "os-user",
                                                   .ref_updates = {change},
                                                   .verdict = ledger::Verdict::accepted});
        check(id, "append push");
        auto sync = ledger.append(
            ledger::RefSync{.push_id = *id, .source = "post-receive", .ref_updates = {change}});
        check(sync, "append ref_sync");
        current[change.ref] = change.new_id;
        ++pushes;
    }

    // Fills up to `records`, a thousand pushes per transaction (only the fill is batched).
    void fill(long long records) {
        while (ledger.head().value().id < records) {
            auto tx = util::Transaction::begin_immediate(ledger.database());
            check(tx, "begin");
            for (int i = 0; i < 1000 && ledger.head().value().id < records; ++i)
                record_one();
            check(tx->commit(), "commit");
        }
    }

    // The ledger work of one push through both hooks, each step in its own transaction as
    // the hooks run them.
    void hook_push() {
        check(ledger.integrity_due(), "integrity_due");
        auto found = ledger::find_disagreements(ledger, current);
        check(found, "find_disagreements");
        auto closed = ledger::record_unlanded(ledger, current);
        check(closed, "record_unlanded");
        const auto change = next_change();
        auto id = ledger.append(ledger::PushRecord{.pusher = "bench",
                                                   .identity_source = "os-user",
                                                   .ref_updates = {change},
                                                   .verdict = ledger::Verdict::accepted});
        check(id, "append push");
        current[change.ref] = change.new_id;
        ++pushes;
        auto confirmed = ledger::confirm_landed(ledger, {change}, [&](const std::string& ref) {
            return Result<std::string>(current[ref]);
        });
        check(confirmed, "confirm_landed");
    }
};

} // namespace

int main(int argc, char** argv) {
    const long long max_records = argc > 1 ? std::atoll(argv[1]) : 100000;
    auto dir = std::filesystem::temp_directory_path() /
               ("slipway-ledger-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto ledger = ledger::Ledger::open(dir / "ledger.db", util::Create::yes);
    if (!ledger) {
        std::fprintf(stderr, "%s\n", ledger.error().message.c_str());
        return 1;
    }
    Bench bench{.ledger = *ledger, .next = 1001};
    ledger::RefSync baseline{.source = "baseline"};
    for (int r = 0; r < 1000; ++r) {
        bench.current["refs/heads/b" + std::to_string(r)] = hex_id(r + 1);
        baseline.ref_updates.push_back(
            {.ref = "refs/heads/b" + std::to_string(r), .new_id = hex_id(r + 1)});
    }
    (void)ledger->append(baseline);
    std::printf("ledger bench: 1,000 refs; hook work = one push's ledger work in both hooks "
                "(median of 21, wall / CPU)\n");
    double first_wall = 0, first_cpu = 0;
    for (long long records : {1000LL, 10000LL, 100000LL, 1000000LL}) {
        if (records > max_records)
            break;
        bench.fill(records);
        std::vector<double> wall, cpu;
        for (int i = 0; i < 21; ++i) {
            auto t0 = Clock::now();
            double c0 = cpu_ms();
            bench.hook_push();
            wall.push_back(ms_since(t0));
            cpu.push_back(cpu_ms() - c0);
        }
        const double w = median(wall), c = median(cpu);
        if (first_wall == 0) {
            first_wall = w;
            first_cpu = c;
        }
        auto t0 = Clock::now();
        (void)ledger->append(
            ledger::PushRecord{.pusher = "bench", .verdict = ledger::Verdict::rejected});
        const double append = ms_since(t0);
        // The median of five: one run swings with the page cache and the WAL's size.
        std::vector<double> checks;
        Result<std::optional<std::string>> damage = std::nullopt;
        for (int i = 0; i < 5; ++i) {
            t0 = Clock::now();
            damage = ledger->check_integrity();
            checks.push_back(ms_since(t0));
        }
        const auto bytes = std::filesystem::file_size(dir / "ledger.db");
        std::printf("  %7lld records (%5.1f MB): hook work %6.2f ms wall (%.2fx), %6.2f ms CPU "
                    "(%.2fx); append %.1f ms; quick_check %.1f ms%s\n",
                    static_cast<long long>(ledger->head().value().id), bytes / 1e6, w,
                    w / first_wall, c, c / first_cpu, append, median(checks),
                    damage && !*damage ? "" : " (DAMAGED)");
    }
    std::filesystem::remove_all(dir);
}
