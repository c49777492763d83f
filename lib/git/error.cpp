// Turning libgit2's last error into the project's Error.
#include "git/error.hpp"

#include <git2.h>

namespace slipway::git {

Error last_error(std::string_view what) {
    const git_error* e = git_error_last();
    std::string message(what);
    message += ": ";
    message += (e && e->message) ? e->message : "unknown libgit2 error";
    return Error{message};
}

std::unexpected<Error> fail_git(std::string_view what) {
    return std::unexpected<Error>(last_error(what));
}

} // namespace slipway::git
