// Writing a file in Slipway's state or a workspace without ever following a symlink there.
#include "util/new_file.hpp"

#include "util/fd.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>

namespace slipway::util {

Status write_new_file(const std::filesystem::path& file, std::string_view text, mode_t mode) {
    if (::unlink(file.c_str()) != 0 && errno != ENOENT)
        return fail("cannot replace " + file.string() + ": " + std::strerror(errno));
    util::Fd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
    if (!fd)
        return fail("cannot create " + file.string() + ": " + std::strerror(errno));
    while (!text.empty()) {
        ssize_t n = ::write(fd.get(), text.data(), text.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail("cannot write " + file.string() + ": " + std::strerror(errno));
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fchmod(fd.get(), mode) != 0 || ::fsync(fd.get()) != 0)
        return fail("cannot write " + file.string() + ": " + std::strerror(errno));
    return {};
}

} // namespace slipway::util
