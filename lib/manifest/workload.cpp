// Workloads: where the containers of Pods, Deployments, CronJobs... are in an object.
#include "manifest/workload.hpp"

namespace slipway::manifest {

std::string_view pod_spec_path(std::string_view group, std::string_view kind) {
    if (group.empty()) {
        if (kind == "Pod")
            return "spec";
        if (kind == "ReplicationController")
            return "spec.template.spec";
        if (kind == "PodTemplate")
            return "template.spec";
        return {};
    }
    if (group == "apps" || group == "extensions") {
        if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
            kind == "ReplicaSet")
            return "spec.template.spec";
        return {};
    }
    if (group == "batch") {
        if (kind == "Job")
            return "spec.template.spec";
        if (kind == "CronJob")
            return "spec.jobTemplate.spec.template.spec";
    }
    return {};
}

std::vector<ContainerRef> workload_containers(const Tree& tree, const Object& object) {
    std::vector<ContainerRef> out;
    std::string_view spec_path = pod_spec_path(object.group, object.kind);
    if (spec_path.empty())
        return out;
    NodeId spec = object.node;
    for (std::size_t start = 0; start <= spec_path.size() && spec != no_node;) {
        std::size_t dot = spec_path.find('.', start);
        std::string_view key = spec_path.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        spec = tree.find(spec, key);
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    if (spec == no_node || !tree.is_mapping(spec))
        return out;
    for (std::string_view list : {"initContainers", "containers", "ephemeralContainers"}) {
        NodeId seq = tree.find(spec, list);
        if (seq == no_node || !tree.is_sequence(seq))
            continue;
        for (std::size_t i = 0; i < tree.size(seq); ++i) {
            NodeId c = tree.item(seq, i);
            if (!tree.is_mapping(c))
                continue;
            ContainerRef ref;
            ref.node = c;
            ref.path =
                std::string(spec_path) + "." + std::string(list) + "[" + std::to_string(i) + "]";
            NodeId name = tree.find(c, "name");
            if (tree.is_string(name))
                ref.name = tree.text(name);
            ref.ephemeral = list == "ephemeralContainers";
            out.push_back(std::move(ref));
        }
    }
    return out;
}

} // namespace slipway::manifest
