// Writing Slipway's own commits (rendered manifests) and moving its refs with compare-and-swap.
#include "git/commit_writer.hpp"

#include "git/error.hpp"
#include "git/oid.hpp"

#include <cstdlib>
#include <ctime>

namespace slipway::git {

namespace {

Result<SignaturePtr> make_signature(const Signature& s) {
    git_signature* raw = nullptr;
    const std::int64_t when = s.time ? *s.time : static_cast<std::int64_t>(std::time(nullptr));
    if (git_signature_new(&raw, s.name.c_str(), s.email.c_str(), when, s.offset_minutes) != 0)
        return fail_git("invalid signature \"" + s.name + " <" + s.email + ">\"");
    return SignaturePtr(raw);
}

} // namespace

Result<git_oid> write_commit(const Repository& repo, const NewCommit& commit) {
    SLIPWAY_TRY_LET(author, make_signature(commit.author));
    SLIPWAY_TRY_LET(committer,
                    make_signature(commit.committer ? *commit.committer : commit.author));

    git_tree* raw_tree = nullptr;
    if (git_tree_lookup(&raw_tree, repo.raw(), &commit.tree) != 0)
        return fail_git("cannot read tree " + to_hex(commit.tree));
    TreePtr tree(raw_tree);

    std::vector<CommitPtr> parents;
    std::vector<const git_commit*> parent_ptrs;
    for (const auto& p : commit.parents) {
        git_commit* raw = nullptr;
        if (git_commit_lookup(&raw, repo.raw(), &p) != 0)
            return fail_git("cannot read parent commit " + to_hex(p));
        parents.emplace_back(raw);
        parent_ptrs.push_back(raw);
    }

    git_oid out;
    if (git_commit_create(&out, repo.raw(), nullptr, author->get(), committer->get(), nullptr,
                          commit.message.c_str(), tree.get(), parent_ptrs.size(),
                          parent_ptrs.data()) != 0)
        return fail_git("cannot write commit");
    return out;
}

Status update_ref(const Repository& repo, const std::string& ref, const git_oid& target,
                  const std::optional<git_oid>& expected, const std::string& reflog_message) {
    if (const char* q = std::getenv("GIT_QUARANTINE_PATH"); q && *q)
        return fail("refusing to move " + ref +
                    " while the push is in quarantine (GIT_QUARANTINE_PATH is set)");
    int valid = 0;
    if (git_reference_name_is_valid(&valid, ref.c_str()) != 0 || !valid ||
        !ref.starts_with("refs/"))
        return fail("\"" + ref + "\" is not a valid ref name");

    git_reference* raw = nullptr;
    int rc;
    if (expected)
        rc = git_reference_create_matching(&raw, repo.raw(), ref.c_str(), &target, 1, &*expected,
                                           reflog_message.c_str());
    else
        rc =
            git_reference_create(&raw, repo.raw(), ref.c_str(), &target, 0, reflog_message.c_str());
    ReferencePtr created(raw);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || (expected && rc == GIT_ENOTFOUND))
        return fail(ref + " moved while Slipway was updating it (expected " +
                    (expected ? to_hex(*expected) : std::string("no ref")) + "); not updated");
    if (rc != 0)
        return fail_git("cannot move " + ref + " to " + to_hex(target));
    return {};
}

Result<RefCommit> commit_files_to_ref(const Repository& repo, const std::string& ref,
                                      const TreeFiles& files, const std::string& message,
                                      const Signature& signature) {
    SLIPWAY_TRY_LET(previous, repo.ref_target(ref));
    SLIPWAY_TRY_LET(tree, write_tree(repo, files));
    NewCommit commit{.tree = *tree, .message = message, .author = signature};
    if (*previous)
        commit.parents.push_back(**previous);
    SLIPWAY_TRY_LET(oid, write_commit(repo, commit));
    SLIPWAY_TRY(update_ref(repo, ref, *oid, *previous, message.substr(0, message.find('\n'))));
    return RefCommit{*oid, *tree, *previous};
}

} // namespace slipway::git
