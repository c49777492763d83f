// Test fixtures for the gate's ref rules: a temp bare repository whose refs hold the values
// before the push, a policy from YAML text, a fake record of deploys, and the gate run on one
// push with its findings as comparable lines.
#pragma once

#include "check/deploy_history.hpp"
#include "check/gate.hpp"
#include "check/push_context.hpp"
#include "deploy_fixture.hpp"
#include "git/commit_writer.hpp"
#include "git/handles.hpp"
#include "git/oid.hpp"
#include "git/ref_update.hpp"
#include "git/tree.hpp"
#include "policy/policy.hpp"
#include "report/finding.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace slipway::testing {

inline const std::string zero_id(40, '0');

/// A bare repository to push into: objects are written freely, refs only by set_ref(), so the
/// refs are what pre-receive would see (the values before the push).
class GateRepo {
public:
    const git::Repository& repo() const { return m_bare.repo(); }

    /// A commit by `author` <`email`> with `parents`; `message` also fills its one file, so
    /// every message gives a distinct commit.
    git_oid commit(const std::string& message, std::vector<git_oid> parents = {},
                   const std::string& author = "Tester",
                   const std::string& email = "t@example.com") const {
        git::NewCommit c{.tree = tree({{"file.txt", {message + "\n"}}}),
                         .parents = std::move(parents),
                         .message = message,
                         .author = {.name = author, .email = email, .time = 1700000000}};
        auto oid = git::write_commit(repo(), c);
        REQUIRE(oid);
        return *oid;
    }
    git_oid tree(const git::TreeFiles& files) const {
        auto oid = git::write_tree(repo(), files);
        REQUIRE(oid);
        return *oid;
    }
    git_oid blob(const std::string& content) const {
        git_oid out;
        REQUIRE(git_blob_create_from_buffer(&out, repo().raw(), content.data(), content.size()) ==
                0);
        return out;
    }
    /// An annotated tag object called `name` pointing at `target`; no ref moves.
    git_oid annotated_tag(const std::string& name, const git_oid& target) const {
        git_object* obj = nullptr;
        REQUIRE(git_object_lookup(&obj, repo().raw(), &target, GIT_OBJECT_ANY) == 0);
        git::ObjectPtr object(obj);
        git_signature* sig = nullptr;
        REQUIRE(git_signature_new(&sig, "Tagger", "tagger@example.com", 1700000000, 0) == 0);
        git::SignaturePtr tagger(sig);
        git_oid out;
        REQUIRE(git_tag_annotation_create(&out, repo().raw(), name.c_str(), object.get(),
                                          tagger.get(), ("release " + name + "\n").c_str()) == 0);
        return out;
    }
    /// Points `ref` at `target`: the state before the push.
    void set_ref(const std::string& ref, const git_oid& target) const {
        auto old = repo().ref_target(ref);
        REQUIRE(old);
        REQUIRE(git::update_ref(repo(), ref, target, *old, "test setup"));
    }

    /// The update creating `ref` at `target`; `ref` must not exist yet.
    git::ClassifiedUpdate create(const std::string& ref, const git_oid& target) const {
        require_ref(ref, std::nullopt);
        return classify({zero_id, git::to_hex(target), ref});
    }
    /// The update moving `ref` from `from` (its current value) to `to`.
    git::ClassifiedUpdate move(const std::string& ref, const git_oid& from,
                               const git_oid& to) const {
        require_ref(ref, from);
        return classify({git::to_hex(from), git::to_hex(to), ref});
    }
    /// The update deleting `ref`, which points at `from`.
    git::ClassifiedUpdate remove(const std::string& ref, const git_oid& from) const {
        require_ref(ref, from);
        return classify({git::to_hex(from), zero_id, ref});
    }

private:
    git::ClassifiedUpdate classify(const git::RefUpdate& u) const {
        auto c = git::classify(repo(), u);
        INFO((c ? std::string() : c.error().message));
        REQUIRE(c);
        return *c;
    }
    void require_ref(const std::string& ref, const std::optional<git_oid>& expected) const {
        auto now = repo().ref_target(ref);
        REQUIRE(now);
        INFO("the old value of " << ref << " must be what the repository holds");
        REQUIRE(now->has_value() == expected.has_value());
        if (expected)
            REQUIRE(git_oid_equal(&**now, &*expected));
    }

    BareRepo m_bare;
};

/// The policy parsed from `yaml`; REQUIREs that it is valid.
inline policy::Policy policy_from(const std::string& yaml) {
    auto p = policy::parse_policy(yaml, "slipway.yaml");
    INFO((p ? std::string() : p.error().message));
    REQUIRE(p);
    return std::move(*p);
}

/// A pusher as the identity variables name them.
inline policy::Pusher pusher(const std::string& name) {
    return {.name = name, .source = "GL_USERNAME", .authenticated = true};
}

/// Deploys that succeeded, as (environment, 40-hex commit) pairs in the order they ended,
/// and operators' decisions; remembers every deployed_successfully question.
class FakeHistory : public check::DeployHistory {
public:
    std::set<std::pair<std::string, std::string>> succeeded;
    std::vector<std::pair<std::string, std::string>> order;     ///< every add(), in order
    std::map<std::string, check::OperatorDecision> quarantined; ///< by commit id
    std::map<std::string, check::OperatorDecision> frozen;      ///< by environment
    mutable std::vector<std::pair<std::string, std::string>> asked;

    void add(const std::string& env, const git_oid& commit) {
        succeeded.insert({env, git::to_hex(commit)});
        order.emplace_back(env, git::to_hex(commit));
    }
    Result<bool> deployed_successfully(const std::string& env,
                                       const std::string& commit_id) const override {
        asked.emplace_back(env, commit_id);
        return succeeded.count({env, commit_id}) > 0;
    }
    Result<std::optional<std::string>> current_commit(const std::string& env) const override {
        std::optional<std::string> last;
        for (const auto& [e, c] : order)
            if (e == env)
                last = c;
        return last;
    }
    // Deploy i ended at 1714564800000 + i minutes.
    Result<std::vector<check::DeployedCommit>>
    deployed_after(const std::string& env, const std::string& commit_id) const override {
        std::vector<check::DeployedCommit> out;
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (order[i].first != env)
                continue;
            if (order[i].second == commit_id) {
                out.clear();
                continue;
            }
            bool seen = false;
            for (const auto& d : out)
                seen = seen || d.commit == order[i].second;
            if (!seen)
                out.push_back(
                    {order[i].second, 1714564800000 + static_cast<std::int64_t>(i) * 60000});
        }
        if (!succeeded.count({env, commit_id}))
            out.clear();
        return out;
    }
    Result<std::optional<check::OperatorDecision>>
    quarantine(const std::string& commit_id) const override {
        auto it = quarantined.find(commit_id);
        if (it == quarantined.end())
            return std::nullopt;
        return it->second;
    }
    Result<std::optional<check::OperatorDecision>> freeze(const std::string& env) const override {
        auto it = frozen.find(env);
        if (it == frozen.end())
            return std::nullopt;
        return it->second;
    }
};

/// A record of deploys that cannot be read.
class BrokenHistory : public check::DeployHistory {
public:
    Result<bool> deployed_successfully(const std::string&, const std::string&) const override {
        return broken();
    }
    Result<std::optional<std::string>> current_commit(const std::string&) const override {
        return broken();
    }
    Result<std::vector<check::DeployedCommit>> deployed_after(const std::string&,
                                                              const std::string&) const override {
        return broken();
    }
    Result<std::optional<check::OperatorDecision>> quarantine(const std::string&) const override {
        return broken();
    }
    Result<std::optional<check::OperatorDecision>> freeze(const std::string&) const override {
        return broken();
    }

private:
    static std::unexpected<Error> broken() {
        return fail("the ledger is locked by another process");
    }
};

/// evaluate_refs() on one push of `updates` by `who`.
inline Result<Findings> run_gate(const GateRepo& repo, const policy::Policy& policy,
                                 const std::string& who, std::vector<git::ClassifiedUpdate> updates,
                                 const check::DeployHistory* history = nullptr) {
    check::PushContext ctx(repo.repo(), policy, pusher(who), std::move(updates), history);
    return check::evaluate_refs(ctx);
}

/// Each finding as one line, "<severity> <rule> <ref> [<path>:<line>:<column>]: <message>",
/// so a whole list of findings compares in one CHECK.
inline std::vector<std::string> described(const Findings& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) {
        std::string where =
            f.path.empty() && f.line == 0 && f.column == 0
                ? ""
                : " " + f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column);
        out.push_back(std::string(f.severity == Severity::error ? "error" : "warning") + " " +
                      f.rule + " " + f.ref + where + ": " + f.message);
    }
    return out;
}

/// The findings of evaluate_refs() on one push, described(); REQUIREs that the gate decided.
inline std::vector<std::string> gate(const GateRepo& repo, const policy::Policy& policy,
                                     const std::string& who,
                                     std::vector<git::ClassifiedUpdate> updates,
                                     const check::DeployHistory* history = nullptr) {
    auto r = run_gate(repo, policy, who, std::move(updates), history);
    INFO((r ? std::string() : r.error().message));
    REQUIRE(r);
    return described(*r);
}

/// No findings, spelled so that a failing CHECK prints what was found instead.
inline const std::vector<std::string> none{};

} // namespace slipway::testing
