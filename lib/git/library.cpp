// The libgit2 init/shutdown guard.
#include "git/library.hpp"

#include <git2.h>

namespace slipway::git {

Library::Library() {
    git_libgit2_init();
}
Library::~Library() {
    git_libgit2_shutdown();
}

} // namespace slipway::git
