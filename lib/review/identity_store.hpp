// The identity store of one deploy target (sqlite): the object identities of every plain
// manifest file and rendered kustomization of one reference tree, indexed by kind and name, and
// the deltas that later pushes found from it, kept until a push shows their tree was accepted.
#pragma once

#include "review/verdict_cache.hpp"
#include "util/result.hpp"
#include "util/sqlite.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::review {

/// How a target's content in one tree differs from its content in another.
struct TargetDelta {
    /// Plain manifest files by path: the file as it is in the newer tree (blob hex id and
    /// identities), or nullopt when the path holds no plain manifest file there any more.
    std::map<std::string, std::optional<IdentityIndex::File>> files;
    /// When set, every kustomization of the newer tree (with the identities of its rendered
    /// objects), replacing the older tree's; when not, they are the same directories.
    std::optional<std::map<std::string, IdentityIndex::Kustomization>> kustomizations;
    /// New identities of the kustomizations rendered (used when `kustomizations` is not set).
    std::map<std::string, std::vector<manifest::ObjectIdentity>> rendered;
    /// True when `files` lists every file of the newer tree: the older tree's files are gone.
    /// (`kustomizations` is then set too.)
    bool replaces_all = false;
};

/// One object found in the store: where it is written and who it is.
struct StoredObject {
    std::string path;                ///< the file, or the kustomization's directory
    bool from_kustomization = false; ///< rendered from the kustomization in `path`
    manifest::ObjectIdentity identity;
};

/// The store in one file. Everything it holds describes its reference tree (a tree that was
/// already in the repository when a push was judged against it, so it stays readable), and
/// every change moves it from one consistent state to the next in one transaction: a push
/// rejected or killed half-way leaves it as it was. Several processes may use one file at
/// once (WAL). Callers treat every failure as a miss: the store only ever saves time.
class ManifestIdentityStore {
public:
    /// Opens the store in `file`, creating it (and its directory) when missing. Fails when
    /// sqlite cannot open it or it is not a store of this format; discard() then clears the way.
    static Result<ManifestIdentityStore> open(const std::filesystem::path& file);
    /// Removes the store `file` and sqlite's side files (for a corrupt or foreign one).
    static void discard(const std::filesystem::path& file);

    /// Begins a read snapshot: the answers of the queries below stay consistent with each other
    /// until the returned transaction is destroyed.
    Result<util::Transaction> snapshot();

    /// Hex id of the reference tree; empty when the store holds no tree yet.
    Result<std::string> tree();
    /// The delta from the reference tree to `tree` (a hex id) saved by an earlier push, when
    /// there is one made from the current reference tree. An entry that does not decode is none.
    Result<std::optional<TargetDelta>> pending(const std::string& tree);
    /// The blob (hex id) of every plain manifest file, by path.
    Result<std::map<std::string, std::string>> files();
    /// Every kustomization, with the identities of its rendered objects.
    Result<std::map<std::string, IdentityIndex::Kustomization>> kustomizations();
    /// True when `dir` is a kustomization directory (not inside another one).
    Result<bool> is_kustomization(std::string_view dir);
    /// The kustomizations no other one renders as part of itself, among those whose inputs
    /// include `path` itself (as given: no directories above it), sorted.
    Result<std::vector<std::string>> top_kustomizations_reading(std::string_view path);
    /// The objects of kind `kind` named `name`: those of files first, then those rendered from
    /// kustomizations, each by path and then by position in its file.
    Result<std::vector<StoredObject>> objects_named(std::string_view kind, std::string_view name);

    /// In one write transaction, only when the reference tree is still `expected`: applies
    /// `delta`, which makes the content that of tree `tree` (the new reference); forgets the
    /// pending deltas made from any other reference; then, when `pending` is given, saves it as
    /// the delta from `tree` to `pending_tree`, keeping the newest few. Returns false, changing
    /// nothing, when another process moved the reference meanwhile.
    Result<bool> update(const std::string& expected, const TargetDelta& delta,
                        const std::string& tree, const std::string& pending_tree,
                        const TargetDelta* pending);

private:
    explicit ManifestIdentityStore(util::Database db)
        : m_db(std::move(db)) {}
    Status apply(const TargetDelta& delta);

    util::Database m_db;
};

/// `delta` as text, and back; nullopt for anything that is not such a text.
std::string encode_delta(const TargetDelta& delta);
std::optional<TargetDelta> decode_delta(std::string_view text);

} // namespace slipway::review
