// Tests for util/time_zone: zones of the system's tz database, civil times both ways,
// daylight saving, and names that are no zone.
#include "util/time_zone.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

using slipway::util::CivilTime;
using slipway::util::TimeZone;

TEST_CASE("time zone: civil time and back, in and out of daylight saving") {
    const char* tz = std::getenv("TZ");
    const std::string before = tz ? tz : "(unset)";
    auto berlin = TimeZone::named("Europe/Berlin");
    REQUIRE(berlin);
    // 2026-06-01 10:00 UTC is 12:00 CEST, a Monday.
    const auto summer = berlin->civil(1780308000);
    CHECK(summer == CivilTime{.year = 2026, .month = 6, .day = 1, .hour = 12, .weekday = 1});
    CHECK(berlin->to_utc(summer) == 1780308000);
    CHECK(berlin->format(1780308000) == "2026-06-01 12:00 CEST");
    CHECK(TimeZone::utc().format(1780308000) == "2026-06-01 10:00 UTC");
    // The process's own TZ is left as it was.
    tz = std::getenv("TZ");
    CHECK((tz ? tz : "(unset)") == before);
}

TEST_CASE("time zone: local times the clocks skip or show twice") {
    auto berlin = TimeZone::named("Europe/Berlin");
    REQUIRE(berlin);
    // 2026-03-29 02:30 does not exist in Berlin (02:00 CET becomes 03:00 CEST): read with the
    // offset before the change, it is 01:30 UTC, which the clocks show as 03:30.
    CHECK(berlin->to_utc({.year = 2026, .month = 3, .day = 29, .hour = 2, .minute = 30}) ==
          1774747800);
    // 2026-10-25 02:30 happens twice (CEST, then CET).
    const auto twice =
        berlin->to_utc({.year = 2026, .month = 10, .day = 25, .hour = 2, .minute = 30});
    CHECK((twice == 1792888200 || twice == 1792891800));
}

TEST_CASE("time zone: names that are no zone of the database are refused") {
    auto unknown = TimeZone::named("Europe/Atlantis");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message == "time zone \"Europe/Atlantis\" is not in the tz database "
                                     "(/usr/share/zoneinfo); use a name like Europe/Berlin or UTC");
    for (const char* name : {"/etc/localtime", "../../etc/passwd", "", "CET-1CEST,M3.5.0"}) {
        INFO(name);
        CHECK_FALSE(TimeZone::named(name));
    }
    CHECK(TimeZone::named("UTC"));
    CHECK(TimeZone::named("America/New_York"));
}
