// Judging the manifests a change brings: the changed plain files, from their blobs, and the
// kustomizations the change touches, rendered from a checkout of what they read, each against
// the settings of its path and environment, with duplicates looked for across the whole deploy
// target.
#pragma once

#include "git/repository.hpp"
#include "git/tree_entries.hpp"
#include "manifest/schema_sources.hpp"
#include "policy/policy.hpp"
#include "report/finding.hpp"
#include "review/identity_store.hpp"
#include "review/render_checkouts.hpp"
#include "review/target_view.hpp"
#include "review/unit_settings.hpp"
#include "review/verdict_cache.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace slipway::review {

struct ManifestJudgeOptions {
    manifest::SchemaSources schemas;  ///< loaded only when a file must actually be judged
    std::filesystem::path cache_dir;  ///< verdict cache and identity stores; empty: none
    std::filesystem::path render_dir; ///< where checkouts for kustomize are made (and removed)
};

/// The manifest checks of one repository under one policy; judge_change() any number of
/// changes with it (schemas are loaded once).
class ManifestJudge {
public:
    ManifestJudge(const git::Repository& repo, const policy::Policy& policy,
                  ManifestJudgeOptions options);

    /// The findings for the change from `base` to `head` (commits, annotated tags or trees;
    /// `base` nullopt: from nothing, so every file is new) of ref `ref`, whose environments
    /// decide the units and settings (policy::manifest_units). Only what the change touches
    /// is judged: changed plain manifest files and the top-level kustomizations whose inputs
    /// changed; duplicates are looked for between those and every object of the unit, through
    /// the unit's identity store (so the cost is what the change touches, not the unit's size).
    /// Findings have `path` set and `ref` empty, grouped by file, in line order. Fails (the
    /// gate then fails closed) when an object cannot be read, a schema source cannot be
    /// loaded, or a checkout for kustomize cannot be made.
    Result<Findings> judge_change(const std::string& ref, const std::optional<git_oid>& base,
                                  const git_oid& head);

    const ManifestCache& cache() const { return m_cache; }

private:
    struct Judged;

    /// The findings of the unit's part of the change, appended to `out`.
    Status judge_unit(const policy::ManifestUnit& unit, const git_tree* base, const git_tree& head,
                      const std::vector<git::TreeChange>& changes, RenderCheckouts& checkouts,
                      Findings& out);
    /// Changed plain file `path` (blob `blob`) judged with its unit's settings.
    Result<Judged> judge_plain(UnitSettings& settings, const std::string& path,
                               const git_oid& blob);
    /// Kustomization `dir` rendered from a checkout and judged; a render failure is a finding.
    Result<Judged> judge_rendered(UnitSettings& settings, const std::string& dir,
                                  RenderCheckouts& checkouts);
    /// The findings of `judged`, with `duplicate-object` ones against the rest of the target
    /// (`view`, leaving out what was judged), appended to `out`.
    Status add_duplicates(const policy::ManifestUnit& unit, TargetView& view,
                          std::vector<Judged>& judged, const std::set<std::string>& judged_files,
                          const std::set<std::string>& rendered_dirs, Findings& out);
    Result<CachedVerdict> judge_blob(const std::string& path, const git_oid& blob,
                                     const KeyedSettings& settings);
    Result<const manifest::SchemaSet*> schemas_for(const manifest::Settings& settings);
    /// The identity store of `unit` (opened once, a corrupt one replaced); null without a
    /// cache directory or when it cannot be opened.
    ManifestIdentityStore* store_for(const policy::ManifestUnit& unit, const std::string& limits);

    const git::Repository& m_repo;
    const policy::Policy& m_policy;
    ManifestJudgeOptions m_options;
    ManifestCache m_cache;
    std::map<std::string, std::unique_ptr<ManifestIdentityStore>> m_stores; ///< by file
};

/// The base a new ref is judged against: its merge base with the repository's HEAD branch
/// (what the branch was made from), or nullopt (judge every file) when HEAD has no commit,
/// `ref` is the HEAD branch itself, or they share no history.
Result<std::optional<git_oid>> base_for_new_ref(const git::Repository& repo, const std::string& ref,
                                                const git_oid& head);

} // namespace slipway::review
