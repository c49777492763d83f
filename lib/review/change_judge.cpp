// Judging the manifests a change brings.
#include "review/change_judge.hpp"

#include "git/checkout.hpp"
#include "git/diff.hpp"
#include "git/history.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"
#include "git/tree_entries.hpp"
#include "manifest/disk_tree.hpp"
#include "manifest/judge.hpp"
#include "manifest/kustomization.hpp"
#include "manifest/kustomize.hpp"
#include "review/kustomize_finding.hpp"
#include "review/render_checkouts.hpp"
#include "review/target_view.hpp"
#include "review/tree_sources.hpp"
#include "util/temp_dir.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace slipway::review {

namespace {

const manifest::SchemaSet& no_schemas() {
    static const manifest::SchemaSet empty;
    return empty;
}

std::string rendered_path(const std::string& dir) {
    return dir + " (kustomize)";
}

void sort_by_position(Findings& findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
}

// Drops findings equal to an earlier one (a file judged for two environments alike).
void dedupe(Findings& findings) {
    std::set<std::tuple<std::string, int, int, int, std::string, std::string>> seen;
    Findings out;
    for (auto& f : findings)
        if (seen.emplace(f.path, f.line, f.column, static_cast<int>(f.severity), f.rule, f.message)
                .second)
            out.push_back(std::move(f));
    findings = std::move(out);
}

} // namespace

ManifestJudge::ManifestJudge(const git::Repository& repo, const policy::Policy& policy,
                             ManifestJudgeOptions options)
    : m_repo(repo)
    , m_policy(policy)
    , m_options(std::move(options))
    , m_cache(m_options.cache_dir) {}

Result<const manifest::SchemaSet*> ManifestJudge::schemas_for(const manifest::Settings& settings) {
    if (!settings.schema.enabled || m_options.schemas.empty())
        return &no_schemas();
    return m_options.schemas.schemas();
}

Result<CachedVerdict> ManifestJudge::judge_blob(const std::string& path, const git_oid& blob,
                                                const KeyedSettings& keyed) {
    const manifest::Settings& settings = keyed.settings;
    std::string material = "verdict-1";
    material += '\0' + git::to_hex(blob) + '\0' + keyed.fingerprint + '\0';
    if (settings.schema.enabled && !m_options.schemas.empty()) {
        SLIPWAY_TRY_LET(fp, m_options.schemas.fingerprint());
        material += *fp;
    }
    const std::string key = ManifestCache::key(material);
    if (auto hit = m_cache.load_verdict(key))
        return std::move(*hit);
    SLIPWAY_TRY_LET(content, git::read_blob(m_repo, blob));
    SLIPWAY_TRY_LET(schemas, schemas_for(settings));
    auto verdict = manifest::judge_file(path, *content, **schemas, settings);
    CachedVerdict out;
    out.findings = std::move(verdict.findings);
    for (auto& f : out.findings)
        f.path.clear();
    for (const auto& o : verdict.objects)
        if (auto id = manifest::identity_of(verdict.file.tree, o))
            out.identities.push_back(std::move(*id));
    m_cache.store_verdict(key, out);
    return out;
}

ManifestIdentityStore* ManifestJudge::store_for(const policy::ManifestUnit& unit,
                                                const std::string& limits) {
    if (m_options.cache_dir.empty())
        return nullptr;
    // A store per unit of paths and loading limits (identities depend on nothing else; the
    // default namespace and cluster-scoped kinds apply when comparing).
    std::string material = "identities-2";
    material += '\0' + limits;
    for (const auto& p : unit.paths)
        material += '\0' + p;
    const auto file =
        m_options.cache_dir / "identities" / (ManifestCache::key(material) + ".sqlite");
    auto [it, added] = m_stores.try_emplace(file.string());
    if (!added)
        return it->second.get();
    std::error_code ec;
    const bool existed = std::filesystem::exists(file, ec);
    auto store = ManifestIdentityStore::open(file);
    if (!store) { // corrupt, or of another format: a miss, rebuilt from scratch
        ManifestIdentityStore::discard(file);
        store = ManifestIdentityStore::open(file);
    }
    if (!store)
        return nullptr;
    if (!existed) // whole-tree index files of earlier versions: no longer read
        for (const auto& e : std::filesystem::directory_iterator(file.parent_path(), ec))
            if (e.path().filename().string().find('.') == std::string::npos)
                std::filesystem::remove(e.path(), ec);
    it->second = std::make_unique<ManifestIdentityStore>(std::move(*store));
    return it->second.get();
}

// One file or rendered kustomization of a unit, judged, before duplicates are looked for.
struct ManifestJudge::Judged {
    std::string path; ///< the file, or "<dir> (kustomize)"
    Findings found;
    std::vector<manifest::ObjectIdentity> identities;
    const manifest::Settings* settings = nullptr; ///< owned by the unit's UnitSettings
    /// A kustomization that was not rendered: what it may not read, or why it did not render.
    Findings failures;
};

Result<ManifestJudge::Judged>
ManifestJudge::judge_plain(UnitSettings& settings, const std::string& path, const git_oid& blob) {
    const KeyedSettings& keyed = settings.for_path(path);
    SLIPWAY_TRY_LET(verdict, judge_blob(path, blob, keyed));
    Judged j{.path = path,
             .found = std::move(verdict->findings),
             .identities = std::move(verdict->identities),
             .settings = &keyed.settings};
    for (auto& f : j.found)
        f.path = path;
    return j;
}

Result<ManifestJudge::Judged> ManifestJudge::judge_rendered(UnitSettings& settings,
                                                            const std::string& dir,
                                                            RenderCheckouts& checkouts) {
    const policy::ManifestPolicy& mp = m_policy.manifests;
    Judged j{.path = rendered_path(dir), .settings = &settings.for_path(dir).settings};
    // Nothing outside the pushed tree is ever rendered: what it may not read is refused first.
    SLIPWAY_TRY_LET(kustomization, checkouts.kustomization(dir));
    j.failures = manifest::refused_references(**kustomization, mp.kustomize.remote);
    if (!j.failures.empty())
        return j;
    SLIPWAY_TRY_LET(checkout, checkouts.for_kustomization(dir));
    const auto location = dir == "." ? *checkout : *checkout / dir;
    SLIPWAY_TRY_LET(rendering,
                    manifest::render_kustomization(*checkout, location, mp.kustomize,
                                                   manifest::names_remote_base(**kustomization)
                                                       ? util::Network::shared
                                                       : util::Network::none));
    if (!rendering->yaml) {
        manifest::DiskTree rendered_from(location);
        auto file = manifest::kustomization_file(rendered_from, ".");
        std::string name = file && !file->empty() ? *file : std::string("kustomization.yaml");
        j.failures.push_back(kustomize_failure(dir, name, rendering->failure, checkout->string()));
        return j;
    }
    SLIPWAY_TRY_LET(schemas, schemas_for(*j.settings));
    auto verdict = manifest::judge_file(j.path, *rendering->yaml, **schemas, *j.settings);
    j.found = std::move(verdict.findings);
    for (const auto& o : verdict.objects)
        if (auto id = manifest::identity_of(verdict.file.tree, o))
            j.identities.push_back(std::move(*id));
    return j;
}

Status ManifestJudge::add_duplicates(const policy::ManifestUnit& unit, TargetView& view,
                                     std::vector<Judged>& judged,
                                     const std::set<std::string>& judged_files,
                                     const std::set<std::string>& rendered_dirs, Findings& out) {
    manifest::DuplicateTracker tracker(unit.default_namespace,
                                       m_policy.manifests.base.cluster_scoped_kinds);
    std::set<std::pair<std::string, std::string>> looked_up;
    for (auto& j : judged) {
        if (!j.failures.empty()) {
            out.insert(out.end(), j.failures.begin(), j.failures.end());
            continue;
        }
        if (j.settings->duplicate_object.enabled) {
            for (const auto& id : j.identities) {
                // The unchanged objects of this kind and name come first, as if every object
                // of the target had been seen before the changed ones.
                if (looked_up.emplace(id.kind, id.name).second) {
                    SLIPWAY_TRY_LET(
                        known, view.objects_named(id.kind, id.name, judged_files, rendered_dirs));
                    for (const auto& o : *known)
                        tracker.add(o.from_kustomization ? rendered_path(o.path) : o.path,
                                    o.identity);
                }
                if (auto dup = tracker.add(j.path, id, j.settings->duplicate_object.severity))
                    j.found.push_back(std::move(*dup));
            }
        }
        sort_by_position(j.found);
        out.insert(out.end(), j.found.begin(), j.found.end());
    }
    return {};
}

Status ManifestJudge::judge_unit(const policy::ManifestUnit& unit, const git_tree* base,
                                 const git_tree& head, const std::vector<git::TreeChange>& changes,
                                 RenderCheckouts& checkouts, Findings& out) {
    const policy::ManifestPolicy& mp = m_policy.manifests;
    const std::string limits =
        manifest::settings_fingerprint(manifest::Settings{.limits = mp.base.limits});
    ManifestIdentityStore* store = store_for(unit, limits);
    SLIPWAY_TRY_LET(view, TargetView::at(m_repo, store, unit.paths, mp.base.limits, base));
    SLIPWAY_TRY(view->advance(head, changes));

    // What this change makes us judge: first every verdict, then duplicates, each changed
    // object against the objects of the target the change leaves alone (looked up by kind and
    // name), and against the changed ones before it.
    UnitSettings settings(mp, unit);
    std::set<std::string> judged_files;
    std::vector<Judged> judged;
    for (const auto& c : changes) {
        if (!c.now || !view->is_plain(c.path))
            continue;
        SLIPWAY_TRY_LET(j, judge_plain(settings, c.path, c.now->oid));
        view->set_identities(c.path, j->identities);
        judged_files.insert(c.path);
        judged.push_back(std::move(*j));
    }
    SLIPWAY_TRY_LET(rendered, view->touched_kustomizations(changes));
    for (const auto& dir : *rendered) {
        SLIPWAY_TRY_LET(j, judge_rendered(settings, dir, checkouts));
        view->set_rendered(dir, j->identities);
        judged.push_back(std::move(*j));
    }
    if (!judged.empty()) {
        const std::set<std::string> rendered_dirs(rendered->begin(), rendered->end());
        SLIPWAY_TRY(add_duplicates(unit, *view, judged, judged_files, rendered_dirs, out));
    }
    view->save();
    if (store && view->store_failed()) {
        const auto file = std::find_if(m_stores.begin(), m_stores.end(),
                                       [&](const auto& e) { return e.second.get() == store; });
        ManifestIdentityStore::discard(file->first);
        m_stores.erase(file);
    }
    return {};
}

Result<Findings> ManifestJudge::judge_change(const std::string& ref,
                                             const std::optional<git_oid>& base,
                                             const git_oid& head) {
    const auto units = policy::manifest_units(m_policy.manifests, m_policy.environments, ref);
    if (units.empty())
        return Findings{};
    SLIPWAY_TRY_LET(head_tree, git::peel_to_tree(m_repo, head));
    git::TreePtr base_tree;
    if (base) {
        SLIPWAY_TRY_LET(t, git::peel_to_tree(m_repo, *base));
        base_tree = std::move(*t);
    }
    // Subtrees the change leaves alone are not even read.
    SLIPWAY_TRY_LET(changes, git::diff_trees(m_repo, base_tree.get(), **head_tree));
    if (changes->empty())
        return Findings{};
    RenderCheckouts checkouts(m_repo, **head_tree, m_options.render_dir);
    Findings all;
    for (const auto& unit : units)
        SLIPWAY_TRY(judge_unit(unit, base_tree.get(), **head_tree, *changes, checkouts, all));
    m_cache.flush(); // every verdict of the change in one transaction
    dedupe(all);
    return all;
}

Result<std::optional<git_oid>> base_for_new_ref(const git::Repository& repo, const std::string& ref,
                                                const git_oid& head) {
    auto head_branch = repo.head_branch();
    if (!head_branch || *head_branch == ref)
        return std::optional<git_oid>{};
    SLIPWAY_TRY_LET(tip, repo.ref_target(*head_branch));
    if (!*tip)
        return std::optional<git_oid>{};
    auto a = git::peel(repo, head);
    auto b = git::peel(repo, **tip);
    if (!a)
        return std::unexpected(a.error());
    if (!b)
        return std::unexpected(b.error());
    if (a->kind != git::ObjectKind::commit || b->kind != git::ObjectKind::commit)
        return std::optional<git_oid>{};
    return git::merge_base(repo, a->oid, b->oid);
}

} // namespace slipway::review
