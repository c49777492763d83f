// The pusher's terminal.
#include "report/pusher_stream.hpp"

#include "util/escape.hpp"

#include <cerrno>
#include <string>
#include <unistd.h>

namespace slipway::report {

void write_line(std::string_view line, int fd) {
    std::string buffer = util::escape_controls(line);
    buffer.push_back('\n');
    std::string_view rest = buffer;
    while (!rest.empty()) {
        ssize_t n = ::write(fd, rest.data(), rest.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
}

} // namespace slipway::report
