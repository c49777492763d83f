// Secrets: random bytes from the kernel.
#include "util/random.hpp"

#include <cerrno>
#include <cstring>
#include <sys/random.h>
#include <vector>

namespace slipway::util {

Result<std::string> random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    std::size_t got = 0;
    while (got < bytes) {
        const ssize_t n = ::getrandom(raw.data() + got, bytes - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(std::string("cannot get random bytes from the kernel: ") +
                        std::strerror(errno));
        got += static_cast<std::size_t>(n);
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes * 2);
    for (unsigned char b : raw) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xF]);
    }
    return out;
}

} // namespace slipway::util
