// The process groups a deploy starts, written down as they start, so that the next deploy
// can end what a dead one left running.
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <sys/types.h>

namespace slipway::util {

/// While alive, every child util::process starts in this process has its process group
/// appended to `file` (with the group leader's start time, which tells a reused id from the
/// group). Destroyed at the end of a deploy whose children all ended, it empties the file; a
/// process that dies never destroys it, and the file names what may still run. One at a time
/// per process.
class GroupRecorder {
public:
    explicit GroupRecorder(std::filesystem::path file);
    ~GroupRecorder();
    GroupRecorder(const GroupRecorder&) = delete;
    GroupRecorder& operator=(const GroupRecorder&) = delete;

private:
    std::filesystem::path m_file;
};

/// Called by util::process for each child it starts, whose group id is its pid: appended to
/// the active GroupRecorder's file, if any. Never fails (a deploy does not stop for it).
void record_child_group(pid_t group);

/// Makes this process a child subreaper (prctl PR_SET_CHILD_SUBREAPER): a process its children
/// leave behind, even one that left their process group (setsid), becomes its child when its
/// parent exits, instead of init's, so end_adopted_orphans() can find it. The post-receive
/// main calls it once. Fails when the kernel refuses (not Linux 3.4+).
Status become_subreaper();

/// In a subreaper with no child of its own running: kills (SIGKILL, and its group when it
/// leads one) and reaps every child this process has, which can only be an orphan adopted
/// from a finished child, then the orphans those leave, until none is left. Returns how many
/// it killed; 0 in a process that is no subreaper (a test harness, whose children are its
/// own servers).
int end_adopted_orphans();

/// Kills (SIGKILL) every group written in `file` that still runs and is the group that was
/// written (its leader's start time matches, or the leader is gone but members remain: a
/// group id is not reused while the group exists), waits (up to 5 s) until nothing of them
/// runs any more, then empties the file. Returns how many groups it killed; 0 when the file
/// is missing.
Result<int> kill_recorded_groups(const std::filesystem::path& file);

} // namespace slipway::util
