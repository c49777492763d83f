// Where the deploy engine keeps its state: the layout of `<repo>.git/slipway/`.
#include "util/state_paths.hpp"

#include "util/relative_path.hpp"

#include <cctype>
#include <ctime>
#include <sys/stat.h>

namespace slipway::util {

std::string deployed_ref(std::string_view env) {
    return std::string(reserved_ref_prefix) + "deployed/" + std::string(env);
}

std::string rendered_ref(std::string_view env) {
    return std::string(reserved_ref_prefix) + "rendered/" + std::string(env);
}

bool is_reserved_ref(std::string_view ref) {
    return ref.starts_with(reserved_ref_prefix);
}

std::filesystem::path policy_file(const std::filesystem::path& git_dir) {
    return git_dir / "slipway.yaml";
}

namespace {

bool safe_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

} // namespace

bool is_valid_environment_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '.' || name.front() == '-')
        return false;
    for (char c : name)
        if (!safe_char(c))
            return false;
    return true;
}

std::string module_key(std::string_view dir) {
    // "./infra/net/" and "infra/net" are one module: one state.
    const auto normalized = normalize_relative(std::string(dir));
    std::string_view module_dir = normalized ? std::string_view(*normalized) : dir;
    if (module_dir.empty() || module_dir == ".")
        return "_root";
    std::string out;
    static const char* hex = "0123456789ABCDEF";
    for (char c : module_dir) {
        if (safe_char(c) && c != '%') {
            out += c;
        } else {
            auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    // ".." alone would climb; a name that is all dots gets its first one escaped.
    if (out.find_first_not_of('.') == std::string::npos)
        out = "%2E" + out.substr(1);
    return out;
}

std::filesystem::path StateDir::lock_file(const std::string& env) const {
    return m_root / "locks" / (env + ".lock");
}

std::filesystem::path StateDir::process_groups_file(const std::string& env) const {
    return m_root / "locks" / (env + ".groups");
}

std::filesystem::path StateDir::workspace(const std::string& env) const {
    return m_root / "workspaces" / env;
}

std::filesystem::path StateDir::log_file(const std::string& env, std::string_view commit_hex,
                                         std::chrono::system_clock::time_point when) const {
    std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    return m_root / "logs" / env /
           (std::string(stamp) + "-" + std::string(commit_hex.substr(0, 7)) + ".log");
}

std::filesystem::path StateDir::inventory_file(const std::string& env) const {
    return m_root / "inventory" / (env + ".tsv");
}

std::filesystem::path StateDir::terraform_state(const std::string& module_dir) const {
    return m_root / "terraform" / module_key(module_dir) / "state";
}

std::filesystem::path StateDir::terraform_deployed(const std::string& module_dir,
                                                   const std::string& workspace) const {
    return m_root / "terraform" / module_key(module_dir) / "deployed" / module_key(workspace);
}

std::filesystem::path StateDir::terraform_data(const std::string& env,
                                               const std::string& module_dir) const {
    return m_root / "terraform" / module_key(module_dir) / "data" / env;
}

namespace {

bool lstat_is_symlink(const std::filesystem::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

bool lstat_is_directory(const std::filesystem::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

} // namespace

std::optional<std::filesystem::path> StateDir::find_symlink() const {
    if (lstat_is_symlink(m_root))
        return m_root;
    if (!lstat_is_directory(m_root))
        return std::nullopt;
    const auto ledger = ledger_file();
    for (const auto& file : {ledger, std::filesystem::path(ledger.string() + "-wal"),
                             std::filesystem::path(ledger.string() + "-shm"),
                             std::filesystem::path(ledger.string() + "-journal")})
        if (lstat_is_symlink(file))
            return file;
    for (const char* name :
         {"cache", "locks", "workspaces", "logs", "inventory", "terraform", "tmp"}) {
        const auto dir = m_root / name;
        if (lstat_is_symlink(dir))
            return dir;
        if (!lstat_is_directory(dir))
            continue;
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
            if (entry.is_symlink(ec))
                return entry.path();
    }
    return std::nullopt;
}

std::string StateDir::symlink_problem(const std::filesystem::path& link) const {
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(link, ec);
    return link.string() + " is a symlink" + (ec ? std::string() : " to " + target.string()) +
           "; Slipway keeps its state in " + m_root.string() +
           " itself and never follows a symlink there";
}

} // namespace slipway::util
