// Process groups written to a file as children start; killed from it when their deploy died.
#include "util/process_groups.hpp"

#include "util/fd.hpp"
#include "util/files.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <optional>
#include <sstream>
#include <string>
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
        ::open(active_file->c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (fd) {
        [[maybe_unused]] auto n = ::write(fd.get(), line.data(), line.size());
    }
}

Result<int> kill_recorded_groups(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return 0;
    SLIPWAY_TRY_LET(text, read_file(file));
    std::istringstream lines(*text);
    int killed = 0;
    long group = 0;
    std::string started;
    while (lines >> group >> started) {
        if (group <= 1 || ::kill(static_cast<pid_t>(-group), 0) != 0 || !has_live_member(group))
            continue; // no such group any more, or only its zombies
        const auto leader = start_time(static_cast<pid_t>(group));
        if (leader && *leader != started)
            continue; // the id now names another process's group
        if (::kill(static_cast<pid_t>(-group), SIGKILL) == 0)
            ++killed;
    }
    truncate(file);
    return killed;
}

} // namespace slipway::util
