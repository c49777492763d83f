// Tests for util/write_access: which path of the state this process may not write, whose it is,
// and the fix that fits whose it is and the repository's sharing.
#include "util/write_access.hpp"

#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace slipway::util;
namespace fs = std::filesystem;

namespace {

// write_problem() as this process sees it, or, when it runs as root (whom no mode stops), as
// `nobody` sees it: in a child that becomes nobody and sends the answer back.
std::string problem_as_other(const std::vector<Needed>& needed, const RepoSharing& repo) {
    auto ask = [&] {
        return write_problem(needed, repo, "this deploy").value_or("(none)");
    };
    if (::geteuid() != 0)
        return ask();
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        const passwd* nobody = ::getpwnam("nobody");
        if (!nobody || ::setgroups(0, nullptr) != 0 || ::setgid(nobody->pw_gid) != 0 ||
            ::setuid(nobody->pw_uid) != 0)
            ::_exit(2);
        const std::string answer = ask();
        (void)!::write(fds[1], answer.data(), answer.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string answer;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        answer.append(buffer, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return answer;
}

} // namespace

TEST_CASE("write access: paths this process may write, or that a read-only mode does not stop "
          "(root), are no problem") {
    slipway::test::TempDir dir;
    fs::create_directories(dir / "repo.git/slipway/locks");
    const RepoSharing repo{dir / "repo.git", Sharing::none};
    CHECK_FALSE(write_problem({{dir / "repo.git/slipway/locks/preprod.lock"},
                               {dir / "repo.git/slipway/workspaces/preprod", Reach::tree}},
                              repo, "this deploy"));
}

TEST_CASE("write access: another user's state names its owner, group and mode, the user, and "
          "the fix for an unshared and for a shared repository") {
    if (::geteuid() != 0) {
        WARN("runs as root only: it needs a file of another user");
        return;
    }
    slipway::test::TempDir dir;
    fs::create_directories(dir / "repo.git/slipway/locks");
    ::chmod(dir.path().c_str(), 0755);
    const fs::path lock = dir / "repo.git/slipway/locks/preprod.lock";
    { std::ofstream(lock) << ""; }
    ::chmod(lock.c_str(), 0644);
    const std::string git_dir = (dir / "repo.git").string();
    const std::string head = lock.string() +
                             " belongs to root (group root, mode 0644) and this deploy runs as "
                             "nobody, who may not write it; fix: ";

    CHECK(problem_as_other({{lock}}, {dir / "repo.git", Sharing::none}) ==
          head + git_dir +
              " is not shared with a group (core.sharedRepository is not set), so what root made "
              "there is root's alone: let only root push to it, or share it: `sudo -u root git "
              "-C " +
              git_dir +
              " config core.sharedRepository group` and `chgrp -R <a group nobody is in> " +
              git_dir + "`, then `slipway install " + git_dir +
              "` (as root), which makes its state group-writable");
    CHECK(problem_as_other({{lock}}, {dir / "repo.git", Sharing::group}) ==
          head + "add nobody to group root, which shares " + git_dir +
              " (`usermod -aG root nobody`), and push again in a new session");
    // A file to create: the directory it goes in is what must be writable.
    CHECK(problem_as_other({{dir / "repo.git/slipway/locks/staging.lock"}},
                           {dir / "repo.git", Sharing::none})
              .starts_with((dir / "repo.git/slipway/locks").string() +
                           " belongs to root (group root, mode 0755)"));
}
