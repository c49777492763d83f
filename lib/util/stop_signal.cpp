// SIGTERM as a request to stop: noted, then honoured at the next safe point.
#include "util/stop_signal.hpp"

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace slipway::util {

namespace {

volatile std::sig_atomic_t requested = 0;
// The self-pipe: the handler writes a byte, a poll(2) loop wakes. Without it a signal landing
// between a check and poll() would wait for the child's next output.
int pipe_fds[2] = {-1, -1};

extern "C" void on_stop_signal(int signal) {
    requested = signal;
    if (pipe_fds[1] >= 0) {
        const char byte = 1;
        [[maybe_unused]] auto n = ::write(pipe_fds[1], &byte, 1); // async-signal-safe
    }
}

} // namespace

void catch_stop_signal() {
    if (pipe_fds[0] < 0 && ::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0)
        pipe_fds[0] = pipe_fds[1] = -1; // no wake-up: loops still see the flag at their timeouts
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: a blocking call returns EINTR and its loop looks
    ::sigaction(SIGTERM, &action, nullptr);
}

int stop_requested() {
    return requested;
}

int stop_fd() {
    return pipe_fds[0];
}

void clear_stop_request() {
    requested = 0;
    char buffer[64];
    while (pipe_fds[0] >= 0 && ::read(pipe_fds[0], buffer, sizeof buffer) > 0) {
    }
}

} // namespace slipway::util
