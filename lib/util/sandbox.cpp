// The sandbox for programs run on pushed content: bubblewrap arguments, the trial run, failures.
#include "util/sandbox.hpp"

#include <cstdlib>
#include <set>
#include <unistd.h>
#include <utility>

namespace slipway::util {

namespace fs = std::filesystem;

namespace {

// The system directories every program needs, read-only. On a merged-/usr system /bin, /sbin
// and /lib* are symlinks into /usr, recreated as symlinks.
constexpr const char* system_dirs[] = {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};

// What of /etc a program needs to start, resolve names and check TLS certificates: no
// configuration of git, ssh or terraform, no credentials, no shadow.
constexpr const char* etc_entries[] = {
    "/etc/alternatives", "/etc/ca-certificates", "/etc/ssl",       "/etc/ld.so.cache",
    "/etc/ld.so.conf",   "/etc/ld.so.conf.d",    "/etc/localtime", "/etc/passwd",
    "/etc/group",        "/etc/nsswitch.conf",   "/etc/host.conf", "/etc/hosts",
    "/etc/resolv.conf",  "/etc/gai.conf",        "/etc/services",  "/etc/protocols",
    "/etc/mime.types",   "/etc/timezone"};

// The variables every confined program gets from this process when it has them.
constexpr const char* allowed_env[] = {"LANG", "TZ"};

constexpr const char* inner_home = "/tmp/home";
constexpr const char* default_path = "/usr/local/bin:/usr/bin:/bin";

// True when `p` lies in a directory the system mounts already show.
bool shown_by_system(const fs::path& p) {
    const std::string s = p.lexically_normal().string();
    for (const char* dir : {"/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/", "/etc/alternatives/"})
        if (s.starts_with(dir))
            return true;
    return false;
}

std::optional<std::string> process_env(const std::string& name) {
    if (const char* v = std::getenv(name.c_str()))
        return std::string(v);
    return std::nullopt;
}

// The program `command` runs: looked up on this process's PATH unless it holds a '/'.
Result<fs::path> program_of(const Command& command) {
    if (command.argv.empty())
        return fail("no program to run");
    const std::string& name = command.argv.front();
    if (name.find('/') == std::string::npos)
        return find_program(name);
    std::error_code ec;
    fs::path p = fs::absolute(name, ec);
    if (ec || ::access(p.c_str(), X_OK) != 0)
        return fail(name + " is not an executable file");
    return p;
}

std::string first_line(std::string_view text) {
    auto start = text.find_first_not_of("\n ");
    if (start == std::string_view::npos)
        return "it printed nothing";
    auto end = text.find('\n', start);
    return std::string(text.substr(start, end == std::string_view::npos ? end : end - start));
}

} // namespace

std::vector<std::string> sandbox_arguments(const Command& command, const fs::path& program,
                                           const Confinement& confinement,
                                           const EnvironmentLookup& env) {
    std::vector<std::string> a{"--die-with-parent", "--new-session", "--unshare-all"};
    if (confinement.network == Network::shared)
        a.push_back("--share-net");
    if (::geteuid() == 0) // only a privileged bwrap holds capabilities to drop
        a.insert(a.end(), {"--cap-drop", "ALL"});

    // The child's whole environment, each name once (a later value replaces an earlier one).
    std::vector<std::pair<std::string, std::string>> vars;
    auto put = [&](const std::string& name, const std::string& value) {
        for (auto& [k, v] : vars)
            if (k == name) {
                v = value;
                return;
            }
        vars.emplace_back(name, value);
    };
    put("PATH", env("PATH").value_or(default_path));
    put("HOME", inner_home);
    put("TMPDIR", "/tmp");
    for (const char* name : allowed_env)
        if (auto v = env(name))
            put(name, *v);
    for (const auto& name : confinement.pass_env)
        if (auto v = env(name))
            put(name, *v);
    for (const auto& [name, value] : command.env)
        put(name, value);
    a.push_back("--clearenv");
    for (const auto& [name, value] : vars)
        a.insert(a.end(), {"--setenv", name, value});

    a.insert(a.end(), {"--ro-bind", "/usr", "/usr"});
    for (const char* dir : system_dirs) {
        std::error_code ec;
        auto status = fs::symlink_status(dir, ec);
        if (ec || !fs::exists(status))
            continue;
        if (fs::is_symlink(status))
            a.insert(a.end(), {"--symlink", fs::read_symlink(dir, ec).string(), dir});
        else
            a.insert(a.end(), {"--ro-bind", dir, dir});
    }
    for (const char* entry : etc_entries)
        a.insert(a.end(), {"--ro-bind-try", entry, entry});
    a.insert(a.end(), {"--dev", "/dev", "--proc", "/proc"});
    a.insert(a.end(), {"--size", std::to_string(confinement.limits.tmp_bytes), "--tmpfs", "/tmp",
                       "--dir", inner_home});
    // Over the fresh /tmp: what it is given may live there.
    if (!shown_by_system(program))
        a.insert(a.end(), {"--ro-bind", program.string(), program.string()});
    for (const auto& m : confinement.mounts) {
        const auto& target = m.target.empty() ? m.source : m.target;
        a.insert(a.end(), {m.access == Access::writable ? "--bind" : "--ro-bind", m.source.string(),
                           target.string()});
    }
    a.insert(a.end(),
             {"--chdir", command.cwd.empty() ? std::string("/tmp") : command.cwd.string()});
    a.push_back("--");
    a.push_back(program.string());
    a.insert(a.end(), command.argv.begin() + 1, command.argv.end());
    return a;
}

Result<Sandbox> Sandbox::find() {
    const auto named = process_env("SLIPWAY_BWRAP");
    const std::string bwrap = named && !named->empty() ? *named : "bwrap";
    Command probe{.argv = {bwrap}};
    auto found = program_of(probe);
    if (!found)
        return std::unexpected(
            sandbox_error(named ? "$SLIPWAY_BWRAP (" + bwrap + ") is not an executable file"
                                : "`bwrap` was not found on PATH"));
    // A trial run, once per process for each bwrap: namespaces may be forbidden here.
    static std::set<std::string> known_good;
    Sandbox sandbox(*found);
    if (known_good.count(found->string()))
        return sandbox;
    auto true_program = find_program("true");
    if (!true_program)
        return std::unexpected(sandbox_error("`true` was not found on PATH for a trial run"));
    Command trial{.argv = {true_program->string()}, .timeout = std::chrono::seconds(30)};
    auto wrapped = sandbox.wrap(trial, Confinement{});
    if (!wrapped)
        return std::unexpected(sandbox_error(wrapped.error().message));
    auto ran = run_capture(*wrapped);
    if (!ran)
        return std::unexpected(sandbox_error(ran.error().message));
    if (!ran->exit.ok())
        return std::unexpected(sandbox_error(found->string() + " " + ran->exit.describe() +
                                             " on a trial run: " + first_line(ran->err)));
    known_good.insert(found->string());
    return sandbox;
}

Result<Command> Sandbox::wrap(const Command& command, const Confinement& confinement) const {
    SLIPWAY_TRY_LET(program, program_of(command));
    Command out;
    out.argv.push_back(m_bwrap.string());
    auto args = sandbox_arguments(command, *program, confinement, process_env);
    out.argv.insert(out.argv.end(), args.begin(), args.end());
    out.cwd = command.cwd;
    out.timeout = command.timeout;
    out.input = command.input;
    out.limits = {.address_space = confinement.limits.memory_bytes,
                  .file_size = confinement.limits.file_bytes,
                  .processes = confinement.limits.processes};
    out.max_output = confinement.limits.output_bytes;
    return out;
}

std::optional<Error> sandbox_failure(const Exit& exit, std::string_view err) {
    if (exit.timed_out || exit.output_exceeded > 0 || exit.signal != 0 || exit.code != 1)
        return std::nullopt;
    const std::string line = first_line(err);
    if (!line.starts_with("bwrap: "))
        return std::nullopt;
    return sandbox_error(line);
}

namespace {
constexpr std::string_view sandbox_error_start = "the sandbox cannot start: ";
}

Error sandbox_error(const std::string& why) {
    return Error{std::string(sandbox_error_start) + why +
                 "; an admin can install bubblewrap, or set `sandbox: off` in the policy"};
}

bool is_sandbox_error(const Error& error) {
    return error.message.find(sandbox_error_start) != std::string::npos;
}

} // namespace slipway::util
