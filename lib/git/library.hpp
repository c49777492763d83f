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

} // namespace slipway::git
