// The policy: everything the admin decided about a repository, parsed from slipway.yaml.
#pragma once

#include "policy/environments.hpp"
#include "policy/identity.hpp"
#include "policy/limits.hpp"
#include "policy/manifests.hpp"
#include "policy/principals.hpp"
#include "policy/ref_rules.hpp"
#include "policy/signatures.hpp"
#include "policy/terraform.hpp"
#include "util/result.hpp"
#include "util/sandbox.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::policy {

/// A parsed, validated policy.
struct Policy {
    int version = 1;
    IdentitySettings identity;
    Principals principals;
    std::vector<RefRule> refs;
    std::vector<Environment> environments;
    ManifestPolicy manifests;
    TerraformChecks terraform;
    SigningSettings signing; ///< `signing:`, the OpenPGP keyring signatures are checked against
    PushLimits limits;       ///< `limits:`, bounds on one push as a whole
    /// `break_glass:`: users and `@groups` whose `git push -o slipway.break-glass="..."`
    /// overrides a freeze (check/break_glass); empty: nobody's.
    std::vector<std::string> break_glass;
    /// `sandbox: on|off`: whether terraform and kubectl kustomize run on pushed content under
    /// bubblewrap (util::Sandbox). Also copied into `manifests.kustomize.sandbox`.
    util::Sandboxing sandbox = util::Sandboxing::on;
    /// `output: {rejection_prefix: "GL-HOOK-ERR: "}`: put before every line of a rejection, for
    /// a forge that shows only prefixed lines as the reason (GitLab); empty: none.
    std::string rejection_prefix;
};

/// Parses policy `text`; `source` names it in messages. On failure the Error lists every
/// problem found, one per line, each as "<source>:<line>:<col>: <what is wrong>".
Result<Policy> parse_policy(std::string_view text, const std::string& source);

/// Reads and parses the policy file at `path`. A missing or unreadable file is an error too.
Result<Policy> load_policy(const std::filesystem::path& path);

} // namespace slipway::policy
