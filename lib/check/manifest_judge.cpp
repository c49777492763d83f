// Judging the manifests a change brings.
#include "check/manifest_judge.hpp"

#include "check/kustomize_finding.hpp"
#include "check/tree_sources.hpp"
#include "git/checkout.hpp"
#include "git/diff.hpp"
#include "git/history.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"
#include "git/tree_entries.hpp"
#include "manifest/judge.hpp"
#include "manifest/kustomize.hpp"
#include "manifest/sources.hpp"
#include "util/temp_dir.hpp"

#include <algorithm>
#include <set>

namespace slipway::check {

namespace {

const manifest::SchemaSet& no_schemas() {
    static const manifest::SchemaSet empty;
    return empty;
}

std::string base_name(std::string_view path) {
    auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool under_any(const std::vector<std::string>& roots, std::string_view path) {
    for (const auto& r : roots)
        if (policy::path_under(r, path))
            return true;
    return false;
}

// True when a directory above `path` (or "." itself) is a kustomization of `index`.
bool inside_kustomization(const IdentityIndex& index, std::string_view path) {
    if (index.kustomizations.empty())
        return false;
    if (index.kustomizations.count("."))
        return true;
    for (auto slash = path.rfind('/'); slash != std::string_view::npos && slash > 0;
         slash = path.rfind('/', slash - 1)) {
        if (index.kustomizations.count(std::string(path.substr(0, slash))))
            return true;
        if (slash == 0)
            break;
    }
    return false;
}

// The kustomizations of `index` that no other one renders as part of itself.
std::vector<std::string> top_level(const IdentityIndex& index) {
    std::set<std::string> referenced;
    for (const auto& [dir, k] : index.kustomizations)
        referenced.insert(k.refs.begin(), k.refs.end());
    std::vector<std::string> out;
    for (const auto& [dir, k] : index.kustomizations)
        if (!referenced.count(dir))
            out.push_back(dir);
    return out;
}

std::string rendered_path(const std::string& dir) {
    return dir + " (kustomize)";
}

// The identities of the objects in `content` (no judging: unchanged files only need these).
std::vector<manifest::ObjectIdentity>
identities_of(const std::string& path, std::string_view content, const manifest::Limits& limits) {
    auto file = manifest::load_yaml(path, content, limits);
    std::vector<manifest::Object> objects;
    Findings ignored;
    manifest::extract_objects(path, file, objects, ignored);
    std::vector<manifest::ObjectIdentity> out;
    for (const auto& o : objects)
        if (auto id = manifest::identity_of(file.tree, o))
            out.push_back(std::move(*id));
    return out;
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
                                                const manifest::Settings& settings) {
    // Only the namespace rule reads the target's default namespace: without it, verdicts are
    // shared between environments that differ in nothing else (a tag after its branch).
    manifest::Settings keyed = settings;
    if (!keyed.namespace_rule.enabled || keyed.allowed_namespaces.empty())
        keyed.default_namespace = "-";
    std::string material = "verdict-1";
    material += '\0' + git::to_hex(blob) + '\0' + manifest::settings_fingerprint(keyed) + '\0';
    if (settings.schema.enabled && !m_options.schemas.empty()) {
        auto fp = m_options.schemas.fingerprint();
        if (!fp)
            return std::unexpected(fp.error());
        material += *fp;
    }
    const std::string key = ManifestCache::key(material);
    if (auto hit = m_cache.load_verdict(key))
        return std::move(*hit);
    auto content = git::read_blob(m_repo, blob);
    if (!content)
        return std::unexpected(content.error());
    auto schemas = schemas_for(settings);
    if (!schemas)
        return std::unexpected(schemas.error());
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

Result<Findings> ManifestJudge::judge_change(const std::string& ref,
                                             const std::optional<git_oid>& base,
                                             const git_oid& head) {
    const policy::ManifestPolicy& mp = m_policy.manifests;
    const auto units = policy::manifest_units(mp, m_policy.environments, ref);
    if (units.empty())
        return Findings{};
    auto changes = git::diff_paths(m_repo, base, head);
    if (!changes)
        return std::unexpected(changes.error());
    if (changes->empty())
        return Findings{};
    auto head_tree = git::peel_to_tree(m_repo, head);
    if (!head_tree)
        return std::unexpected(head_tree.error());
    git::TreePtr base_tree;
    if (base) {
        auto t = git::peel_to_tree(m_repo, *base);
        if (!t)
            return std::unexpected(t.error());
        base_tree = std::move(*t);
    }
    const bool kustomization_changed =
        std::any_of(changes->begin(), changes->end(), [](const git::PathChange& c) {
            return is_kustomization_name(base_name(c.path));
        });
    std::optional<util::TempDir> checkout;

    // An index is keyed by the whole tree (kustomization inputs may lie outside the unit's
    // paths) and the unit; it holds identities, which depend on the loading limits only.
    const std::string limits =
        manifest::settings_fingerprint(manifest::Settings{.limits = mp.base.limits});
    auto index_key = [&](const git_tree& tree, const policy::ManifestUnit& unit) {
        std::string material = "identities-1";
        material += '\0' + limits + '\0' + git::to_hex(*git_tree_id(&tree));
        for (const auto& p : unit.paths)
            material += '\0' + p;
        return ManifestCache::key(material);
    };

    Findings all;
    for (const auto& unit : units) {
        // The unit's index in the pushed tree: derived from the base's when that is cached and
        // no kustomization file changed, else rebuilt by walking the tree.
        std::optional<IdentityIndex> previous;
        if (base_tree)
            previous = m_cache.load_index(index_key(*base_tree, unit));
        IdentityIndex index;
        if (previous && !kustomization_changed) {
            index = std::move(*previous);
            for (const auto& c : *changes) {
                if (!under_any(unit.paths, c.path))
                    continue;
                index.files.erase(c.path);
                if (c.kind == git::PathChangeKind::deleted)
                    continue;
                const bool named =
                    std::find(unit.paths.begin(), unit.paths.end(), c.path) != unit.paths.end();
                if (!named && !manifest::is_manifest_name(base_name(c.path)))
                    continue;
                if (inside_kustomization(index, c.path))
                    continue;
                auto e = git::tree_entry(m_repo, **head_tree, c.path);
                if (!e)
                    return std::unexpected(e.error());
                if (!*e || !(*e)->is_file())
                    continue;
                index.files[c.path] = {git::to_hex((*e)->oid), {}};
            }
        } else {
            auto sources = find_tree_sources(m_repo, **head_tree, unit.paths);
            if (!sources)
                return std::unexpected(sources.error());
            for (const auto& [path, oid] : sources->files) {
                IdentityIndex::File file{git::to_hex(oid), {}};
                const IdentityIndex::File* old = nullptr;
                if (previous)
                    if (auto it = previous->files.find(path); it != previous->files.end())
                        old = &it->second;
                if (old && old->blob == file.blob) {
                    file.identities = old->identities;
                } else {
                    auto content = git::read_blob(m_repo, oid);
                    if (!content)
                        return std::unexpected(content.error());
                    file.identities = identities_of(path, *content, mp.base.limits);
                }
                index.files.emplace(path, std::move(file));
            }
            for (auto& [dir, k] : sources->kustomizations) {
                IdentityIndex::Kustomization entry{.refs = std::move(k.refs),
                                                   .inputs = std::move(k.inputs)};
                if (previous)
                    if (auto old = previous->kustomizations.find(dir);
                        old != previous->kustomizations.end())
                        entry.identities = old->second.identities;
                index.kustomizations.emplace(dir, std::move(entry));
            }
        }

        // What this change makes us judge.
        std::vector<std::pair<std::string, git_oid>> files;
        for (const auto& c : *changes) {
            if (c.kind == git::PathChangeKind::deleted)
                continue;
            auto it = index.files.find(c.path);
            if (it == index.files.end())
                continue;
            git_oid oid;
            if (auto parsed = git::parse_oid(it->second.blob))
                oid = *parsed;
            else
                return std::unexpected(parsed.error());
            files.emplace_back(c.path, oid);
        }
        std::vector<std::string> rendered;
        for (const auto& dir : top_level(index)) {
            const auto& inputs = index.kustomizations.at(dir).inputs;
            if (std::any_of(changes->begin(), changes->end(),
                            [&](const git::PathChange& c) { return touches(inputs, c.path); }))
                rendered.push_back(dir);
        }

        if (!files.empty() || !rendered.empty()) {
            manifest::DuplicateTracker tracker(unit.default_namespace,
                                               mp.base.cluster_scoped_kinds);
            std::set<std::string> judged_now;
            for (const auto& [path, oid] : files)
                judged_now.insert(path);
            for (const auto& [path, file] : index.files)
                if (!judged_now.count(path))
                    for (const auto& id : file.identities)
                        tracker.add(path, id);
            for (const auto& [dir, k] : index.kustomizations)
                if (std::find(rendered.begin(), rendered.end(), dir) == rendered.end())
                    for (const auto& id : k.identities)
                        tracker.add(rendered_path(dir), id);

            for (const auto& [path, oid] : files) {
                auto settings = mp.settings_for(path, unit.environment, unit.default_namespace);
                auto verdict = judge_blob(path, oid, settings);
                if (!verdict)
                    return std::unexpected(verdict.error());
                Findings found = std::move(verdict->findings);
                for (auto& f : found)
                    f.path = path;
                if (settings.duplicate_object.enabled)
                    for (const auto& id : verdict->identities)
                        if (auto dup = tracker.add(path, id, settings.duplicate_object.severity))
                            found.push_back(std::move(*dup));
                sort_by_position(found);
                all.insert(all.end(), found.begin(), found.end());
                index.files[path].identities = std::move(verdict->identities);
            }

            for (const auto& dir : rendered) {
                if (!checkout) {
                    auto made = util::TempDir::make(m_options.render_dir, "render-");
                    if (!made)
                        return std::unexpected(made.error());
                    checkout.emplace(std::move(*made));
                    auto done = git::checkout_tree(m_repo, head, checkout->path());
                    if (!done)
                        return fail("cannot check out the pushed tree for kustomize", done.error());
                }
                auto& entry = index.kustomizations[dir];
                const auto location = dir == "." ? checkout->path() : checkout->path() / dir;
                auto settings = mp.settings_for(dir, unit.environment, unit.default_namespace);
                auto text = manifest::render_kustomization(location, mp.kustomize);
                if (!text) {
                    auto file = manifest::kustomization_file(location);
                    std::string name = file ? file->filename().string() : "kustomization.yaml";
                    all.push_back(kustomize_failure(dir, name, text.error().message,
                                                    checkout->path().string()));
                    entry.identities.clear();
                    continue;
                }
                auto schemas = schemas_for(settings);
                if (!schemas)
                    return std::unexpected(schemas.error());
                const std::string path = rendered_path(dir);
                auto verdict = manifest::judge_file(path, *text, **schemas, settings);
                Findings found = std::move(verdict.findings);
                entry.identities.clear();
                for (const auto& o : verdict.objects) {
                    auto id = manifest::identity_of(verdict.file.tree, o);
                    if (!id)
                        continue;
                    if (settings.duplicate_object.enabled)
                        if (auto dup = tracker.add(path, *id, settings.duplicate_object.severity))
                            found.push_back(std::move(*dup));
                    entry.identities.push_back(std::move(*id));
                }
                sort_by_position(found);
                all.insert(all.end(), found.begin(), found.end());
            }
        }
        m_cache.store_index(index_key(**head_tree, unit), index);
    }
    dedupe(all);
    return all;
}

Result<std::optional<git_oid>> base_for_new_ref(const git::Repository& repo, const std::string& ref,
                                                const git_oid& head) {
    auto head_branch = repo.head_branch();
    if (!head_branch || *head_branch == ref)
        return std::optional<git_oid>{};
    auto tip = repo.ref_target(*head_branch);
    if (!tip)
        return std::unexpected(tip.error());
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

} // namespace slipway::check
