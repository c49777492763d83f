// Tests for util/name_lock: one holder per name, released with its holder, names independent.
#include "util/name_lock.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

using slipway::util::NameLock;

TEST_CASE("a name lock has one holder at a time and is free again once released") {
    const std::string key = "test-name-lock-" + std::to_string(::getpid());
    {
        auto first = NameLock::try_take(key);
        REQUIRE(first);
        REQUIRE(*first);
        auto second = NameLock::try_take(key);
        REQUIRE(second);
        CHECK_FALSE(*second);
        auto other = NameLock::try_take(key + "-other");
        REQUIRE(other);
        CHECK(*other);
    }
    auto again = NameLock::try_take(key);
    REQUIRE(again);
    CHECK(*again);
}

TEST_CASE("a name lock held by a process that died is free") {
    const std::string key = "test-name-lock-dead-" + std::to_string(::getpid());
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto held = NameLock::try_take(key);
        char ok = held && *held ? 'y' : 'n';
        [[maybe_unused]] auto n = ::write(ready[1], &ok, 1);
        ::pause();
        ::_exit(0);
    }
    char ok = 0;
    REQUIRE(::read(ready[0], &ok, 1) == 1);
    CHECK(ok == 'y');
    auto while_alive = NameLock::try_take(key);
    REQUIRE(while_alive);
    CHECK_FALSE(*while_alive);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    auto after = NameLock::try_take(key);
    REQUIRE(after);
    CHECK(*after);
    ::close(ready[0]);
    ::close(ready[1]);
}
