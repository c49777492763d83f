// A lock on a name rather than a file: a Linux abstract-namespace socket bound to it. Nobody
// can delete it, the kernel releases it when its holder exits or dies, and only one process
// at a time can bind a name.
#pragma once

#include "util/fd.hpp"
#include "util/result.hpp"

#include <optional>
#include <string_view>

namespace slipway::util {

/// A held name lock. Move-only; released when destroyed or when the process ends. The socket
/// is close-on-exec, so a child never holds it.
class NameLock {
public:
    /// Takes the lock named `key` (any bytes; hashed into the socket's name) if nobody holds
    /// it; nullopt when a process holds it. Fails when no socket can be made. The names live
    /// in the network namespace: processes in different ones do not exclude each other.
    static Result<std::optional<NameLock>> try_take(std::string_view key);

private:
    explicit NameLock(Fd fd)
        : m_fd(std::move(fd)) {}
    Fd m_fd;
};

} // namespace slipway::util
