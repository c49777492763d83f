// Kustomize: rendering a kustomization with `kubectl kustomize`, confined to its checkout.
#include "manifest/kustomize.hpp"

#include "util/process.hpp"
#include "util/temp_dir.hpp"

namespace slipway::manifest {

namespace fs = std::filesystem;

namespace {

// kubectl's message for a failed render, without what differs on every run.
std::string render_failure(const util::Captured& run) {
    std::string message = run.err;
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
    return "kubectl kustomize " + run.exit.describe() + (message.empty() ? "" : ": " + message);
}

} // namespace

Result<Rendering> render_kustomization(const fs::path& root, const fs::path& dir,
                                       const KustomizeOptions& options, util::Network network) {
    // Remote bases (only those the policy allows get this far) are fetched by git with no
    // credentials: no system or global git configuration, no prompt, no askpass.
    std::error_code ec;
    const fs::path where = fs::absolute(dir, ec).lexically_normal();
    util::Command cmd{.argv = {options.kubectl, "kustomize", where.string(), "--load-restrictor",
                               "LoadRestrictionsRootOnly"},
                      .cwd = where,
                      .env = {{"KUBECONFIG", "/dev/null"},
                              {"GIT_CONFIG_NOSYSTEM", "1"},
                              {"GIT_CONFIG_GLOBAL", "/dev/null"},
                              {"GIT_TERMINAL_PROMPT", "0"},
                              {"GIT_ASKPASS", "/bin/false"},
                              {"SSH_ASKPASS", "/bin/false"}},
                      .unset = {"SSH_AUTH_SOCK"},
                      .timeout = options.timeout};
    std::optional<util::TempDir> home;
    if (options.sandbox == util::Sandboxing::on) {
        SLIPWAY_TRY_LET(sandbox, util::Sandbox::find());
        util::Confinement confinement{
            .mounts = {{.source = fs::absolute(root, ec).lexically_normal()}}, .network = network};
        SLIPWAY_TRY_LET(wrapped, sandbox->wrap(cmd, confinement));
        cmd = std::move(*wrapped);
    } else {
        // Unconfined: at least not the server user's HOME (~/.netrc, ~/.git-credentials).
        auto made = util::TempDir::make(fs::temp_directory_path(), "slipway-kustomize-home-");
        if (!made)
            return fail("kubectl kustomize", made.error());
        home.emplace(std::move(*made));
        cmd.env.emplace_back("HOME", home->path().string());
    }
    SLIPWAY_TRY_LET(run, util::run_capture(cmd));
    if (options.sandbox == util::Sandboxing::on)
        if (auto broken = util::sandbox_failure(run->exit, run->err))
            return std::unexpected(*broken);
    if (!run->exit.ok())
        return Rendering{.failure = render_failure(*run)};
    return Rendering{.yaml = std::move(run->out)};
}

} // namespace slipway::manifest
