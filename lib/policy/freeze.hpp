// `environments[].freeze:` windows: when an environment takes no deploys (a holiday freeze,
// weekends), in a named time zone.
#pragma once

#include "policy/position.hpp"
#include "util/time_zone.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace slipway::policy {

/// One window. `from` is inside it, `to` is not. A weekly window repeats every week, by the
/// zone's wall clock (so it follows daylight saving); a date window happens once.
struct FreezeWindow {
    std::string name;
    bool weekly = false;
    util::CivilTime from; ///< weekly: only weekday, hour and minute count
    util::CivilTime to;
    util::TimeZone zone = util::TimeZone::utc();
    Position position;
};

/// A window in force at some instant, with when it began and ends (seconds since the epoch).
struct ActiveFreeze {
    const FreezeWindow* window = nullptr;
    std::int64_t start = 0;
    std::int64_t end = 0;
};

/// The first of `windows` in force at `utc_seconds`, nullopt when none is.
std::optional<ActiveFreeze> active_freeze(const std::vector<FreezeWindow>& windows,
                                          std::int64_t utc_seconds);

/// "Fri 18:00 to Mon 08:00 weekly, Europe/Berlin" or "2026-12-20 00:00 to 2027-01-04 08:00,
/// Europe/Berlin": the window as the policy gives it.
std::string describe(const FreezeWindow& window);

} // namespace slipway::policy
