// From the policy's `environments:` entry to what the deploy engine runs for it.
#pragma once

#include "deploy/environment.hpp"
#include "manifest/kustomize.hpp"
#include "policy/environments.hpp"

namespace slipway::deploy {

/// The deploy engine's EnvironmentConfig for policy environment `env`: its targets in order,
/// with their settings (terraform: one root per dir in the target's workspace; kubernetes:
/// objects loaded by load_manifest_objects() from the target's paths, kustomizations rendered
/// as `kustomize` says, applied to its kubeconfig or, without one, rendered; command: its
/// argv, run at the workspace root). Lock and committer keep their defaults. Never fails: the
/// policy was validated when parsed.
EnvironmentConfig environment_config(const policy::Environment& env,
                                     const manifest::KustomizeOptions& kustomize = {});

} // namespace slipway::deploy
