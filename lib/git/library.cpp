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

void refresh_config_search_paths() {
    // A null path resets a level to its default, which libgit2 works out anew from HOME.
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, nullptr);
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, nullptr);
}

} // namespace slipway::git
