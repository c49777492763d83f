// The per-environment deploy lock: flock(2) on a file, released when its process dies.
#pragma once

#include "util/fd.hpp"
#include "util/name_lock.hpp"
#include "util/result.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace slipway::deploy {

using util::Fd;

/// Who holds a lock, as written into the lock file for waiters to read.
struct LockHolder {
    std::string commit;          ///< the commit being deployed (full or short hex)
    std::string pusher;          ///< who pushed it
    std::int64_t started_at = 0; ///< seconds since the epoch
    long pid = 0;                ///< the deploying process
};

/// What a waiter knows while it waits.
struct WaitStatus {
    std::optional<LockHolder> holder; ///< nullopt when the lock file could not be read
    std::chrono::seconds waited{0};   ///< how long this waiter has waited so far
};

/// "deploy of 9be01d2 by bob", or "another deploy" when `holder` is unknown.
std::string describe_holder(const std::optional<LockHolder>& holder);

/// "waiting for deploy of 9be01d2 by bob (12s)", or "waiting for another deploy (12s)" when
/// the holder is unknown. The time is how long the waiter has waited.
std::string describe_wait(const WaitStatus& status);

/// Called when acquire() starts waiting and then every `report_interval` while it waits.
using WaitSink = std::function<void(const WaitStatus&)>;

/// How acquire() waits.
struct LockOptions {
    std::chrono::milliseconds poll_interval{200};
    std::chrono::milliseconds report_interval{std::chrono::seconds(5)};
    std::chrono::milliseconds timeout{std::chrono::hours(1)};
};

/// A held lock: a util::NameLock on the lock file's path (which deleting the file or its
/// directory cannot break) and flock(2) on the file, whose content tells waiters who holds it.
/// Both are close-on-exec, so a child (terraform, kubectl) never keeps the lock alive; the
/// kernel releases them when this process exits or dies, whatever the cause.
class EnvironmentLock {
public:
    /// Takes the lock at `file` if nobody holds it, creating the file (and its directory);
    /// nullopt when it is held. Fails on I/O errors.
    static Result<std::optional<EnvironmentLock>> try_acquire(const std::filesystem::path& file,
                                                              const LockHolder& me);
    /// Takes the lock at `file`, waiting as long as `options.timeout`; calls `on_wait` at once
    /// when it has to wait and then every `options.report_interval`. Fails on I/O errors and
    /// on timeout ("gave up after 60s waiting for deploy of 9be01d2 by bob").
    static Result<EnvironmentLock> acquire(const std::filesystem::path& file, const LockHolder& me,
                                           const WaitSink& on_wait,
                                           const LockOptions& options = {});

    /// Releases the lock, after clearing the holder description.
    ~EnvironmentLock();
    EnvironmentLock(EnvironmentLock&&) noexcept = default;
    EnvironmentLock& operator=(EnvironmentLock&&) noexcept = default;

    const std::filesystem::path& file() const { return m_file; }

private:
    EnvironmentLock(Fd fd, util::NameLock name, std::filesystem::path file)
        : m_fd(std::move(fd))
        , m_name(std::move(name))
        , m_file(std::move(file)) {}
    Fd m_fd;
    util::NameLock m_name;
    std::filesystem::path m_file;
};

/// The holder described in the lock file at `file`; nullopt when it is empty, missing or
/// half-written. Says nothing about whether the lock is held right now.
std::optional<LockHolder> read_lock_holder(const std::filesystem::path& file);

} // namespace slipway::deploy
