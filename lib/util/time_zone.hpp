// Civil time in a named time zone, from the system's tz database through the C library.
#pragma once

#include "util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace slipway::util {

/// A wall-clock time in some zone, as people write it.
struct CivilTime {
    int year = 1970;
    int month = 1; ///< 1..12
    int day = 1;   ///< 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int weekday = 4; ///< 0 Sunday .. 6 Saturday (derived; ignored by TimeZone::to_utc)
    friend bool operator==(const CivilTime&, const CivilTime&) = default;
};

/// A zone of the system's tz database (/usr/share/zoneinfo, or $TZDIR), e.g. "Europe/Berlin"
/// or "UTC". Offsets and daylight-saving rules come from that database via the C library
/// (localtime_r, mktime under TZ), never from a table of our own. Conversions take a
/// process-wide lock: the C library keeps the zone in global state.
class TimeZone {
public:
    /// The zone called `name`. Fails, naming it, when the database has no such zone (the C
    /// library would silently use UTC for an unknown name) or the name is not a plain
    /// relative name of the database ("../x", "/etc/localtime").
    static Result<TimeZone> named(std::string_view name);
    static TimeZone utc() { return TimeZone("UTC"); }

    const std::string& name() const { return m_name; }

    /// The wall-clock time in this zone at `utc_seconds` (since the epoch).
    CivilTime civil(std::int64_t utc_seconds) const;

    /// The instant this zone's clocks show `local` (its weekday is ignored). A time the
    /// clocks skip (spring forward) is read with the offset before the change, so it lands
    /// after the gap; a time they show twice (fall back) is the first of the two.
    std::int64_t to_utc(const CivilTime& local) const;

    /// "2026-12-24 18:00 CET": minutes precision, the zone's abbreviation at that time.
    std::string format(std::int64_t utc_seconds) const;

private:
    explicit TimeZone(std::string name)
        : m_name(std::move(name)) {}
    std::string m_name;
};

} // namespace slipway::util
