// slipway: the admin CLI (install, uninstall, policy check, ...).
#include "admin/cli.hpp"
#include "git/library.hpp"
#include "util/escape.hpp"

#include <csignal>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    slipway::git::Library libgit2;
    // Everything the CLI prints reaches the terminal escaped: ref names, paths, commit
    // subjects and deploy output come from pushers.
    slipway::util::EscapingBuffer out_buffer(std::cout.rdbuf()), err_buffer(std::cerr.rdbuf());
    std::ostream out(&out_buffer), err(&err_buffer);
    try {
        return slipway::admin::run_cli({argv + 1, argv + argc}, out, err);
    } catch (const std::exception& e) {
        err << "slipway: internal error: " << e.what() << "\n";
        return 70;
    }
}
