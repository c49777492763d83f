// The one line a pusher reads at the end of an environment's deploy, and the counts behind it.
#include "deploy/summary.hpp"

#include "git/oid.hpp"
#include "util/fd.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>

namespace slipway::deploy {

std::string summary_line(const DeploySummary& s) {
    if (s.skipped)
        return "skipped " + git::short_id(s.commit) + ": " + s.failure;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1fs",
                  static_cast<double>(s.duration.count()) / 1000.0);
    const std::string counts = "(" + std::to_string(s.counts.applied) + " applied, " +
                               std::to_string(s.counts.pruned) + " pruned, " +
                               std::to_string(s.counts.changed) + " changed)";
    const std::string id = git::short_id(s.commit);
    if (s.ok)
        return "deployed " + id + " in " + seconds + " " + counts;
    return "deploy of " + id + " FAILED after " + seconds + " " + counts + ": " + s.failure;
}

Result<bool> log_shows_success(const std::filesystem::path& log, std::string_view environment,
                               std::string_view commit) {
    // Whatever a deploy prints after its summary is a notice or two: the tail is enough, and a
    // target that wrote gigabytes costs nothing to look at.
    constexpr off_t tail = 64 * 1024;
    util::Fd fd(::open(log.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT)
            return false;
        return fail("cannot read " + log.string() + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
        return fail("cannot read " + log.string() + ": not a regular file");
    const off_t from = st.st_size > tail ? st.st_size - tail : 0;
    std::string text(static_cast<std::size_t>(st.st_size - from), '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const ssize_t n =
            ::pread(fd.get(), text.data() + got, text.size() - got, from + static_cast<off_t>(got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail("cannot read " + log.string() + ": " + std::strerror(errno));
        if (n == 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);

    const std::string prefix = "[" + std::string(environment) + "] ";
    // Only whole lines count: the window may start inside one, and a line cut off by the
    // process dying mid-write says nothing.
    std::string_view rest = text;
    if (from > 0)
        rest.remove_prefix(std::min(rest.size(), rest.find('\n') + 1));
    const auto last = rest.rfind('\n');
    rest = last == std::string_view::npos ? std::string_view() : rest.substr(0, last + 1);
    while (!rest.empty()) {
        rest.remove_suffix(1); // its '\n'
        const auto start = rest.rfind('\n');
        const std::string_view line =
            start == std::string_view::npos ? rest : rest.substr(start + 1);
        rest = start == std::string_view::npos ? std::string_view() : rest.substr(0, start + 1);
        if (line.starts_with(prefix))
            return line.substr(prefix.size())
                .starts_with("deployed " + git::short_id(commit) + " in ");
    }
    return false;
}

} // namespace slipway::deploy
