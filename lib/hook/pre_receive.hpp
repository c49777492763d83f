// The pre-receive hook's whole job: read the push, judge it, record it, say why, decide.
#pragma once

#include "git/ref_update.hpp"
#include "ledger/records.hpp"
#include "policy/connection.hpp"
#include "policy/identity.hpp"
#include "report/finding.hpp"
#include "report/verdict.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::hook {

/// What the gate decided about one push.
struct GateOutcome {
    bool accepted = false;
    policy::Pusher pusher;
    /// How the push came; the policy's trusted proxies apply once it was read.
    std::optional<policy::Connection> connection;
    std::vector<git::RefUpdate> updates;
    Findings findings;
    std::string failure;            ///< set when the gate could not decide (then rejected)
    std::string failure_rule;       ///< the rule id shown with `failure` ("policy", "ledger")
    std::string failure_hint;       ///< what to do about `failure`
    std::int64_t record_id = 0;     ///< the ledger record of this attempt; 0 when unrecorded
    std::vector<std::string> lines; ///< what the pusher sees, one entry per line
    /// The push options within the policy's limits (those over them are findings), recorded.
    std::vector<std::string> push_options;
    /// The certificate of a signed push (`git push --signed`), recorded; nullopt: unsigned.
    std::optional<ledger::PushCertificate> certificate;
    /// Who signed the commits and tags the gate verified (rule `signature`), recorded.
    std::vector<ledger::ObjectSigner> signatures;
    /// How many findings `lines` show (the policy's `limits`); the ledger keeps them all.
    report::VerdictLimits verdict_limits;
    /// Put before each line of a rejection (the policy's output.rejection_prefix).
    std::string rejection_prefix;
};

/// Judges the push described by hook `input` (`old new ref` lines) in the repository of the
/// hook environment (GIT_DIR, quarantine included), against `<git_dir>/slipway.yaml`, and
/// records the attempt and the verdict in the ledger. Fails closed: anything that prevents a
/// decision or its record rejects the push with a message.
GateOutcome run_pre_receive(std::string_view input, const policy::EnvLookup& env);

} // namespace slipway::hook
