// The sandbox for programs run on pushed content (terraform, kubectl kustomize): bubblewrap with
// the system read-only, the checkout and a scratch directory bound in, nothing else.
#pragma once

#include "util/process.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::util {

/// Whether programs run on pushed content are confined: the policy's top-level `sandbox`.
enum class Sandboxing { on, off };

enum class Access { read_only, writable };

/// A file or directory of this machine that a confined program sees.
struct Mount {
    std::filesystem::path source;
    std::filesystem::path target; ///< where it appears inside; empty: at `source`
    Access access = Access::read_only;
};

enum class Network {
    none,  ///< a network namespace of its own: loopback only, nothing outside
    shared ///< this machine's network (for remote bases the policy allows)
};

/// The limits of one confined run. Its private /tmp (HOME is inside) lives in memory: its size
/// is how much the program may write there.
struct SandboxLimits {
    std::uint64_t memory_bytes = 4ULL << 30; ///< address space of each process (RLIMIT_AS)
    std::uint64_t file_bytes = 1ULL << 30;   ///< the largest file it may write (RLIMIT_FSIZE)
    std::uint64_t processes = 4096;          ///< RLIMIT_NPROC: counted per user, and root is exempt
    std::uint64_t tmp_bytes = 512ULL << 20;  ///< size of its /tmp
    std::size_t output_bytes = 64ULL << 20;  ///< bytes read from its stdout and stderr
};

/// What a confined program sees: the system's programs and libraries read-only (`/usr`,
/// `/bin`, `/lib*`, and from `/etc` only what programs need to run: TLS roots, name
/// resolution, passwd, ld.so.cache, alternatives), a fresh `/dev` and `/proc`, an empty
/// private `/tmp` with `HOME=/tmp/home`, then `mounts` in order (a later one over an earlier
/// one), and nothing else of the file system. Its environment is PATH, HOME, TMPDIR, LANG and
/// TZ, the variables of `pass_env` this process has, and the command's own `env`.
struct Confinement {
    std::vector<Mount> mounts;
    std::vector<std::string> pass_env; ///< names of variables passed through as they are
    Network network = Network::none;
    SandboxLimits limits;
};

/// Looks up a variable of this process's environment (tests give their own).
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The bwrap arguments (everything after argv[0]) that confine `command`, whose program is
/// `program` (already looked up), as `confinement` says; `env` reads this process's
/// environment. The program runs in new user, pid, ipc, uts, cgroup and network namespaces
/// (the network one left out for Network::shared), in a new session, with no capabilities,
/// killed when its parent dies.
std::vector<std::string> sandbox_arguments(const Command& command,
                                           const std::filesystem::path& program,
                                           const Confinement& confinement,
                                           const EnvironmentLookup& env);

/// bubblewrap on this machine, known to start.
class Sandbox {
public:
    /// The bwrap named by $SLIPWAY_BWRAP, else `bwrap` on PATH, tried once per process with a
    /// run of `true` in an empty confinement. Fails when it is missing or cannot start, with a
    /// sentence that says so and what an admin can do.
    static Result<Sandbox> find();

    /// `command` confined as `confinement` says: bwrap with sandbox_arguments(), the same
    /// cwd, timeout and input, the confinement's limits as resource limits and output cap.
    /// Fails when the command's program is not found.
    Result<Command> wrap(const Command& command, const Confinement& confinement) const;

    const std::filesystem::path& program() const { return m_bwrap; }

    /// A sandbox with bwrap at `bwrap`, not tried.
    explicit Sandbox(std::filesystem::path bwrap)
        : m_bwrap(std::move(bwrap)) {}

private:
    std::filesystem::path m_bwrap;
};

/// The error when a run of a wrapped command ended because bwrap itself failed (it exits 1
/// and says "bwrap: ..." before the program starts), with `err` what the run wrote to stderr
/// (or its merged output); nullopt when the program ran.
std::optional<Error> sandbox_failure(const Exit& exit, std::string_view err);

/// "the sandbox cannot start: <why>; an admin can install bubblewrap, or set `sandbox: off`
/// in the policy".
Error sandbox_error(const std::string& why);

/// True when `error` is (or, with context before it, holds) a sandbox_error(): the server's
/// fault, whatever the program run was about.
bool is_sandbox_error(const Error& error);

} // namespace slipway::util
