// `slipway install` / `slipway uninstall`: putting the hooks and the policy into a bare repo.
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slipway::admin {

enum class Force { no, yes };

/// Where the policy to install comes from.
struct PolicySource {
    std::optional<std::filesystem::path> file; ///< --policy FILE
    std::optional<std::string> template_name;  ///< --template NAME
};

struct InstallOptions {
    std::filesystem::path repo;
    PolicySource policy;
    Force force = Force::no;
    /// False (`--no-hooks`): hooks/ is left as it is, foreign hooks too, for a forge that owns
    /// it and runs Slipway's executables from a hook directory of its own.
    bool write_hooks = true;
    /// Directory holding slipway-pre-receive and slipway-post-receive; the hooks run them by
    /// absolute path.
    std::filesystem::path bin_dir;
};

/// Installs the hooks and the policy into `options.repo`. Validates everything before
/// changing anything; refuses a missing or non-bare repository and hooks it did not write
/// (unless Force::yes, which keeps them as `<hook>.slipway-backup`). Running it twice is
/// harmless. Returns the lines that tell the admin what was done.
Result<std::vector<std::string>> install(const InstallOptions& options);

/// Removes Slipway's hooks from `repo`, restoring backed-up ones; keeps the policy and the
/// state directory (the ledger is audit evidence). Returns what was done, line by line.
Result<std::vector<std::string>> uninstall(const std::filesystem::path& repo);

/// The policy text of template `name` (from the shipped templates directory), or an error
/// listing the templates that exist.
Result<std::string> template_policy(const std::string& name);

/// Directory of the running executable.
std::filesystem::path executable_dir();

} // namespace slipway::admin
