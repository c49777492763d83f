// SIGTERM as a request to stop: noted, then honoured at the next safe point.
#pragma once

namespace slipway::util {

/// Makes SIGTERM ask this process to stop instead of killing it on the spot: the handler only
/// notes the request (and wakes a util::process loop through a pipe). A child running then is
/// sent SIGTERM with its process group, and SIGKILL after a grace period (Command::stop_grace);
/// callers check stop_requested() between steps and record what they stopped. The
/// post-receive main calls it once, first, so a server shutting down leaves a deploy recorded
/// as stopped, not one that dies half-way with nothing said.
void catch_stop_signal();

/// The signal that asked this process to stop (SIGTERM), or 0 when none did.
int stop_requested();

/// A descriptor that turns readable once a stop is requested, for poll(2); -1 before
/// catch_stop_signal().
int stop_fd();

/// Forgets a request (tests).
void clear_stop_request();

} // namespace slipway::util
