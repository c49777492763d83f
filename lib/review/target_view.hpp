// A deploy target's plain manifest files, kustomizations and object identities in the trees a
// push is judged between: the identity store's reference tree with what differs on top, so a
// push costs what it changes and not what the repository holds.
#pragma once

#include "git/repository.hpp"
#include "git/tree_entries.hpp"
#include "manifest/limits.hpp"
#include "review/identity_store.hpp"
#include "review/named_objects.hpp"
#include "util/result.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace slipway::review {

/// The content of one target (the files under its `paths`, as find_tree_sources() sees them)
/// first in a base tree, then, after advance(), in the pushed tree: the store's reference tree
/// plus the delta from it to the base (a delta an earlier push saved, or one read from a tree
/// diff) plus the push's own delta. Queries cost what differs from the reference tree plus
/// indexed lookups. Failures of the store are never errors: the view then stops using it, reads
/// the base whole, and says so through store_failed().
class TargetView {
public:
    /// The content of `paths` in `base` (nullptr: the empty tree), read through `store`
    /// (nullptr: no store, every manifest of `base` is read). Identities are taken with
    /// `limits`. `repo`, `store` and `base` must outlive the view. Fails when a git object
    /// cannot be read.
    static Result<TargetView> at(const git::Repository& repo, ManifestIdentityStore* store,
                                 std::vector<std::string> paths, manifest::Limits limits,
                                 const git_tree* base);

    /// Moves the view on to `head`, whose entries differ from the base's by `changes` (all of
    /// them, inside the target's paths or not). The changed plain files are left for the
    /// caller to give identities to (set_identities); any other file whose state changes (a
    /// kustomization appearing or going) is read here. Fails when a git object cannot be read.
    Status advance(const git_tree& head, const std::vector<git::TreeChange>& changes);

    /// True when changed path `path` is a plain manifest file of the target in the pushed tree
    /// (under its paths, a regular file with a manifest name or named as a path, not inside a
    /// kustomization directory). Only for paths among advance()'s `changes`.
    bool is_plain(const std::string& path) const;

    /// The top-level kustomizations of the pushed tree (those no other one renders) whose
    /// inputs one of `changes` touches, sorted.
    Result<std::vector<std::string>>
    touched_kustomizations(const std::vector<git::TreeChange>& changes);

    /// Records the identities of changed plain file `path` in the pushed tree.
    void set_identities(const std::string& path, std::vector<manifest::ObjectIdentity> identities);
    /// Records the identities of the objects kustomization `dir` renders in the pushed tree.
    void set_rendered(const std::string& dir, std::vector<manifest::ObjectIdentity> identities);

    /// The objects of kind `kind` named `name` in the pushed tree, except those of the files
    /// `except_files` and of the kustomizations `except_dirs`: files first, by path, then
    /// kustomizations by directory, each in its order of objects. Fails when a git object
    /// cannot be read (after the store failed).
    Result<std::vector<StoredObject>> objects_named(const std::string& kind,
                                                    const std::string& name,
                                                    const std::set<std::string>& except_files,
                                                    const std::set<std::string>& except_dirs);

    /// Saves what the view learnt, best effort: the store moves to the base tree (which is in
    /// the repository for good: it is what the push is judged against) and keeps the delta to
    /// the pushed tree as pending, so the next push, whose base it is once accepted, starts
    /// from it. Nothing is saved for a view without a base or without a store.
    void save();

    /// True when the store failed and was left aside: the caller should discard its file.
    bool store_failed() const { return m_store_failed; }

private:
    TargetView(const git::Repository& repo, ManifestIdentityStore* store,
               std::vector<std::string> paths, manifest::Limits limits, const git_tree* base);

    Status read_base();
    Status fall_back();
    template <class T>
    Result<T> stored(Result<T> r);

    Result<TargetDelta> delta_to(const git_tree& tree, const std::vector<git::TreeChange>& changes);
    Result<TargetDelta> whole(const git_tree& tree);
    Status read_identities(TargetDelta& delta, const std::set<std::string>& except);
    Result<bool> inside_kustomization_below(const std::string& path);
    Result<std::map<std::string, std::string>> files_below();
    Result<std::map<std::string, IdentityIndex::Kustomization>> kustomizations_below();
    NamedObjects index_named() const;

    const git::Repository& m_repo;
    ManifestIdentityStore* m_store; ///< not owned; null when none, or after it failed
    std::vector<std::string> m_paths;
    manifest::Limits m_limits;
    const git_tree* m_base;  ///< null: the empty tree
    std::string m_base_id;   ///< hex, empty for the empty tree
    std::string m_head_id;   ///< hex, once advanced
    std::string m_reference; ///< the store's reference tree in the snapshot
    std::optional<util::Transaction> m_snapshot;
    TargetDelta m_to_base; ///< from the reference tree to the base
    TargetDelta m_to_head; ///< from the base to the pushed tree
    /// The in-memory objects by kind and name, built by the first objects_named() after the
    /// deltas last changed (a push judges every file first, then looks duplicates up).
    std::optional<NamedObjects> m_named;
    bool m_store_error = false;  ///< the last store call failed
    bool m_store_failed = false; ///< the store was left aside
};

} // namespace slipway::review
