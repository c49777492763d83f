// Record times: milliseconds since the Unix epoch, shown as ISO 8601 UTC.
#pragma once

#include "util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace slipway::ledger {

/// The current time in milliseconds since 1970-01-01T00:00:00Z.
std::int64_t now_ms();

/// `ms` as "2024-05-01T12:00:03Z" (seconds precision, UTC).
std::string format_utc(std::int64_t ms);

/// `ms` as "2024-05-01T12:00:03.042Z" (milliseconds, UTC), for JSON.
std::string format_utc_ms(std::int64_t ms);

/// A duration for people: "850ms", "4.2s", "2m05s", "1h02m".
std::string format_duration(std::int64_t ms);

/// Parses "2024-05-01", "2024-05-01T12:00", "2024-05-01T12:00:03" or with a trailing "Z"
/// or fractional seconds; a space may replace the "T". Always UTC. Fails naming the text
/// and the accepted forms.
Result<std::int64_t> parse_utc(std::string_view text);

} // namespace slipway::ledger
