// Judging the manifests in a directory on disk.
#include "review/directory.hpp"

#include "manifest/disk_tree.hpp"
#include "manifest/judge.hpp"
#include "manifest/kustomization.hpp"
#include "manifest/kustomize.hpp"
#include "manifest/sources.hpp"
#include "review/kustomize_finding.hpp"
#include "util/files.hpp"
#include "util/relative_path.hpp"

#include <algorithm>
#include <set>

namespace slipway::review {

namespace {

bool under_any(const std::vector<std::string>& roots, std::string_view path) {
    for (const auto& r : roots)
        if (util::path_under(r, path))
            return true;
    return false;
}

void sort_by_position(Findings& findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
}

} // namespace

Result<Findings> judge_directory(const std::filesystem::path& root,
                                 const std::vector<std::string>& paths,
                                 const policy::Policy& policy, const std::string& ref,
                                 const manifest::SchemaSources& schemas) {
    const auto& mp = policy.manifests;
    auto units = policy::manifest_units(mp, policy.environments, ref);
    // Whatever no unit holds is still judged, with the ref's first environment's settings.
    units.push_back({units.empty() ? "" : units.front().environment, {"."}, "default"});
    manifest::DiskTree tree(root);
    SLIPWAY_TRY_LET(sources, manifest::find_sources(tree, paths, manifest::MissingPaths::fail));
    static const manifest::SchemaSet no_schemas;

    Findings all;
    std::set<std::string> judged;
    for (std::size_t u = 0; u < units.size(); ++u) {
        const auto& unit = units[u];
        manifest::DuplicateTracker tracker(unit.default_namespace, mp.base.cluster_scoped_kinds);
        auto judge = [&](const std::string& key, const std::string& path,
                         const std::string& content) -> Status {
            auto settings = mp.settings_for(key, unit.environment, unit.default_namespace);
            const manifest::SchemaSet* set = &no_schemas;
            if (settings.schema.enabled && !schemas.empty()) {
                SLIPWAY_TRY_LET(loaded, schemas.schemas());
                set = *loaded;
            }
            auto verdict = manifest::judge_file(path, content, *set, settings);
            Findings found = std::move(verdict.findings);
            for (const auto& o : verdict.objects)
                if (auto id = manifest::identity_of(verdict.file.tree, o);
                    id && settings.duplicate_object.enabled)
                    if (auto dup = tracker.add(path, *id, settings.duplicate_object.severity))
                        found.push_back(std::move(*dup));
            sort_by_position(found);
            all.insert(all.end(), found.begin(), found.end());
            return {};
        };
        const bool last = u + 1 == units.size();
        for (const auto& file : sources->files) {
            if (last ? judged.count(file) > 0 : !under_any(unit.paths, file))
                continue;
            judged.insert(file);
            SLIPWAY_TRY_LET(content, util::read_file(root / file));
            SLIPWAY_TRY(judge(file, file, *content));
        }
        for (const auto& dir : manifest::top_level(sources->kustomizations)) {
            const std::string tag = "kustomize:" + dir;
            if (last ? judged.count(tag) > 0 : !under_any(unit.paths, dir))
                continue;
            judged.insert(tag);
            // What it may not read is refused, not rendered.
            const auto& kustomization = sources->kustomizations.at(dir);
            auto refused = manifest::refused_references(kustomization, mp.kustomize.remote);
            if (!refused.empty()) {
                all.insert(all.end(), refused.begin(), refused.end());
                continue;
            }
            SLIPWAY_TRY_LET(
                rendering, manifest::render_kustomization(root, root / dir, mp.kustomize,
                                                          manifest::names_remote_base(kustomization)
                                                              ? util::Network::shared
                                                              : util::Network::none));
            if (!rendering->yaml) {
                all.push_back(
                    kustomize_failure(dir, kustomization.file, rendering->failure,
                                      std::filesystem::absolute(root).lexically_normal().string()));
                continue;
            }
            SLIPWAY_TRY(judge(dir, dir + " (kustomize)", *rendering->yaml));
        }
    }
    // A file in two units is judged twice: keep one of equal findings.
    std::set<std::tuple<std::string, int, int, std::string, std::string>> seen;
    Findings out;
    for (auto& f : all)
        if (seen.emplace(f.path, f.line, f.column, f.rule, f.message).second)
            out.push_back(std::move(f));
    return out;
}

} // namespace slipway::review
