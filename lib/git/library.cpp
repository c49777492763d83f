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

void trust_repository_owners() {
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}

} // namespace slipway::git
