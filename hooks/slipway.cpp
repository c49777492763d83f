// slipway: the admin CLI (install, uninstall, policy check, ...).
#include "admin/cli.hpp"
#include "git/library.hpp"

#include <csignal>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    slipway::git::Library libgit2;
    try {
        return slipway::admin::run_cli({argv + 1, argv + argc}, std::cout, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "slipway: internal error: " << e.what() << "\n";
        return 70;
    }
}
