// The Kubernetes target's objects, loaded from a checkout.
#include "deploy/manifest_loader.hpp"

#include "manifest/disk_tree.hpp"
#include "manifest/emitter.hpp"
#include "manifest/kube_tables.hpp"
#include "manifest/kustomization.hpp"
#include "manifest/object.hpp"
#include "manifest/sources.hpp"
#include "manifest/yaml_loader.hpp"
#include "report/verdict.hpp"
#include "util/files.hpp"

namespace slipway::deploy {

namespace {

// Appends the objects of one YAML stream; the first structural problem is an error.
Status add_objects(const std::string& path, std::string_view content,
                   const manifest::Limits& limits, std::vector<KubeObject>& out) {
    auto file = manifest::load_yaml(path, content, limits);
    std::vector<manifest::Object> objects;
    Findings findings = file.findings;
    manifest::extract_objects(path, file, objects, findings);
    if (!findings.empty()) {
        auto line = report::format_finding(findings.front());
        return fail(line.substr(line.find_first_not_of(' ')));
    }
    for (const auto& o : objects) {
        auto text = manifest::emit_yaml(file.tree, o.node);
        if (!text)
            return fail(path, text.error());
        out.push_back({.api_version = std::string(o.api_version),
                       .kind = std::string(o.kind),
                       .namespace_name = std::string(o.namespace_name),
                       .name = std::string(o.name.empty() ? o.generate_name : o.name),
                       .yaml_text = std::move(*text),
                       .scope = manifest::is_cluster_scoped(o.group, o.kind) ? Scope::cluster
                                                                             : Scope::unknown});
    }
    return {};
}

} // namespace

Result<std::vector<KubeObject>> load_manifest_objects(const std::filesystem::path& root,
                                                      const std::vector<std::string>& paths,
                                                      const manifest::Limits& limits,
                                                      const manifest::KustomizeOptions& kustomize) {
    manifest::DiskTree tree(root);
    SLIPWAY_TRY_LET(sources, manifest::find_sources(tree, paths, manifest::MissingPaths::fail));
    std::vector<KubeObject> out;
    for (const auto& file : sources->files) {
        SLIPWAY_TRY_LET(content, util::read_file(root / file));
        SLIPWAY_TRY(add_objects(file, *content, limits, out));
    }
    for (const auto& dir : manifest::top_level(sources->kustomizations)) {
        // The gate refused these already; a deploy renders nothing from outside the checkout
        // whatever reached it (a policy changed since, a push from before this check).
        const auto& kustomization = sources->kustomizations.at(dir);
        auto refused = manifest::refused_references(kustomization, kustomize.remote);
        if (!refused.empty()) {
            std::string lines;
            for (const auto& f : refused) {
                auto line = report::format_finding(f);
                lines += (lines.empty() ? "" : "; ") + line.substr(line.find_first_not_of(' '));
            }
            return fail(lines);
        }
        auto rendered = manifest::render_kustomization(root, root / dir, kustomize,
                                                       manifest::names_remote_base(kustomization)
                                                           ? util::Network::shared
                                                           : util::Network::none);
        if (!rendered)
            return fail(dir, rendered.error());
        if (!rendered->yaml)
            return fail(dir + ": " + rendered->failure);
        SLIPWAY_TRY(add_objects(dir + " (kustomize)", *rendered->yaml, limits, out));
    }
    return out;
}

} // namespace slipway::deploy
