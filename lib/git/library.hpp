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

} // namespace slipway::git
