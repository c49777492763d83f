// Process groups written to a file as children start; killed from it when their deploy died.
#include "util/process_groups.hpp"

#include "util/fd.hpp"
#include "util/files.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sstream>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace slipway::util {

namespace {

const std::filesystem::path* active_file = nullptr;

// Fields 3.. of /proc/<pid>/stat (state, ppid, pgrp, ... starttime is the 20th of them);
// empty when there is no such process. The command name (field 2) may hold spaces and ')'.
std::vector<std::string> stat_fields(const std::string& pid) {
    auto text = read_file("/proc/" + pid + "/stat");
    if (!text)
        return {};
    auto close = text->rfind(')');
    if (close == std::string::npos)
        return {};
    std::istringstream rest(text->substr(close + 1));
    std::vector<std::string> fields;
    for (std::string f; fields.size() < 20 && rest >> f;)
        fields.push_back(f);
    return fields;
}

// When process `pid` started, in clock ticks since boot (field 22); nullopt when it is gone.
std::optional<std::string> start_time(pid_t pid) {
    auto fields = stat_fields(std::to_string(pid));
    if (fields.size() < 20)
        return std::nullopt;
    return fields[19];
}

// True when a process of group `group` is alive: zombies (whose parent died, and whom init has
// not reaped yet) run nothing.
bool has_live_member(long group) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        auto fields = stat_fields(name);
        if (fields.size() >= 3 && fields[2] == std::to_string(group) && fields[0] != "Z")
            return true;
    }
    return false;
}

// The children of this process: /proc/self/task/*/children, or, where the kernel lacks that
// file, every process whose parent is this one.
std::vector<pid_t> own_children() {
    std::vector<pid_t> out;
    std::error_code ec;
    bool listed = false;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
        auto text = read_file(task.path() / "children");
        if (!text)
            continue;
        listed = true;
        std::istringstream ids(*text);
        for (long id = 0; ids >> id;)
            out.push_back(static_cast<pid_t>(id));
    }
    if (listed)
        return out;
    const std::string self = std::to_string(::getpid());
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        auto fields = stat_fields(name);
        if (fields.size() >= 2 && fields[1] == self)
            out.push_back(static_cast<pid_t>(std::stol(name)));
    }
    return out;
}

void truncate(const std::filesystem::path& file) {
    Fd fd(::open(file.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC));
}

} // namespace

GroupRecorder::GroupRecorder(std::filesystem::path file)
    : m_file(std::move(file)) {
    truncate(m_file);
    active_file = &m_file;
}

GroupRecorder::~GroupRecorder() {
    active_file = nullptr;
    truncate(m_file);
}

void record_child_group(pid_t group) {
    if (!active_file)
        return;
    const std::string line = std::to_string(group) + " " + start_time(group).value_or("0") + "\n";
    Fd fd(
        ::open(active_file->c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (fd) {
        [[maybe_unused]] auto n = ::write(fd.get(), line.data(), line.size());
    }
}

Status become_subreaper() {
    if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
        return fail(std::string("cannot become a child subreaper: ") + std::strerror(errno));
    return {};
}

int end_adopted_orphans() {
    int subreaper = 0;
    if (::prctl(PR_GET_CHILD_SUBREAPER, &subreaper, 0, 0, 0) != 0 || subreaper == 0)
        return 0;
    int killed = 0;
    // Each round's orphans leave their own children to this process: a bounded number of
    // rounds ends a tree of any shape a deploy can build in the time it takes.
    for (int round = 0; round < 64; ++round) {
        const auto children = own_children();
        if (children.empty())
            break;
        for (pid_t child : children) {
            auto fields = stat_fields(std::to_string(child));
            if (!fields.empty() && fields[0] != "Z")
                ++killed; // a zombie ran nothing any more: only reaped
            if (::getpgid(child) == child)
                ::kill(-child, SIGKILL);
            ::kill(child, SIGKILL);
            while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) {
            }
        }
    }
    return killed;
}

Result<int> kill_recorded_groups(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return 0;
    SLIPWAY_TRY_LET(text, read_file(file));
    std::istringstream lines(*text);
    int killed = 0;
    std::vector<long> killed_groups;
    long group = 0;
    std::string started;
    while (lines >> group >> started) {
        if (group <= 1 || ::kill(static_cast<pid_t>(-group), 0) != 0 || !has_live_member(group))
            continue; // no such group any more, or only its zombies
        const auto leader = start_time(static_cast<pid_t>(group));
        if (leader && *leader != started)
            continue; // the id now names another process's group
        if (::kill(static_cast<pid_t>(-group), SIGKILL) == 0) {
            ++killed;
            killed_groups.push_back(group);
        }
    }
    // SIGKILL takes effect when a process next runs: wait (a while, bounded) until each group
    // has nothing alive, so that the deploy that called this never runs beside it.
    for (int i = 0; i < 500 && !killed_groups.empty(); ++i) {
        std::erase_if(killed_groups, [](long g) { return !has_live_member(g); });
        if (!killed_groups.empty())
            ::usleep(10'000);
    }
    truncate(file);
    return killed;
}

} // namespace slipway::util
