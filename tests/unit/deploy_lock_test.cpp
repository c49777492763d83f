// Tests for deploy/lock: real processes never overlap, a dead holder frees the lock.
#include "deploy/lock.hpp"

#include "deploy_fixture.hpp"
#include "util/process.hpp"

#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace slipway;
using namespace slipway::deploy;
using slipway::testing::read_file;
using slipway::testing::TempDir;
using namespace std::chrono_literals;

namespace {

void append(const std::filesystem::path& file, const std::string& text) {
    int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        ::_exit(3);
    if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        ::_exit(4);
    ::close(fd);
}

int wait_exit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

TEST_CASE("processes taking one environment's lock never overlap") {
    TempDir dir;
    const auto lock_file = dir / "locks/prod.lock";
    const auto journal = dir / "journal";
    std::vector<pid_t> children;
    for (int k = 0; k < 3; ++k) {
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            for (int i = 0; i < 5; ++i) {
                LockHolder me{"c0ffee", "p", 0, static_cast<long>(::getpid())};
                auto lock = EnvironmentLock::acquire(lock_file, me, {}, {.poll_interval = 2ms});
                if (!lock)
                    ::_exit(2);
                const std::string id = std::to_string(::getpid());
                append(journal, "begin " + id + "\n");
                ::usleep(10000);
                append(journal, "end " + id + "\n");
            }
            ::_exit(0);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children)
        CHECK(wait_exit(pid) == 0);

    std::istringstream lines(read_file(journal));
    std::string what, id, open_id;
    int begins = 0;
    while (lines >> what >> id) {
        if (what == "begin") {
            INFO("begin of " << id << " while " << open_id << " holds the lock");
            CHECK(open_id.empty());
            open_id = id;
            ++begins;
        } else {
            CHECK(id == open_id);
            open_id.clear();
        }
    }
    CHECK(begins == 15);
    CHECK(open_id.empty());
}

TEST_CASE("a waiter is told whose deploy it waits for, and a dead holder frees the lock") {
    TempDir dir;
    const auto lock_file = dir / "locks/preprod.lock";
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t holder = ::fork();
    REQUIRE(holder >= 0);
    if (holder == 0) {
        LockHolder me{"9be01d2aaaabbbbccccddddeeeeffff000011112", "bob", 1700000000,
                      static_cast<long>(::getpid())};
        auto lock = EnvironmentLock::try_acquire(lock_file, me);
        if (!lock || !*lock)
            ::_exit(2);
        if (::write(ready[1], "x", 1) != 1)
            ::_exit(3);
        ::pause();
        ::_exit(0);
    }
    ::close(ready[1]);
    char byte;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);

    LockHolder me{"3f2a9c1", "alice", 1700000100, static_cast<long>(::getpid())};
    auto busy = EnvironmentLock::try_acquire(lock_file, me);
    REQUIRE(busy);
    CHECK_FALSE(*busy);

    auto seen = read_lock_holder(lock_file);
    REQUIRE(seen);
    CHECK(seen->pusher == "bob");
    CHECK(seen->started_at == 1700000000);
    CHECK(seen->pid == holder);

    std::vector<std::string> told;
    auto timed_out = EnvironmentLock::acquire(
        lock_file, me, [&](const WaitStatus& s) { told.push_back(describe_wait(s)); },
        {.poll_interval = 20ms, .report_interval = 10s, .timeout = 200ms});
    REQUIRE_FALSE(timed_out);
    CHECK(timed_out.error().message == "gave up after 0s waiting for deploy of 9be01d2 by bob");
    CHECK(told == std::vector<std::string>{"waiting for deploy of 9be01d2 by bob (0s)"});

    ::kill(holder, SIGKILL);
    CHECK(wait_exit(holder) == 128 + SIGKILL);
    auto mine = EnvironmentLock::try_acquire(lock_file, me);
    REQUIRE(mine);
    REQUIRE(*mine);
    auto now_held_by = read_lock_holder(lock_file);
    REQUIRE(now_held_by);
    CHECK(now_held_by->pusher == "alice");
}

TEST_CASE("a child process of the holder does not keep the lock") {
    TempDir dir;
    const auto lock_file = dir / "locks/prod.lock";
    {
        auto lock = EnvironmentLock::try_acquire(lock_file, {"abc", "me", 0, 1});
        REQUIRE(lock);
        REQUIRE(*lock);
        // A grandchild outliving the deploy must not inherit the lock's descriptor.
        auto r = util::run_capture({.argv = {"sh", "-c", "sleep 3 >/dev/null 2>&1 &"}});
        REQUIRE(r);
        REQUIRE(r->exit.ok());
    }
    auto again = EnvironmentLock::try_acquire(lock_file, {"def", "you", 0, 2});
    REQUIRE(again);
    CHECK(*again);
}

TEST_CASE("a released lock leaves no holder description behind") {
    TempDir dir;
    const auto lock_file = dir / "prod.lock";
    {
        auto lock = EnvironmentLock::try_acquire(lock_file, {"abc", "me", 5, 1});
        REQUIRE(lock);
        REQUIRE(*lock);
        CHECK(read_lock_holder(lock_file));
    }
    CHECK_FALSE(read_lock_holder(lock_file));
    CHECK(describe_wait({std::nullopt, std::chrono::seconds(4)}) ==
          "waiting for another deploy (4s)");
}

TEST_CASE("a lock is never taken through a symlink, of the file or of its directory") {
    TempDir dir;
    std::filesystem::create_directories(dir / "elsewhere");
    std::filesystem::create_directories(dir / "slipway" / "locks");
    const auto lock_file = dir / "slipway" / "locks" / "prod.lock";
    std::filesystem::create_symlink(dir / "elsewhere" / "prod.lock", lock_file);
    auto lock = EnvironmentLock::try_acquire(lock_file, {"abc", "me", 5, 1});
    REQUIRE_FALSE(lock);
    CHECK(lock.error().message == "cannot take the lock " + lock_file.string() + ": " +
                                      lock_file.string() +
                                      " is a symlink, and a lock is never taken through one; "
                                      "replace it with the directory or file it points to");
    std::filesystem::remove(lock_file);
    std::filesystem::remove(dir / "slipway" / "locks");
    std::filesystem::create_directory_symlink(dir / "elsewhere", dir / "slipway" / "locks");
    auto through_dir = EnvironmentLock::try_acquire(lock_file, {"abc", "me", 5, 1});
    REQUIRE_FALSE(through_dir);
    CHECK(through_dir.error().message == "cannot take the lock " + lock_file.string() + ": " +
                                             (dir / "slipway" / "locks").string() +
                                             " is a symlink, and a lock is never taken through "
                                             "one; replace it with the directory or file it "
                                             "points to");
    CHECK_FALSE(std::filesystem::exists(dir / "elsewhere" / "prod.lock"));

    // A real directory takes it.
    std::filesystem::remove(dir / "slipway" / "locks");
    auto fine = EnvironmentLock::try_acquire(lock_file, {"abc", "me", 5, 1});
    REQUIRE(fine);
    CHECK(*fine);
}
