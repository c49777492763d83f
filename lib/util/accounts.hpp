// OS accounts as people read them: names of users and groups, and this process's groups.
#pragma once

#include <string>
#include <sys/types.h>

namespace slipway::util {

/// The name of user `uid`, or "uid N" when it has no account.
std::string user_name(uid_t uid);
/// The name of group `gid`, or "gid N" when it has none.
std::string group_name(gid_t gid);
/// True when this process is in group `gid` (its effective group or a supplementary one).
bool in_group(gid_t gid);

} // namespace slipway::util
