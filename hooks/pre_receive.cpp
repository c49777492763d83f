// pre-receive: reads the push from stdin, prints the verdict, exits 1 to reject it.
#include "hook/pre_receive.hpp"
#include "git/library.hpp"
#include "report/pusher_stream.hpp"

#include <csignal>
#include <exception>
#include <iostream>
#include <iterator>

int main() {
    std::signal(SIGPIPE, SIG_IGN);
    slipway::git::Library libgit2;
    // git itself chose this repository and ran the hook in it, after its own ownership check
    // (safe.directory): a repository a group shares belongs to one of its members, and the
    // hook runs as whichever pushed.
    slipway::git::trust_repository_owners();
    try {
        std::string input(std::istreambuf_iterator<char>(std::cin), {});
        auto outcome = slipway::hook::run_pre_receive(input, slipway::policy::process_env());
        for (const auto& line : outcome.lines)
            slipway::report::write_line(line);
        return outcome.accepted ? 0 : 1;
    } catch (const std::exception& e) {
        // Fail closed: a gate that cannot decide rejects.
        slipway::report::write_line(std::string("slipway: push rejected — internal error: ") +
                                    e.what());
        return 1;
    }
}
