// Everything the gate's rules look at: the repository, the policy, the pusher, the updates.
#pragma once

#include "check/deploy_history.hpp"
#include "git/ref_update.hpp"
#include "git/repository.hpp"
#include "ledger/records.hpp"
#include "policy/policy.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace slipway::check {

class SignatureVerifier;

/// One push as the rules see it. Refs in the repository still hold their old values.
class PushContext {
public:
    /// `history` may be null when no record of deploys is available; promotion
    /// rules then fail closed.
    PushContext(const git::Repository& repo, const policy::Policy& policy, policy::Pusher pusher,
                std::vector<git::ClassifiedUpdate> updates, const DeployHistory* history = nullptr,
                std::optional<ledger::PushCertificate> certificate = std::nullopt);

    const git::Repository& repo() const { return m_repo; }
    const policy::Policy& policy() const { return m_policy; }
    const policy::Pusher& pusher() const { return m_pusher; }
    const std::vector<git::ClassifiedUpdate>& updates() const { return m_updates; }
    const DeployHistory* history() const { return m_history; }
    /// The push's certificate; nullopt when it was not signed.
    const std::optional<ledger::PushCertificate>& certificate() const { return m_certificate; }

    /// The time the rules judge the push at (freeze windows), ms since the epoch: the clock
    /// when the context was made, unless set_now_ms() gave another (tests).
    std::int64_t now_ms() const { return m_now_ms; }
    void set_now_ms(std::int64_t now_ms) { m_now_ms = now_ms; }

    /// What `ref` will point at once this push is applied: the new value when the push
    /// updates it (nullopt when it deletes it), else its current value.
    Result<std::optional<git_oid>> ref_after_push(const std::string& ref) const;

    /// The push's signature verifier (made on first use; verdicts cached under the
    /// repository's state directory): each commit and tag is verified once per push, whichever
    /// rules ask.
    SignatureVerifier& signatures() const;
    /// The verifier when a rule used it, else nullptr.
    const SignatureVerifier* signatures_if_used() const { return m_signatures.get(); }

private:
    const git::Repository& m_repo;
    const policy::Policy& m_policy;
    policy::Pusher m_pusher;
    std::vector<git::ClassifiedUpdate> m_updates;
    const DeployHistory* m_history;
    std::optional<ledger::PushCertificate> m_certificate;
    std::map<std::string, const git::ClassifiedUpdate*> m_by_ref;
    std::int64_t m_now_ms = 0;
    mutable std::shared_ptr<SignatureVerifier> m_signatures;
};

} // namespace slipway::check
