// A repository and its ledger, opened as every command that reads or appends records needs.
#pragma once

#include "git/repository.hpp"
#include "ledger/ledger.hpp"
#include "util/result.hpp"

#include <string>

namespace slipway::admin {

/// The repository and its ledger.
struct RepoLedger {
    git::Repository repo;
    ledger::Ledger ledger;
};

/// Opens the repository at `path` and its existing ledger; fails, saying which, when `path`
/// is no repository or has no ledger (Slipway never installed there).
Result<RepoLedger> open_repo_ledger(const std::string& path);

} // namespace slipway::admin
