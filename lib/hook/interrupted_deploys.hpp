// Deploys whose process died: ending what they left running and recording how they went,
// from the evidence they left (the deployed ref, their log).
#pragma once

#include "git/repository.hpp"
#include "ledger/ledger.hpp"
#include "report/output.hpp"
#include "util/state_paths.hpp"

#include <string>

namespace slipway::hook {

/// First kills what a dead deploy to `environment` left running (util::kill_recorded_groups).
/// Then records, for each deploy to `environment` the ledger holds as started and never ended, an
/// end from the evidence: success when the deployed ref moved and its log says it succeeded,
/// else outcome unknown, naming its log. Called with the environment's deploy lock held: a
/// deploy holds it until its process dies, so those deploys died (killed, the server stopped,
/// or the end could not be written).
void record_interrupted(const git::Repository& repo, const util::StateDir& state,
                        ledger::Ledger& ledger, const std::string& environment,
                        report::Output& output);

} // namespace slipway::hook
