// Kustomize: rendering a kustomization with `kubectl kustomize`.
#include "manifest/kustomize.hpp"

#include "util/process.hpp"

namespace slipway::manifest {

namespace fs = std::filesystem;

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
