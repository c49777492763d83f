// Workloads: where the containers of Pods, Deployments, CronJobs... are in an object.
#pragma once

#include "manifest/object.hpp"

#include <string>
#include <vector>

namespace slipway::manifest {

/// One container of a workload.
struct ContainerRef {
    NodeId node = no_node;  ///< the container's mapping
    std::string path;       ///< "spec.template.spec.containers[0]"
    std::string_view name;  ///< its `name`; empty when missing
    bool ephemeral = false; ///< from ephemeralContainers (which have no resources)
};

/// The field path of the pod spec in `kind` of `group` ("spec.template.spec" for a
/// Deployment, "spec.jobTemplate.spec.template.spec" for a CronJob); empty when the kind is
/// not a workload: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
/// Job, CronJob and PodTemplate of the built-in groups.
std::string_view pod_spec_path(std::string_view group, std::string_view kind);

/// Every container, initContainer and ephemeralContainer of `object` (a workload) in `tree`;
/// empty for other kinds or when the pod spec is missing or malformed.
std::vector<ContainerRef> workload_containers(const Tree& tree, const Object& object);

} // namespace slipway::manifest
