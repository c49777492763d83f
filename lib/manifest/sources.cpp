// What a deploy target's `paths` hold: plain manifest files and top-level kustomizations.
#include "manifest/sources.hpp"

#include "manifest/kustomize.hpp"

#include <algorithm>
#include <set>

namespace slipway::manifest {

namespace fs = std::filesystem;

namespace {

// Adds what is under `dir` to the sets; a kustomization directory is taken whole.
Status walk(const fs::path& root, const fs::path& dir, std::set<std::string>& files,
            std::set<fs::path>& kustomizations) {
    if (kustomization_file(dir)) {
        kustomizations.insert(dir);
        return {};
    }
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (const auto& e : fs::directory_iterator(dir, ec))
        entries.push_back(e);
    if (ec)
        return fail("cannot list " + dir.lexically_relative(root).string() + ": " + ec.message());
    for (const auto& e : entries) {
        auto status = e.symlink_status(ec);
        if (fs::is_directory(status)) {
            if (e.path().filename() == ".git")
                continue;
            SLIPWAY_TRY(walk(root, e.path(), files, kustomizations));
        } else if (fs::is_regular_file(status) && is_manifest_name(e.path().filename().string())) {
            files.insert(e.path().lexically_relative(root).string());
        }
    }
    return {};
}

} // namespace

bool is_manifest_name(const std::string& name) {
    for (const char* ext : {".yaml", ".yml", ".json"})
        if (name.size() > std::string(ext).size() && name.ends_with(ext))
            return true;
    return false;
}

Result<Sources> find_sources(const fs::path& root, const std::vector<std::string>& paths) {
    std::set<std::string> files;
    std::set<fs::path> kustomizations;
    for (const auto& p : paths) {
        const fs::path path = (root / p).lexically_normal();
        std::error_code ec;
        auto status = fs::symlink_status(path, ec);
        if (fs::is_directory(status)) {
            SLIPWAY_TRY(walk(root, path, files, kustomizations));
        } else if (fs::is_regular_file(status)) {
            files.insert(path.lexically_relative(root).string());
        } else {
            return fail("path \"" + p + "\" does not exist in this commit");
        }
    }
    // A kustomization another one refers to is rendered as part of that one.
    std::set<fs::path> referenced;
    for (const auto& k : kustomizations) {
        SLIPWAY_TRY_LET(refs, kustomization_references(k));
        referenced.insert(refs->begin(), refs->end());
    }
    Sources out;
    out.files.assign(files.begin(), files.end());
    for (const auto& k : kustomizations)
        if (!referenced.count(k))
            out.kustomizations.push_back(k.lexically_relative(root).string());
    std::sort(out.kustomizations.begin(), out.kustomizations.end());
    return out;
}

} // namespace slipway::manifest
