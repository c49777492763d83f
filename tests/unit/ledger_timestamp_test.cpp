// Tests for ledger/timestamp: UTC formatting, parsing, durations.
#include "ledger/timestamp.hpp"

#include <catch2/catch.hpp>

using namespace slipway::ledger;

TEST_CASE("times format as ISO 8601 UTC") {
    CHECK(format_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(format_utc(1714564803042) == "2024-05-01T12:00:03Z");
    CHECK(format_utc_ms(1714564803042) == "2024-05-01T12:00:03.042Z");
    CHECK(now_ms() > 1714564803042);
}

TEST_CASE("parse_utc reads dates, times, and the formatter's own output") {
    CHECK(parse_utc("2024-05-01").value() == 1714521600000);
    CHECK(parse_utc("2024-05-01T12:00").value() == 1714564800000);
    CHECK(parse_utc("2024-05-01 12:00:03").value() == 1714564803000);
    CHECK(parse_utc("2024-05-01T12:00:03.042Z").value() == 1714564803042);
    CHECK(parse_utc(format_utc(1714564803042)).value() == 1714564803000);
}

TEST_CASE("parse_utc refuses what is not a date") {
    for (auto text : {"yesterday", "2024-13-01", "2024-02-31", "2024-05-01T", "2024-05-01T12",
                      "2024-05-01Tab:00", "2024-05-01x"}) {
        auto r = parse_utc(text);
        REQUIRE_FALSE(r);
        CHECK(r.error().message == "`" + std::string(text) +
                                       "` is not a UTC time; use 2024-05-01, 2024-05-01T12:00 "
                                       "or 2024-05-01T12:00:03Z");
    }
}

TEST_CASE("durations read well at every scale") {
    CHECK(format_duration(850) == "850ms");
    CHECK(format_duration(4210) == "4.2s");
    CHECK(format_duration(125000) == "2m05s");
    CHECK(format_duration(3720000) == "1h02m");
}
