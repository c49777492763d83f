// The per-environment deploy lock: a name lock on the lock file's path, and flock(2) on the file,
// both released when its process dies.
#include "deploy/lock.hpp"

#include "git/oid.hpp"
#include "util/name_lock.hpp"
#include "util/stop_signal.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>

namespace slipway::deploy {

using namespace std::chrono;

namespace {

std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r')
            c = ' ';
    return s;
}

std::string serialize(const LockHolder& h) {
    return "commit=" + one_line(h.commit) + "\npusher=" + one_line(h.pusher) +
           "\nstarted=" + std::to_string(h.started_at) + "\npid=" + std::to_string(h.pid) +
           "\nend\n";
}

template <class T>
bool parse_number(std::string_view text, T& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

std::optional<LockHolder> parse(std::string_view text) {
    // The holder writes "end" last: without it the description is half-written.
    if (!text.ends_with("\nend\n"))
        return std::nullopt;
    LockHolder h;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        auto eq = line.find('=');
        if (eq == std::string_view::npos)
            continue;
        auto key = line.substr(0, eq);
        auto value = line.substr(eq + 1);
        if (key == "commit")
            h.commit = value;
        else if (key == "pusher")
            h.pusher = value;
        else if (key == "started" && !parse_number(value, h.started_at))
            return std::nullopt;
        else if (key == "pid" && !parse_number(value, h.pid))
            return std::nullopt;
    }
    return h;
}

// True when `path` is a symlink itself (lstat: not followed).
bool lstat_is_symlink(const std::filesystem::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

Result<Fd> open_lock_file(const std::filesystem::path& file) {
    // A lock taken through a symlink locks something else: neither the directory nor the file
    // may be one (O_NOFOLLOW covers only the file, and says only "too many levels").
    const auto dir = file.parent_path();
    for (const auto& p : {dir.parent_path(), dir, file})
        if (!p.empty() && lstat_is_symlink(p))
            return fail("cannot take the lock " + file.string() + ": " + p.string() +
                        " is a symlink, and a lock is never taken through one; replace it with "
                        "the directory or file it points to");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return fail("cannot create " + dir.string() + ": " + ec.message());
    Fd fd(::open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (!fd)
        return fail("cannot open lock file " + file.string() + ": " + std::strerror(errno));
    return fd;
}

Status write_holder(int fd, const LockHolder& me, const std::filesystem::path& file) {
    std::string text = serialize(me);
    if (::ftruncate(fd, 0) != 0 ||
        ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
        return fail("cannot write lock file " + file.string() + ": " + std::strerror(errno));
    return {};
}

} // namespace

std::string describe_holder(const std::optional<LockHolder>& holder) {
    if (!holder || holder->commit.empty())
        return "another deploy";
    std::string what = "deploy of " + git::short_id(holder->commit);
    if (!holder->pusher.empty())
        what += " by " + holder->pusher;
    return what;
}

std::string describe_wait(const WaitStatus& status) {
    return "waiting for " + describe_holder(status.holder) + " (" +
           std::to_string(status.waited.count()) + "s)";
}

Result<std::optional<EnvironmentLock>>
EnvironmentLock::try_acquire(const std::filesystem::path& file, const LockHolder& me) {
    SLIPWAY_TRY_LET(fd, open_lock_file(file));
    // flock alone is not enough: deleting the lock file (or slipway/locks/) while a deploy
    // holds it lets the next deploy create a new file and lock that. The name lock is keyed
    // by the path, which a new file keeps, and cannot be deleted.
    std::error_code ec;
    const auto key = std::filesystem::weakly_canonical(file, ec);
    SLIPWAY_TRY_LET(name, util::NameLock::try_take("deploy-lock:" + (ec ? file : key).string()));
    if (!*name)
        return std::optional<EnvironmentLock>{};
    while (::flock(fd->get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return std::optional<EnvironmentLock>{};
        if (errno != EINTR)
            return fail("cannot lock " + file.string() + ": " + std::strerror(errno));
    }
    SLIPWAY_TRY(write_holder(fd->get(), me, file));
    return std::optional<EnvironmentLock>(EnvironmentLock(std::move(*fd), std::move(**name), file));
}

Result<EnvironmentLock> EnvironmentLock::acquire(const std::filesystem::path& file,
                                                 const LockHolder& me, const WaitSink& on_wait,
                                                 const LockOptions& options) {
    const auto started = steady_clock::now();
    std::optional<steady_clock::time_point> last_report;
    while (true) {
        SLIPWAY_TRY_LET(lock, try_acquire(file, me));
        if (*lock)
            return std::move(**lock);
        const auto now = steady_clock::now();
        WaitStatus status{read_lock_holder(file), duration_cast<seconds>(now - started)};
        if (now - started >= options.timeout) {
            return fail("gave up after " + std::to_string(status.waited.count()) +
                        "s waiting for " + describe_holder(status.holder));
        }
        if (util::stop_requested() != 0)
            return fail("stopped (the server is stopping?) after " +
                        std::to_string(status.waited.count()) + "s waiting for " +
                        describe_holder(status.holder) + "; nothing of it ran");
        if (on_wait && (!last_report || now - *last_report >= options.report_interval)) {
            last_report = now;
            on_wait(status);
        }
        std::this_thread::sleep_for(options.poll_interval);
    }
}

EnvironmentLock::~EnvironmentLock() {
    if (m_fd) {
        // Waiters must not read a finished deploy as the one they wait for.
        [[maybe_unused]] int rc = ::ftruncate(m_fd.get(), 0);
    }
}

std::optional<LockHolder> read_lock_holder(const std::filesystem::path& file) {
    Fd fd(::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd)
        return std::nullopt;
    char buffer[4096];
    ssize_t n = ::pread(fd.get(), buffer, sizeof buffer, 0);
    if (n <= 0)
        return std::nullopt;
    return parse(std::string_view(buffer, static_cast<std::size_t>(n)));
}

} // namespace slipway::deploy
