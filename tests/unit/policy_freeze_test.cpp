// Tests for policy/freeze: freeze windows parsed, and in force exactly from their start to
// their end, by the wall clock of their time zone (daylight saving included).
#include "policy/policy.hpp"

#include <catch2/catch.hpp>

using namespace slipway::policy;

namespace {

Policy with_freeze(const std::string& windows) {
    auto p = parse_policy("version: 1\nenvironments:\n  - name: prod\n    refs: refs/tags/*\n"
                          "    targets: [{command: {run: [x]}}]\n    freeze:\n" +
                              windows,
                          "p.yaml");
    INFO((p ? std::string() : p.error().message));
    REQUIRE(p);
    return std::move(*p);
}

std::string error_of(const std::string& windows) {
    auto p = parse_policy("version: 1\nenvironments:\n  - name: prod\n    refs: refs/tags/*\n"
                          "    targets: [{command: {run: [x]}}]\n    freeze:\n" +
                              windows,
                          "p.yaml");
    REQUIRE_FALSE(p);
    return p.error().message;
}

// 2026-12-24 17:00:00 UTC, 18:00 in Berlin (CET, UTC+1).
constexpr std::int64_t christmas_eve_18h_berlin = 1798131600;
// 2026-12-27 07:00:00 UTC, 08:00 in Berlin.
constexpr std::int64_t dec27_08h_berlin = 1798354800;

} // namespace

TEST_CASE("a date window is in force from its first second to just before its end") {
    const auto p = with_freeze("      - name: holidays\n        from: 2026-12-24 18:00\n"
                               "        to: 2026-12-27 08:00\n        time_zone: Europe/Berlin\n");
    const auto& windows = p.environments[0].freeze;
    REQUIRE(windows.size() == 1);
    CHECK(describe(windows[0]) == "2026-12-24 18:00 to 2026-12-27 08:00, Europe/Berlin");
    CHECK_FALSE(active_freeze(windows, christmas_eve_18h_berlin - 1));
    auto at_start = active_freeze(windows, christmas_eve_18h_berlin);
    REQUIRE(at_start);
    CHECK(at_start->window->name == "holidays");
    CHECK(at_start->start == christmas_eve_18h_berlin);
    CHECK(at_start->end == dec27_08h_berlin);
    CHECK(active_freeze(windows, dec27_08h_berlin - 1));
    CHECK_FALSE(active_freeze(windows, dec27_08h_berlin));
    CHECK(windows[0].zone.format(dec27_08h_berlin) == "2026-12-27 08:00 CET");
}

TEST_CASE("a date alone is midnight, and UTC is the zone when none is given") {
    const auto p = with_freeze("      - {from: 2026-12-24, to: 2026-12-25}\n");
    const auto& w = p.environments[0].freeze[0];
    CHECK(w.name == "window 1");
    CHECK(w.zone.name() == "UTC");
    CHECK_FALSE(active_freeze(p.environments[0].freeze, 1798070400 - 1)); // 2026-12-24T00:00Z
    CHECK(active_freeze(p.environments[0].freeze, 1798070400));
    CHECK_FALSE(active_freeze(p.environments[0].freeze, 1798070400 + 86400));
}

TEST_CASE("a weekly window in another time zone follows its wall clock through daylight saving") {
    const auto p = with_freeze("      - name: weekend\n        from: Fri 17:00\n"
                               "        to: monday 09:00\n        time_zone: America/New_York\n");
    const auto& windows = p.environments[0].freeze;
    CHECK(describe(windows[0]) == "Fri 17:00 to Mon 09:00 weekly, America/New_York");
    // Summer (EDT, UTC-4): Friday 2026-07-10 17:00 is 21:00 UTC; it ends Monday 13:00 UTC.
    constexpr std::int64_t summer_start = 1783717200;
    CHECK_FALSE(active_freeze(windows, summer_start - 1));
    auto summer = active_freeze(windows, summer_start);
    REQUIRE(summer);
    CHECK(summer->start == summer_start);
    CHECK(summer->end == 1783947600);
    auto sunday = active_freeze(windows, summer_start + 2 * 86400);
    REQUIRE(sunday);
    CHECK(sunday->start == summer_start);
    CHECK(sunday->end == 1783947600);
    CHECK(active_freeze(windows, 1783947600 - 1));
    CHECK_FALSE(active_freeze(windows, 1783947600));
    // Winter (EST, UTC-5): Friday 2026-12-11 17:00 is 22:00 UTC, an hour later in UTC.
    constexpr std::int64_t winter_start = 1797026400;
    CHECK_FALSE(active_freeze(windows, winter_start - 1));
    auto winter = active_freeze(windows, winter_start);
    REQUIRE(winter);
    CHECK(winter->end == 1797256800);
    CHECK(windows[0].zone.format(winter->end) == "2026-12-14 09:00 EST");
    // A Wednesday noon is outside.
    CHECK_FALSE(active_freeze(windows, 1796212800));
}

TEST_CASE("a weekly window within one day, and one that wraps round the same weekday") {
    const auto p = with_freeze("      - {name: lunch, from: Wed 11:00, to: Wed 13:00}\n"
                               "      - {name: most, from: Thu 10:00, to: Thu 08:00}\n");
    const auto& windows = p.environments[0].freeze;
    // Wednesday 2026-12-02 12:00 UTC.
    auto lunch = active_freeze(windows, 1796212800);
    REQUIRE(lunch);
    CHECK(lunch->window->name == "lunch");
    CHECK(lunch->start == 1796212800 - 3600);
    CHECK(lunch->end == 1796212800 + 3600);
    // Thursday 09:00 is the one gap of "most"; Thursday 07:00 is near its end, a week on.
    CHECK_FALSE(active_freeze(windows, 1796212800 + 86400 - 3 * 3600));
    auto early = active_freeze(windows, 1796212800 + 86400 - 5 * 3600);
    REQUIRE(early);
    CHECK(early->window->name == "most");
    CHECK(early->start == 1796212800 + 86400 - 2 * 3600 - 7 * 86400);
    CHECK(early->end == 1796212800 + 86400 - 4 * 3600);
}

TEST_CASE("freeze window mistakes are reported where they are") {
    CHECK(error_of("      - {from: 2026-12-24, to: 2026-12-25, time_zone: Mars/Olympus}\n") ==
          "p.yaml:7:55: time zone \"Mars/Olympus\" is not in the tz database "
          "(/usr/share/zoneinfo); use a name like Europe/Berlin or UTC");
    CHECK(error_of("      - {from: 2026-12-24, to: 2026-12-25, time_zone: ../etc/passwd}\n") ==
          "p.yaml:7:55: time zone \"../etc/passwd\" is not a name of the tz database (like "
          "Europe/Berlin or UTC)");
    CHECK(error_of("      - {from: Fri 18:00, to: 2026-12-25}\n") ==
          "p.yaml:7:31: a weekly freeze window has a weekday and time at both ends (\"Fri "
          "18:00\" to \"Mon 08:00\")");
    CHECK(error_of("      - {from: 2026-12-24 25:00, to: 2026-12-25}\n") ==
          "p.yaml:7:16: \"2026-12-24 25:00\" is not a date and time in the window's time zone "
          "(\"2026-12-20\", \"2026-12-20 18:00\") or a weekday and time (\"Fri 18:00\")");
    CHECK(error_of("      - {name: x, from: 2026-12-25, to: 2026-12-24}\n") ==
          "p.yaml:7:41: freeze window \"x\" ends before it begins");
    CHECK(error_of("      - {name: x, from: Fri 18:00, to: fri 18:00}\n") ==
          "p.yaml:7:40: freeze window \"x\" ends where it begins");
    CHECK(error_of("      - {name: x, from: Fri 18:00}\n") ==
          "p.yaml:7:9: freeze window \"x\" needs \"from\" and \"to\" (a date and time in the "
          "window's time zone (\"2026-12-20\", \"2026-12-20 18:00\") or a weekday and time "
          "(\"Fri 18:00\"))");
}
