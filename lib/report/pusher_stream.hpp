// The pusher's terminal: whole lines, each written and flushed at once, a gone pusher ignored.
#pragma once

#include <string_view>

namespace slipway::report {

/// Writes `line`, escaped (util::escape_controls(): a '\n' in it too, so it stays one line),
/// and a newline to file descriptor `fd` (default stderr, which git relays to the pusher as
/// `remote:` lines) in one write; errors such as a closed pipe are ignored so the caller can
/// carry on without an audience.
void write_line(std::string_view line, int fd = 2);

} // namespace slipway::report
