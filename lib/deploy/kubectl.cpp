// The Kubernetes target with a cluster: server-side apply, prune from the inventory, rollout.
#include "deploy/kubectl.hpp"

#include "util/new_file.hpp"

#include <algorithm>
#include <set>

namespace slipway::deploy {

namespace fs = std::filesystem;

namespace {

// Removes a file when it goes out of scope.
class ScratchFile {
public:
    explicit ScratchFile(fs::path path)
        : m_path(std::move(path)) {}
    ~ScratchFile() { ::unlink(m_path.c_str()); }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

// The objects as one multi-document YAML file, readable only by this user (Secrets).
Status write_objects(const fs::path& file, const std::vector<KubeObject>& objects) {
    std::string text;
    for (const auto& o : objects) {
        text += "---\n" + o.yaml_text;
        if (!o.yaml_text.empty() && o.yaml_text.back() != '\n')
            text += '\n';
    }
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec)
        return fail("cannot create " + file.parent_path().string() + ": " + ec.message());
    return util::write_new_file(file, text, 0600);
}

// Previous and current objects together: what may exist in the cluster after a partial run.
std::vector<ObjectRef> merged(const std::vector<ObjectRef>& current,
                              const std::vector<ObjectRef>& previous) {
    std::vector<ObjectRef> out = current;
    std::set<std::string> keys;
    for (const auto& c : current)
        keys.insert(c.key());
    for (const auto& p : previous)
        if (keys.insert(p.key()).second)
            out.push_back(p);
    return out;
}

class Kubectl {
public:
    Kubectl(const KubeCluster& cluster, report::Output& output)
        : m_cluster(cluster)
        , m_output(output) {}

    // Runs `kubectl <args> <connection flags>`; every line goes to `on_line` and the output.
    Result<util::Exit> run(const std::string& what, std::vector<std::string> args,
                           const std::string& namespace_name, const util::LineSink& on_line = {}) {
        util::Command command{.env = m_cluster.env, .timeout = m_cluster.timeout};
        command.argv.push_back(m_cluster.program);
        for (auto& a : args)
            command.argv.push_back(std::move(a));
        if (!m_cluster.kubeconfig.empty())
            command.argv.push_back("--kubeconfig=" + m_cluster.kubeconfig);
        if (!m_cluster.context.empty())
            command.argv.push_back("--context=" + m_cluster.context);
        if (!namespace_name.empty())
            command.argv.push_back("--namespace=" + namespace_name);
        auto sink = [&](std::string_view line) {
            if (on_line)
                on_line(line);
            m_output.line(line);
        };
        auto exit = util::run_streaming(command, sink, m_output.heartbeat_sink(what),
                                        m_output.heartbeat_interval());
        if (!exit)
            return fail(what, exit.error());
        if (!exit->ok())
            return fail(what + " " + exit->describe());
        return *exit;
    }

private:
    const KubeCluster& m_cluster;
    report::Output& m_output;
};

bool is_workload(const ObjectRef& r) {
    return r.group() == "apps" &&
           (r.kind == "Deployment" || r.kind == "StatefulSet" || r.kind == "DaemonSet");
}

} // namespace

Result<KubectlOutcome> kubectl_deploy(const std::vector<KubeObject>& objects,
                                      const KubectlSettings& settings, report::Output& output) {
    SLIPWAY_TRY_LET(current, object_refs(objects, settings.default_namespace));
    SLIPWAY_TRY_LET(previous, read_inventory(settings.inventory_file));
    SLIPWAY_TRY_LET(plan, plan_prune(*previous, *current, settings.prune));

    Kubectl kubectl(settings.cluster, output);
    KubectlOutcome outcome;
    // kubectl refuses an object whose namespace differs from --namespace, so each namespace
    // gets its own apply; cluster-scoped objects (namespaces, CRDs) go first.
    std::vector<std::pair<std::string, std::vector<KubeObject>>> groups{{"", {}}};
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const std::string& ns = (*current)[i].namespace_name;
        auto g = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& group) { return group.first == ns; });
        if (g == groups.end())
            g = groups.insert(groups.end(), {ns, {}});
        g->second.push_back(objects[i]);
    }
    for (const auto& [ns, group] : groups) {
        if (group.empty())
            continue;
        ScratchFile file(settings.scratch_dir /
                         ("objects-" + std::to_string(::getpid()) + ".yaml"));
        SLIPWAY_TRY(write_objects(file.path(), group));
        output.line("kubectl apply of " + std::to_string(group.size()) +
                    (group.size() == 1 ? " object" : " objects") +
                    (ns.empty() ? std::string(" without a namespace") : " in namespace " + ns));
        auto applied = kubectl.run(
            "kubectl apply",
            {"apply", "--server-side", "--field-manager=slipway", "-f", file.path().string()}, ns,
            [&](std::string_view line) {
                if (line.ends_with(" unchanged"))
                    ++outcome.unchanged;
            });
        if (!applied) {
            // Some objects may exist now: remember them all, so they can be pruned later.
            if (auto s = write_inventory(settings.inventory_file, merged(*current, *previous)); !s)
                return fail(applied.error().message + "; " + s.error().message);
            return std::unexpected(applied.error());
        }
        outcome.applied += group.size();
    }

    for (const auto& kept : plan->forbidden) {
        const char* what = kept.kind == "Namespace" ? "namespaces" : "cluster-scoped objects";
        output.line("not pruning " + kept.describe() + ": this environment does not allow " +
                    "deleting " + what + "; delete it by hand if it is no longer needed");
        outcome.not_pruned.push_back(kept);
    }
    std::vector<ObjectRef> failed;
    std::string first_failure;
    for (const auto& gone : plan->prune) {
        output.line("pruning " + gone.describe());
        auto deleted = kubectl.run(
            "kubectl delete of " + gone.describe(),
            {"delete", "--ignore-not-found=true", "--wait=false", gone.kubectl_resource()},
            gone.namespace_name);
        if (deleted) {
            outcome.pruned.push_back(gone);
        } else {
            failed.push_back(gone);
            if (first_failure.empty())
                first_failure = deleted.error().message;
        }
    }

    outcome.inventory = merged(*current, failed);
    SLIPWAY_TRY(write_inventory(settings.inventory_file, outcome.inventory));
    if (!failed.empty())
        return fail(first_failure +
                    (failed.size() > 1
                         ? " (and " + std::to_string(failed.size() - 1) + " more deletions failed)"
                         : std::string()));

    if (settings.rollout.enabled == RolloutWait::Enabled::yes) {
        for (const auto& r : *current) {
            if (!is_workload(r))
                continue;
            auto waited =
                kubectl.run("rollout of " + r.describe(),
                            {"rollout", "status",
                             "--timeout=" + std::to_string(settings.rollout.timeout.count()) + "s",
                             r.kubectl_resource()},
                            r.namespace_name);
            if (!waited)
                return std::unexpected(waited.error());
        }
    }
    return outcome;
}

} // namespace slipway::deploy
