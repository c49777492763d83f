// What a Terraform root module's files say: its backend, its local modules, whether it changed.
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slipway::terraform {

/// The backend the `*.tf`/`*.tf.json` files directly in `module_dir` declare: "s3", "local",
/// "cloud" for a `cloud {}` block; nullopt when none. Only a `backend` or `cloud` block of a
/// `terraform` block counts (outline_hcl(): not one in a comment, string or heredoc). Fails,
/// naming the file, on a file that is not HCL or JSON.
Result<std::optional<std::string>> declared_backend(const std::filesystem::path& module_dir);

/// The local module sources (`source = "./x"` or `"../x"` of a `module` block) that the files
/// directly in `module_dir` use, as written, in order of appearance, without duplicates.
Result<std::vector<std::string>> local_module_sources(const std::filesystem::path& module_dir);

/// The entries of `root_modules` (directories relative to `checkout`) that must run because
/// one of `changed_paths` (relative to `checkout`) lies under them or under a local module
/// they use, followed recursively. A path under another root module nested inside counts
/// only for that one. `changed_paths` nullopt means everything changed (no deployed commit
/// yet): all of `root_modules` are returned. Order follows `root_modules`. Local module
/// sources leading outside `checkout` are ignored. A root module or local module with a file
/// that is not HCL or JSON (local_module_sources() fails) makes its root count as changed:
/// terraform then reports the error to the pusher.
Result<std::vector<std::string>>
changed_root_modules(const std::filesystem::path& checkout,
                     const std::vector<std::string>& root_modules,
                     const std::optional<std::vector<std::string>>& changed_paths);

} // namespace slipway::terraform
