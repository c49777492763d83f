// A move-only owner of one POSIX file descriptor.
#pragma once

#include <unistd.h>
#include <utility>

namespace slipway::util {

/// Closes its descriptor when destroyed; -1 means none.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd)
        : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& other) noexcept
        : m_fd(other.release()) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other)
            reset(other.release());
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const { return m_fd; }
    bool valid() const { return m_fd >= 0; }
    explicit operator bool() const { return m_fd >= 0; }
    /// Gives up ownership without closing.
    int release() { return std::exchange(m_fd, -1); }
    /// Closes the current descriptor and takes `fd`.
    void reset(int fd = -1) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd = -1;
};

} // namespace slipway::util
