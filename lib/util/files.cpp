// Whole-file reads and atomic writes.
#include "util/files.hpp"

#include "util/fd.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace slipway::util {

Result<std::string> read_file(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        return fail("cannot read " + path.string() + ": " + std::strerror(errno));
    std::string out;
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail("cannot read " + path.string() + ": " + std::strerror(errno));
        }
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view content,
                         std::filesystem::perms mode) {
    auto tmp = path;
    tmp += ".tmp-" + std::to_string(::getpid());
    {
        Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                     static_cast<mode_t>(mode)));
        if (fd.get() < 0)
            return fail("cannot write " + path.string() + ": " + std::strerror(errno));
        std::string_view rest = content;
        while (!rest.empty()) {
            ssize_t n = ::write(fd.get(), rest.data(), rest.size());
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                int err = errno;
                ::unlink(tmp.c_str());
                return fail("cannot write " + path.string() + ": " + std::strerror(err));
            }
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
        if (::fsync(fd.get()) != 0 || ::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) {
            int err = errno;
            ::unlink(tmp.c_str());
            return fail("cannot write " + path.string() + ": " + std::strerror(err));
        }
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return fail("cannot write " + path.string() + ": " + std::strerror(err));
    }
    return {};
}

bool write_cache_file(const std::filesystem::path& path, std::string_view content) {
    static std::atomic<unsigned> counter{0};
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    auto tmp = path;
    tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    {
        Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
        if (fd.get() < 0)
            return false;
        std::string_view rest = content;
        while (!rest.empty()) {
            ssize_t n = ::write(fd.get(), rest.data(), rest.size());
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                ::unlink(tmp.c_str());
                return false;
            }
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

} // namespace slipway::util
