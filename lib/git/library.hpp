// The libgit2 init/shutdown guard: one per main, before any other git_* call.
#pragma once

namespace slipway::git {

/// Initializes libgit2 for the lifetime of the object. Create exactly one in each main.
class Library {
public:
    Library();
    ~Library();
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;
};

/// Turns off libgit2's check that a repository belongs to the user opening it (git's
/// safe.directory) for this process only: for a command that only reads a repository another
/// user owns. Nothing is written to any git config.
void trust_repository_owners();

/// Makes libgit2 look for the global and XDG git config under the HOME this process has now:
/// it worked the paths out from HOME when it started, and a process that became another user
/// (root acting for a repository's owner) would otherwise look in the old user's home, which
/// the new one may not be allowed to read ("failed to stat '/root/.gitconfig'").
void refresh_config_search_paths();

} // namespace slipway::git
