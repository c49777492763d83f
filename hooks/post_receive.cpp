// post-receive: confirms the push in the ledger and deploys it; never refuses anything.
#include "hook/post_receive.hpp"
#include "git/library.hpp"
#include "report/output.hpp"
#include "report/pusher_stream.hpp"

#include <exception>
#include <iostream>
#include <iterator>

int main() {
    // First: a pusher who disconnects or closes their terminal must not kill the deploy.
    slipway::report::ignore_pusher_signals();
    slipway::git::Library libgit2;
    try {
        std::string input(std::istreambuf_iterator<char>(std::cin), {});
        slipway::hook::run_post_receive(input, slipway::policy::process_env());
    } catch (const std::exception& e) {
        slipway::report::write_line(std::string("slipway: post-receive: internal error: ") +
                                    e.what());
    }
    return 0;
}
