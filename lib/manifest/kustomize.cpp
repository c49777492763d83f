// Kustomize: which directories are kustomizations, which are top-level, rendering one.
#include "manifest/kustomize.hpp"

#include "util/process.hpp"

#include <yaml-cpp/yaml.h>

namespace slipway::manifest {

namespace fs = std::filesystem;

std::optional<fs::path> kustomization_file(const fs::path& dir) {
    std::error_code ec;
    for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
        auto file = dir / name;
        if (fs::is_regular_file(fs::symlink_status(file, ec)))
            return file;
    }
    return std::nullopt;
}

Result<std::vector<fs::path>> kustomization_references(const fs::path& dir) {
    auto file = kustomization_file(dir);
    if (!file)
        return fail(dir.string() + " is not a kustomization");
    YAML::Node root;
    try {
        root = YAML::LoadFile(file->string());
    } catch (const YAML::Exception& e) {
        return fail(file->string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                    std::to_string(e.mark.column + 1) + ": " + e.msg);
    }
    std::vector<fs::path> out;
    if (!root.IsMap())
        return out;
    for (const char* key : {"resources", "bases", "components"}) {
        const YAML::Node list = root[key];
        if (!list.IsSequence())
            continue;
        for (const auto& entry : list) {
            if (!entry.IsScalar())
                continue;
            const std::string& ref = entry.Scalar();
            if (ref.find("://") != std::string::npos || ref.starts_with("github.com/") ||
                ref.starts_with("git@"))
                continue;
            std::error_code ec;
            auto target = (dir / ref).lexically_normal();
            if (fs::is_directory(target, ec))
                out.push_back(target);
        }
    }
    return out;
}

Result<std::string> render_kustomization(const fs::path& dir, const KustomizeOptions& options) {
    util::Command cmd{.argv = {options.kubectl, "kustomize", dir.string()},
                      .cwd = dir,
                      .env = {{"KUBECONFIG", "/dev/null"}},
                      .timeout = options.timeout};
    SLIPWAY_TRY_LET(run, util::run_capture(cmd));
    if (!run->exit.ok()) {
        std::string message = run->err;
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        // Some kubectl builds log through klog: `E1126 13:16:45.114795 1 run.go:72] "command
        // failed" err="<message>"`; the time and pid would make every message different.
        if (auto err = message.find(" err=\"");
            err != std::string::npos && message.ends_with('"') && message[0] == 'E') {
            message = message.substr(err + 6, message.size() - err - 7);
        }
        for (const char* prefix : {"Error: ", "error: "})
            if (message.starts_with(prefix))
                message.erase(0, 7);
        return fail("kubectl kustomize " + run->exit.describe() +
                    (message.empty() ? "" : ": " + message));
    }
    return std::move(run->out);
}

} // namespace slipway::manifest
