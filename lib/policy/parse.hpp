// The parsers of the sections of slipway.yaml. Private to policy/ (they take YAML nodes): other
// layers call parse_policy (policy.hpp).
#pragma once

#include "policy/environments.hpp"
#include "policy/identity.hpp"
#include "policy/manifests.hpp"
#include "policy/principals.hpp"
#include "policy/reader.hpp"
#include "policy/ref_rules.hpp"
#include "policy/signatures.hpp"
#include "policy/terraform.hpp"

#include <string>
#include <vector>

namespace slipway::policy {

/// Parses `identity:`; problems go to `reader`.
IdentitySettings parse_identity(Reader& reader, const YamlNode& node);

/// Parses `groups` (name → list of users and `@group`s) and `users` (name → {emails}),
/// reporting unknown groups and membership cycles through `reader`.
Principals parse_principals(Reader& reader, const YamlNode& groups, const YamlNode& users);

/// Reports entries of `list` (read at `node`) that name a `@group` `principals` does not define.
void check_references(Reader& reader, const YamlNode& node, const Principals& principals,
                      const std::vector<std::string>& list);

/// A `required` / `off` key (push_certificate): true for `required`; anything else is an
/// error at `node`, and false.
bool parse_required(Reader& reader, const YamlNode& node, const std::string& key);

/// Parses a `signatures:` mapping (of a ref rule or environment); problems go to `reader`.
SignatureRules parse_signature_rules(Reader& reader, const YamlNode& node,
                                     const Principals& principals);

/// Parses the top-level `signing:` (absent: no OpenPGP keyring); problems go to `reader`.
SigningSettings parse_signing(Reader& reader, const YamlNode& node);

/// Parses the `refs:` list. Problems go to `reader`.
std::vector<RefRule> parse_ref_rules(Reader& reader, const YamlNode& node,
                                     const Principals& principals);

/// Parses `environments:`; problems (unknown keys, bad names, unknown promote_from,
/// promotion cycles, unsafe paths) go to `reader`.
std::vector<Environment> parse_environments(Reader& reader, const YamlNode& node,
                                            const Principals& principals);

/// Parses an environment's `freeze:` list of windows; problems (unknown keys, times, time
/// zones the tz database does not have) go to `reader`.
std::vector<FreezeWindow> parse_freeze(Reader& reader, const YamlNode& node);

/// Parses `manifests:` (absent or null `node`: disabled, or enabled with defaults when the key
/// is present and empty). `environments` are the policy's, for checking override names.
/// Problems go to `reader` with their line:col.
ManifestPolicy parse_manifests(Reader& reader, const YamlNode& node,
                               const std::vector<Environment>& environments);

/// Parses `terraform:` (absent: the defaults); problems go to `reader`.
TerraformChecks parse_terraform_checks(Reader& reader, const YamlNode& node,
                                       const Principals& principals);

} // namespace slipway::policy
