// A repository and its ledger.
#include "admin/repo_ledger.hpp"

#include "util/state_paths.hpp"

#include <filesystem>

namespace slipway::admin {

Result<RepoLedger> open_repo_ledger(const std::string& path) {
    auto repo = git::Repository::open(path);
    if (!repo)
        return fail(path + " is not a git repository");
    const auto file = util::StateDir::for_repository(repo->git_dir()).ledger_file();
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return fail("no ledger at " + file.string() +
                    ": nothing was recorded yet (is Slipway installed in " + path + "?)");
    SLIPWAY_TRY_LET(ledger, ledger::Ledger::open(file, util::Create::no));
    return RepoLedger{std::move(*repo), std::move(*ledger)};
}

} // namespace slipway::admin
