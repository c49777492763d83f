// A move-only owner of one POSIX file descriptor.
#pragma once

#include <unistd.h>
#include <utility>

namespace slipway::deploy {

/// Owns `fd` (when >= 0) and closes it once, on destruction or reset().
class Fd {
public:
    explicit Fd(int fd = -1)
        : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd(Fd&& other) noexcept
        : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other)
            reset(std::exchange(other.m_fd, -1));
        return *this;
    }

    /// The descriptor, still owned; -1 when empty.
    int get() const { return m_fd; }
    explicit operator bool() const { return m_fd >= 0; }
    /// Closes the current descriptor (if any) and owns `fd` instead.
    void reset(int fd = -1) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd;
};

} // namespace slipway::deploy
