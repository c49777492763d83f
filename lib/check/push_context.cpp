// Everything the gate's rules look at.
#include "check/push_context.hpp"

#include "check/signature_verifier.hpp"
#include "util/state_paths.hpp"

#include <chrono>

namespace slipway::check {

PushContext::PushContext(const git::Repository& repo, const policy::Policy& policy,
                         policy::Pusher pusher, std::vector<git::ClassifiedUpdate> updates,
                         const DeployHistory* history,
                         std::optional<ledger::PushCertificate> certificate)
    : m_repo(repo)
    , m_policy(policy)
    , m_pusher(std::move(pusher))
    , m_updates(std::move(updates))
    , m_history(history)
    , m_certificate(std::move(certificate))
    , m_now_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count()) {
    for (const auto& u : m_updates)
        m_by_ref[u.update.ref] = &u;
}

Result<std::optional<git_oid>> PushContext::ref_after_push(const std::string& ref) const {
    if (auto it = m_by_ref.find(ref); it != m_by_ref.end())
        return it->second->new_oid;
    return m_repo.ref_target(ref);
}

SignatureVerifier& PushContext::signatures() const {
    if (!m_signatures) {
        const auto state = util::StateDir::for_repository(m_repo.git_dir());
        m_signatures =
            std::make_shared<SignatureVerifier>(m_repo, m_policy, state.cache(), state.scratch());
    }
    return *m_signatures;
}

} // namespace slipway::check
