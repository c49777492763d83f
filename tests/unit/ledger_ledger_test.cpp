// Tests for ledger/ledger: appending and reading records, the chain links, concurrency, errors.
#include "ledger/canonical.hpp"
#include "ledger/ledger.hpp"
#include "ledger/schema.hpp"
#include "ledger/verify.hpp"
#include "support/temp_repo.hpp"
#include "util/deflate.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#include <tuple>

using namespace slipway::ledger;
namespace fs = std::filesystem;

namespace {

const std::string c1(40, '1');
const std::string c2(40, '2');
const std::string zero(40, '0');

PushRecord sample_push() {
    return {.pusher = "alice",
            .identity_source = "GL_USERNAME",
            .protocol = "ssh",
            .remote_address = "10.0.0.5",
            .push_options = {"ci.skip", "reason=hotfix"},
            .ref_updates = {{"refs/heads/master", c1, c2, "preprod"},
                            {"refs/tags/v1", zero, c2, "prod"}},
            .verdict = Verdict::rejected,
            .reason = "",
            .findings = {{.ref = "refs/heads/master",
                          .path = "services/cart/deployment.yaml",
                          .line = 21,
                          .column = 18,
                          .severity = slipway::Severity::error,
                          .message = "image \"cart:latest\" is not pinned",
                          .rule = "image-pinned"},
                         {.ref = "",
                          .path = "",
                          .line = 0,
                          .column = 0,
                          .severity = slipway::Severity::warning,
                          .message = "push options are ignored",
                          .rule = "push-options"}}};
}

// Finding has no operator==; compare what the ledger stores of it.
void check_same(const PushRecord& a, const PushRecord& b) {
    CHECK(a.pusher == b.pusher);
    CHECK(a.identity_source == b.identity_source);
    CHECK(a.protocol == b.protocol);
    CHECK(a.remote_address == b.remote_address);
    CHECK(a.push_options == b.push_options);
    CHECK(a.ref_updates == b.ref_updates);
    CHECK(a.verdict == b.verdict);
    CHECK(a.reason == b.reason);
    REQUIRE(a.findings.size() == b.findings.size());
    for (std::size_t i = 0; i < a.findings.size(); ++i) {
        const auto& x = a.findings[i];
        const auto& y = b.findings[i];
        CHECK(std::tie(x.ref, x.path, x.line, x.column, x.severity, x.message, x.rule) ==
              std::tie(y.ref, y.path, y.line, y.column, y.severity, y.message, y.rule));
    }
}

std::int64_t count(Ledger& ledger, const std::string& sql) {
    auto stmt = ledger.database().prepare(sql);
    REQUIRE(stmt);
    REQUIRE(stmt->step().value());
    return stmt->int64(0);
}

} // namespace

TEST_CASE("a push record reads back exactly as written, chained to the genesis hash") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "slipway" / "ledger.db");
    REQUIRE(ledger);
    CHECK(ledger->head().value().id == 0);
    CHECK(ledger->head().value().hash == genesis_hash);

    auto id = ledger->append(sample_push(), 1714564803042);
    REQUIRE(id);
    CHECK(*id == 1);
    auto record = ledger->read(1);
    REQUIRE(record);
    REQUIRE(*record);
    REQUIRE(std::holds_alternative<PushRecord>((*record)->body));
    check_same(std::get<PushRecord>((*record)->body), sample_push());
    CHECK((*record)->meta.time_ms == 1714564803042);
    CHECK((*record)->meta.format == canonical_format);
    CHECK((*record)->meta.prev_hash == genesis_hash);
    CHECK((*record)->meta.hash.size() == 64);
    CHECK(ledger->head().value().hash == (*record)->meta.hash);
    CHECK_FALSE(ledger->read(2).value());
}

TEST_CASE("each record carries the hash of the one before") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db");
    REQUIRE(ledger);
    std::string prev = genesis_hash;
    for (int i = 1; i <= 4; ++i) {
        auto id = ledger->append(RefSync{.push_id = 0, .source = "baseline", .ref_updates = {}});
        REQUIRE(id);
        auto record = ledger->read(*id).value();
        REQUIRE(record);
        CHECK(record->meta.id == i);
        CHECK(record->meta.prev_hash == prev);
        CHECK(record->meta.hash != prev);
        prev = record->meta.hash;
    }
    CHECK(ledger->head().value().id == 4);
    CHECK(ledger->head().value().hash == prev);
}

TEST_CASE("record times never go back, even when the clock does") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db");
    REQUIRE(ledger);
    const RefSync sync{.push_id = 0, .source = "baseline", .ref_updates = {}};
    const std::int64_t noon = 1'800'000'000'000;
    auto first = ledger->append(sync, noon);
    REQUIRE(first);
    CHECK(ledger->clock_behind_ms() == 0);
    // The clock set back an hour: the record keeps its predecessor's time, and says so.
    auto second = ledger->append(sync, noon - 3'600'000);
    REQUIRE(second);
    CHECK(ledger->read(*second).value()->meta.time_ms == noon);
    CHECK(ledger->clock_behind_ms() == 3'600'000);
    auto third = ledger->append(sync, noon + 5);
    REQUIRE(third);
    CHECK(ledger->read(*third).value()->meta.time_ms == noon + 5);
    CHECK(ledger->clock_behind_ms() == 0);
    CHECK(verify_chain(*ledger).value().ok());
}

TEST_CASE("the integrity check is due once per 64 records since the previous push's gate") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db");
    REQUIRE(ledger);
    const RefSync sync{.push_id = 0, .source = "baseline", .ref_updates = {}};
    REQUIRE(ledger->append(sync));
    CHECK(ledger->integrity_due().value()); // no push yet
    REQUIRE(ledger->append(PushRecord{.pusher = "alice", .verdict = Verdict::accepted}) == 2);
    CHECK_FALSE(ledger->integrity_due().value());
    while (ledger->head().value().id < 63)
        REQUIRE(ledger->append(sync));
    CHECK_FALSE(ledger->integrity_due().value()); // ids 2..63 hold no multiple of 64
    REQUIRE(ledger->append(sync) == 64);
    CHECK(ledger->integrity_due().value());
    REQUIRE(ledger->append(PushRecord{.pusher = "bob", .verdict = Verdict::accepted}) == 65);
    CHECK_FALSE(ledger->integrity_due().value());
    CHECK_FALSE(ledger->check_integrity().value());
}

TEST_CASE("one damaged page is named by the integrity check, header or not") {
    slipway::test::TempDir dir;
    const auto file = dir.path() / "ledger.db";
    std::int64_t page = 0;
    {
        auto ledger = Ledger::open(file);
        REQUIRE(ledger);
        REQUIRE(ledger->append(PushRecord{.pusher = "bob",
                                          .ref_updates = {{"refs/heads/m", zero, c2, ""}},
                                          .verdict = Verdict::accepted}));
        CHECK_FALSE(ledger->check_integrity().value());
        auto root = ledger->database().first_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ref_updates_by_ref'");
        REQUIRE(root);
        REQUIRE(*root);
        page = (*root)->int64(0);
    } // closing checkpoints the WAL into the file
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp((page - 1) * 4096);
        const std::string garbage(4096, '\xee');
        f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    auto ledger = Ledger::open(file);
    REQUIRE(ledger);
    // sqlite gives this one problem in the row that starts "*** in database main ***\n".
    CHECK(ledger->check_integrity().value() ==
          "Page " + std::to_string(page) + ": btreeInitPage() returns error code 11");
}

TEST_CASE("deploy output is stored compressed and read back in full, or omitted") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db");
    REQUIRE(ledger);
    std::string output;
    for (int i = 0; i < 5000; ++i)
        output += "deployment.apps/cart-" + std::to_string(i) + " configured\n";
    auto push = ledger->append(PushRecord{.pusher = "bob", .verdict = Verdict::accepted});
    REQUIRE(push);
    auto start = ledger->append(DeployStart{.environment = "preprod",
                                            .ref = "refs/heads/master",
                                            .tag = "",
                                            .commit = c2,
                                            .pusher = "bob",
                                            .push_id = *push});
    REQUIRE(start);
    DeployEnd end{.deploy_id = *start,
                  .outcome = Outcome::failure,
                  .message = "terraform failed",
                  .targets = {{"infra", "terraform", Outcome::failure, 1, 4200, "Error: boom\n"},
                              {"k8s", "kubernetes", Outcome::skipped, -1, 0, output}},
                  .pruned = {"Deployment shop/legacy-billing", "Service shop/legacy-billing"},
                  .ref_updates = {{"refs/slipway/deployed/preprod", zero, c2, "preprod"}}};
    auto end_id = ledger->append(end);
    REQUIRE(end_id);

    auto full = ledger->read(*end_id).value();
    REQUIRE(full);
    REQUIRE(std::holds_alternative<DeployEnd>(full->body));
    CHECK(std::get<DeployEnd>(full->body) == end);
    CHECK(count(*ledger, "SELECT length(output) FROM targets WHERE name = 'k8s'") <
          static_cast<std::int64_t>(output.size() / 10));

    auto brief = ledger->read(*end_id, Output::omit).value();
    REQUIRE(brief);
    const auto& targets = std::get<DeployEnd>(brief->body).targets;
    REQUIRE(targets.size() == 2);
    CHECK(targets[1].output.empty());
    CHECK(targets[1].exit_code == -1);
    CHECK(targets[1].outcome == Outcome::skipped);
}

TEST_CASE("output compressed while the target ran is stored as it is and reads back plain") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db");
    REQUIRE(ledger);
    std::string output;
    auto deflater = slipway::util::Deflater::open();
    REQUIRE(deflater);
    for (int i = 0; i < 5000; ++i) {
        const std::string line = "deployment.apps/cart-" + std::to_string(i) + " configured\n";
        output += line;
        REQUIRE(deflater->write(line));
    }
    auto stored = deflater->finish();
    REQUIRE(stored);
    auto push = ledger->append(PushRecord{.pusher = "bob", .verdict = Verdict::accepted});
    REQUIRE(push);
    auto start = ledger->append(DeployStart{.environment = "preprod",
                                            .ref = "refs/heads/master",
                                            .tag = "",
                                            .commit = c2,
                                            .pusher = "bob",
                                            .push_id = *push});
    REQUIRE(start);
    DeployEnd end{.deploy_id = *start,
                  .outcome = Outcome::success,
                  .message = "applied",
                  .targets = {{"k8s", "kubernetes", Outcome::success, 0, 10, "", *stored}},
                  .pruned = {},
                  .ref_updates = {}};
    auto end_id = ledger->append(end);
    REQUIRE(end_id);
    CHECK(count(*ledger, "SELECT length(output) FROM targets WHERE name = 'k8s'") ==
          static_cast<std::int64_t>(stored->zlib().size()));

    auto full = ledger->read(*end_id).value();
    REQUIRE(full);
    const auto& target = std::get<DeployEnd>(full->body).targets.at(0);
    CHECK(target.output == output);
    CHECK_FALSE(target.stored);
    // Re-encoded from the plain text it reads back as, the record keeps its hash.
    CHECK(verify_chain(*ledger).value().ok());
}

TEST_CASE("records that refer to the wrong kind of record are refused, writing nothing") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db");
    REQUIRE(ledger);
    auto push = ledger->append(PushRecord{.pusher = "bob", .verdict = Verdict::accepted});
    REQUIRE(push);

    auto no_start = ledger->append(DeployEnd{.deploy_id = *push, .outcome = Outcome::success});
    REQUIRE_FALSE(no_start);
    CHECK(no_start.error().message ==
          "cannot record deploy_end: deploy_id 1 is not a deploy_start record");

    auto start = ledger->append(DeployStart{.environment = "e", .push_id = *push});
    REQUIRE(start);
    REQUIRE(ledger->append(DeployEnd{.deploy_id = *start, .outcome = Outcome::success}));
    auto twice = ledger->append(DeployEnd{.deploy_id = *start, .outcome = Outcome::failure});
    REQUIRE_FALSE(twice);
    CHECK(twice.error().message == "cannot record deploy_end: deploy #2 already ended (record #3)");

    auto sync = ledger->append(RefSync{.push_id = 99, .source = "post-receive"});
    REQUIRE_FALSE(sync);
    CHECK(sync.error().message == "cannot record ref_sync: push_id 99 is not a push record");
    auto deploy = ledger->append(DeployStart{.environment = "e", .push_id = *start});
    REQUIRE_FALSE(deploy);
    CHECK(deploy.error().message == "cannot record deploy_start: push_id 2 is not a push record");

    CHECK(ledger->head().value().id == 3);
    CHECK(verify_chain(*ledger).value().ok());
}

TEST_CASE("a ledger that cannot be created or read is an error value saying why") {
    slipway::test::TempDir dir;
    std::ofstream(dir.path() / "plain-file") << "x";
    auto blocked = Ledger::open(dir.path() / "plain-file" / "slipway" / "ledger.db");
    REQUIRE_FALSE(blocked);
    CHECK(blocked.error().message == "cannot create the ledger's directory " +
                                         (dir.path() / "plain-file" / "slipway").string() +
                                         ": Not a directory");

    auto missing =
        Ledger::open(dir.path() / "repo.git" / "slipway" / "ledger.db", slipway::util::Create::no);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message ==
          "no ledger at " + (dir.path() / "repo.git" / "slipway" / "ledger.db").string() +
              ": nothing has been recorded in this repository (is Slipway installed?)");

    fs::create_directory(dir.path() / "dir.db");
    auto directory = Ledger::open(dir.path() / "dir.db");
    REQUIRE_FALSE(directory);
    CHECK(directory.error().message == "cannot open the ledger " +
                                           (dir.path() / "dir.db").string() +
                                           ": unable to open database file");
}

TEST_CASE("a ledger reached through a symlink is refused, never opened") {
    slipway::test::TempDir dir;
    const auto real = dir.path() / "real";
    fs::create_directories(real);
    {
        auto made = Ledger::open(real / "ledger.db");
        REQUIRE(made);
    }
    fs::create_directories(dir.path() / "repo.git" / "slipway");
    const auto link = dir.path() / "repo.git" / "slipway" / "ledger.db";
    fs::create_symlink(real / "ledger.db", link);
    auto opened = Ledger::open(link);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().message ==
          "cannot open the ledger " + link.string() + ": " + link.string() +
              " is a symlink, and the ledger is never opened through one; replace it with the "
              "file or directory it points to");

    // The directory as a symlink is refused alike, and nothing is created behind it.
    fs::create_directory_symlink(real, dir.path() / "repo.git" / "linked");
    const auto behind = dir.path() / "repo.git" / "linked" / "new.db";
    auto through_dir = Ledger::open(behind);
    REQUIRE_FALSE(through_dir);
    CHECK(through_dir.error().message ==
          "cannot open the ledger " + behind.string() + ": " +
              (dir.path() / "repo.git" / "linked").string() +
              " is a symlink, and the ledger is never opened through one; replace it with the "
              "file or directory it points to");
    CHECK_FALSE(fs::exists(real / "new.db"));
}

TEST_CASE("a ledger whose file became read-only refuses to open for writing") {
    if (::geteuid() == 0) {
        WARN("skipped: root ignores file permissions");
        return;
    }
    slipway::test::TempDir dir;
    { REQUIRE(Ledger::open(dir.path() / "ledger.db")); }
    fs::permissions(dir.path() / "ledger.db", fs::perms::owner_read);
    auto r = Ledger::open(dir.path() / "ledger.db");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "cannot open the ledger " + (dir.path() / "ledger.db").string() +
                                   " for writing: the file is read-only for this user");

    fs::create_directory(dir.path() / "repo.git");
    fs::permissions(dir.path() / "repo.git", fs::perms::owner_read | fs::perms::owner_exec);
    auto in_locked_dir = Ledger::open(dir.path() / "repo.git" / "slipway" / "ledger.db");
    REQUIRE_FALSE(in_locked_dir);
    CHECK(in_locked_dir.error().message == "cannot create the ledger's directory " +
                                               (dir.path() / "repo.git" / "slipway").string() +
                                               ": Permission denied");
}

TEST_CASE("a write that fails after a good open is an error value, and leaves no record") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db");
    REQUIRE(ledger);
    REQUIRE(ledger->append(RefSync{.source = "baseline"}));
    // Stands in for a disk that filled up or a file made read-only under a running hook.
    REQUIRE(ledger->database().exec("PRAGMA query_only = ON"));
    auto r = ledger->append(PushRecord{.pusher = "alice", .verdict = Verdict::accepted});
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "cannot write the ledger: ledger " +
                                   (dir.path() / "ledger.db").string() +
                                   ": attempt to write a readonly database");
    REQUIRE(ledger->database().exec("PRAGMA query_only = OFF"));
    CHECK(ledger->head().value().id == 1);
    CHECK(verify_chain(*ledger).value().ok());
}

TEST_CASE("24 processes racing to create and append lose no record and keep one chain") {
    slipway::test::TempDir dir;
    // Nothing exists yet: the processes also race to create the file and migrate it.
    const fs::path path = dir.path() / "repo.git" / "slipway" / "ledger.db";
    constexpr int writers = 24;
    constexpr int per_writer = 5;
    std::vector<pid_t> children;
    for (int w = 0; w < writers; ++w) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int code = 0;
            {
                auto ledger = Ledger::open(path);
                if (!ledger) {
                    std::fprintf(stderr, "open: %s\n", ledger.error().message.c_str());
                    code = 1;
                }
                for (int i = 0; ledger && i < per_writer && code == 0; ++i) {
                    PushRecord push{.pusher = "w" + std::to_string(w) + "-" + std::to_string(i),
                                    .verdict = Verdict::accepted};
                    if (auto id = ledger->append(push); !id) {
                        std::fprintf(stderr, "append: %s\n", id.error().message.c_str());
                        code = 2;
                    }
                }
            }
            ::_exit(code);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }

    auto ledger = Ledger::open(path);
    REQUIRE(ledger);
    auto report = verify_chain(*ledger);
    REQUIRE(report);
    CHECK(report->ok());
    CHECK(report->records == writers * per_writer);
    CHECK(count(*ledger, "SELECT count(DISTINCT pusher) FROM pushes") == writers * per_writer);
    CHECK(count(*ledger, "SELECT count(*) FROM schema_version") == latest_schema_version());
}

TEST_CASE("24 threads, each with its own connection, keep the chain linear") {
    slipway::test::TempDir dir;
    const fs::path path = dir.path() / "ledger.db";
    REQUIRE(Ledger::open(path));
    constexpr int writers = 24;
    constexpr int per_writer = 10;
    std::vector<std::string> failures(writers);
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            auto ledger = Ledger::open(path);
            if (!ledger) {
                failures[static_cast<std::size_t>(w)] = ledger.error().message;
                return;
            }
            for (int i = 0; i < per_writer; ++i) {
                auto id =
                    ledger->append(RefSync{.push_id = 0,
                                           .source = std::to_string(w) + "/" + std::to_string(i),
                                           .ref_updates = {}});
                if (!id) {
                    failures[static_cast<std::size_t>(w)] = id.error().message;
                    return;
                }
            }
        });
    }
    for (auto& t : threads)
        t.join();
    for (const auto& f : failures)
        CHECK(f == "");
    auto ledger = Ledger::open(path);
    REQUIRE(ledger);
    auto report = verify_chain(*ledger);
    REQUIRE(report);
    CHECK(report->ok());
    CHECK(report->records == writers * per_writer);
    CHECK(count(*ledger, "SELECT count(DISTINCT source) FROM ref_syncs") == writers * per_writer);
}

TEST_CASE("a signed push's certificate reads back as written, and enters the hash") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db");
    REQUIRE(ledger);
    PushRecord push = sample_push();
    push.certificate = PushCertificate{.status = "G",
                                       .signer = "Alice <alice@example.com>",
                                       .key = "89ABCDEF01234567",
                                       .nonce = "1700000000-abc",
                                       .nonce_status = "OK",
                                       .text = "certificate version 0.1\npusher Alice\n"};
    auto id = ledger->append(push);
    REQUIRE(id);
    auto record = ledger->read(*id);
    REQUIRE(record);
    REQUIRE(*record);
    const auto& read = std::get<PushRecord>((*record)->body);
    REQUIRE(read.certificate);
    CHECK(*read.certificate == *push.certificate);
    CHECK(record_hash((*record)->meta, read) == (*record)->meta.hash);
    auto changed = read;
    changed.certificate->signer = "Mallory <m@example.com>";
    CHECK(record_hash((*record)->meta, changed) != (*record)->meta.hash);
    auto unsigned_push = read;
    unsigned_push.certificate.reset();
    CHECK(record_hash((*record)->meta, unsigned_push) != (*record)->meta.hash);
}

TEST_CASE("a push's verified signers read back in order, and enter the hash") {
    slipway::test::TempDir dir;
    auto ledger = Ledger::open(dir.path() / "ledger.db");
    REQUIRE(ledger);
    PushRecord push = sample_push();
    push.signatures = {{.object = std::string(40, 'a'),
                        .kind = "commit",
                        .signer = "alice",
                        .key = "SHA256:abc",
                        .status = "good"},
                       {.object = std::string(40, 'b'),
                        .kind = "tag",
                        .signer = "",
                        .key = "SHA256:def",
                        .status = "unknown-key"}};
    auto id = ledger->append(push);
    REQUIRE(id);
    auto record = ledger->read(*id);
    REQUIRE(record);
    REQUIRE(*record);
    const auto& read = std::get<PushRecord>((*record)->body);
    CHECK(read.signatures == push.signatures);
    CHECK(record_hash((*record)->meta, read) == (*record)->meta.hash);
    auto dropped = read;
    dropped.signatures.pop_back();
    CHECK(record_hash((*record)->meta, dropped) != (*record)->meta.hash);
}
