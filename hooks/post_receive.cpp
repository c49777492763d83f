// post-receive: confirms in the ledger that the push's refs moved.
#include "git/library.hpp"
#include "git/ref_update.hpp"
#include "git/repository.hpp"
#include "ledger/confirmation.hpp"
#include "report/pusher_stream.hpp"

#include <csignal>
#include <exception>
#include <iostream>
#include <iterator>

using namespace slipway;

int main() {
    std::signal(SIGPIPE, SIG_IGN);
    git::Library libgit2;
    try {
        std::string input(std::istreambuf_iterator<char>(std::cin), {});
        auto updates = git::parse_ref_updates(input);
        auto repo = git::Repository::open_from_env();
        if (!updates || !repo) {
            report::write_line("slipway: post-receive: " +
                               (!updates ? updates.error() : repo.error()).message);
            return 0;
        }
        auto ledger = ledger::Ledger::open(ledger::ledger_path(repo->git_dir()));
        if (!ledger) {
            report::write_line("slipway: warning: the push could not be confirmed in the ledger: " +
                               ledger.error().message);
            return 0;
        }
        std::vector<ledger::RefChange> landed;
        for (const auto& u : *updates)
            landed.push_back({u.ref, u.old_id, u.new_id, ""});
        if (auto id = ledger::confirm_landed(*ledger, landed); !id)
            report::write_line("slipway: warning: the push could not be confirmed in the ledger: " +
                               id.error().message);
    } catch (const std::exception& e) {
        report::write_line(std::string("slipway: post-receive: internal error: ") + e.what());
    }
    return 0;
}
