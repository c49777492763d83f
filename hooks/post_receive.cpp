// post-receive: confirms the push in the ledger and deploys it; never refuses anything.
#include "hook/post_receive.hpp"
#include "git/library.hpp"
#include "report/output.hpp"
#include "report/pusher_stream.hpp"
#include "util/process_groups.hpp"
#include "util/stop_signal.hpp"

#include <exception>
#include <iostream>
#include <iterator>

int main() {
    // First: a pusher who disconnects or closes their terminal must not kill the deploy; a
    // server stopping (SIGTERM) stops it cleanly, recorded; and what its targets leave
    // behind, even outside their process groups, stays this process's to end.
    slipway::report::ignore_pusher_signals();
    slipway::util::catch_stop_signal();
    if (auto reaper = slipway::util::become_subreaper(); !reaper)
        slipway::report::write_line("slipway: warning: " + reaper.error().message +
                                    "; a process a deploy leaves outside its process group may "
                                    "outlive it");
    slipway::git::Library libgit2;
    // git itself chose this repository and ran the hook in it, after its own ownership check
    // (safe.directory): a repository a group shares belongs to one of its members, and the
    // hook runs as whichever pushed.
    slipway::git::trust_repository_owners();
    try {
        std::string input(std::istreambuf_iterator<char>(std::cin), {});
        slipway::hook::run_post_receive(input, slipway::policy::process_env());
    } catch (const std::exception& e) {
        slipway::report::write_line(std::string("slipway: post-receive: internal error: ") +
                                    e.what());
    }
    return 0;
}
