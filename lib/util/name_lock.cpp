// Name locks: bind(2) of an abstract unix socket address, which exists only while a socket is
// bound to it.
#include "util/name_lock.hpp"

#include "util/sha256.hpp"

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>

namespace slipway::util {

Result<std::optional<NameLock>> NameLock::try_take(std::string_view key) {
    Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd)
        return fail(std::string("cannot make a socket for a lock: ") + std::strerror(errno));
    // A leading NUL puts the address in the abstract namespace: no file, nothing to delete.
    const std::string name = std::string(1, '\0') + "slipway-lock-" + sha256_hex(key);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.data(), name.size());
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), length) == 0)
        return std::optional<NameLock>(NameLock(std::move(fd)));
    if (errno == EADDRINUSE)
        return std::optional<NameLock>();
    return fail(std::string("cannot take a lock: bind: ") + std::strerror(errno));
}

} // namespace slipway::util
