// post-receive: until the deploy engine lands, records in the state dir that it ran.
#include "git/library.hpp"
#include "git/repository.hpp"
#include "report/pusher_stream.hpp"

#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

int main() {
    std::signal(SIGPIPE, SIG_IGN);
    slipway::git::Library libgit2;
    std::string input(std::istreambuf_iterator<char>(std::cin), {});
    auto repo = slipway::git::Repository::open_from_env();
    if (!repo) {
        slipway::report::write_line("slipway: post-receive: " + repo.error().message);
        return 0;
    }
    auto dir = repo->git_dir() / "slipway";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::ofstream(dir / "post-receive.log", std::ios::app) << std::time(nullptr) << "\n" << input;
    return 0;
}
