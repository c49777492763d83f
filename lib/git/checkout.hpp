// Materializing a commit's tree, or the part of it some paths lead to, into an empty directory,
// never writing or linking outside it.
#pragma once

#include "git/repository.hpp"
#include "git/tree_entries.hpp"
#include "util/result.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slipway::git {

/// What checkout_tree() wrote, and what it left out on purpose.
struct CheckoutReport {
    std::size_t files = 0;       ///< regular and executable files written
    std::size_t directories = 0; ///< directories created (the target itself not counted)
    std::size_t symlinks = 0;    ///< symlinks created
    /// One sentence per entry left out: a symlink leading outside the directory, a submodule.
    std::vector<std::string> warnings;
};

/// Why a checkout was refused before it wrote anything: it would have gone over the budget.
struct CheckoutRefusal {
    enum class Over { file_bytes, bytes, files };
    Over over = Over::bytes;
    std::string path;        ///< Over::file_bytes: the file that is too large
    std::uint64_t bytes = 0; ///< Over::file_bytes: its size; else what the checkout needed
    std::uint64_t files = 0; ///< entries the checkout needed
    std::uint64_t limit = 0; ///< the limit gone over (bytes, or entries for Over::files)
    std::uint64_t used = 0;  ///< bytes (or entries) earlier checkouts had already taken
};

/// The sentence for `refusal`, e.g. "checking it out would write 1.0 GiB in 8 files, more than
/// the 256.0 MiB ...". Sizes read like format_size().
std::string describe(const CheckoutRefusal& refusal);

/// "1.5 GiB", "4.0 MiB", "12.0 KiB", "300 bytes".
std::string format_size(std::uint64_t bytes);

/// What the checkouts made while a Scope is installed may write together: the gate's budget
/// for one push. Each checkout_tree() and checkout_paths() first works out, from object headers
/// alone, what it would write (the bytes of its files, and its files, directories and
/// symlinks); one that would go over what is left, or that holds a file over the scope's file
/// limit, writes nothing, fails, and leaves its refusal here (take_refusal()), so the caller
/// can tell the pusher's fault from the server's. Without a Scope, checkouts are unbounded
/// (the deploy's own workspace).
class CheckoutBudget {
public:
    CheckoutBudget(std::uint64_t max_bytes, std::uint64_t max_files)
        : m_max_bytes(max_bytes)
        , m_max_files(max_files) {}
    CheckoutBudget(const CheckoutBudget&) = delete;
    CheckoutBudget& operator=(const CheckoutBudget&) = delete;

    /// Installs `budget` for the checkouts this thread makes until it is destroyed, each file
    /// at most `max_file_bytes` (0: no limit of its own). Scopes nest: the one before comes back.
    class Scope {
    public:
        Scope(CheckoutBudget& budget, std::uint64_t max_file_bytes);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        CheckoutBudget* m_previous_budget;
        std::uint64_t m_previous_file_bytes;
    };

    /// Takes `bytes` in `files` entries for a checkout about to be written; fails, taking
    /// nothing and keeping the refusal, when that is more than what is left.
    Status reserve(std::uint64_t bytes, std::uint64_t files);
    /// Keeps `refusal` (a file over the scope's limit) for take_refusal().
    void refuse(CheckoutRefusal refusal) { m_refusal = std::move(refusal); }
    /// The last refusal since the previous call, which is forgotten; nullopt when none.
    std::optional<CheckoutRefusal> take_refusal() { return std::exchange(m_refusal, {}); }

    std::uint64_t used_bytes() const { return m_used_bytes; }
    std::uint64_t used_files() const { return m_used_files; }

    /// The budget installed for this thread (nullptr: none), and its file limit.
    static CheckoutBudget* active();
    static std::uint64_t active_file_limit();

private:
    std::uint64_t m_max_bytes;
    std::uint64_t m_max_files;
    std::uint64_t m_used_bytes = 0;
    std::uint64_t m_used_files = 0;
    std::optional<CheckoutRefusal> m_refusal;
};

/// Writes the tree of `treeish` (a commit, annotated tag or tree id) into `dir`, which must be
/// an existing, empty directory. Files get mode 0644, or 0755 when executable in the tree.
/// A symlink is created only when its target, resolved the way the kernel would (following
/// the tree's other symlinks), stays inside `dir`; any other is skipped with a warning, so no
/// path through the checkout reads or writes outside it. Submodules become empty directories,
/// with a warning. Nothing is ever written through a symlink (each entry is created with
/// `openat`/`mkdirat`/`symlinkat` relative to its parent's descriptor, O_NOFOLLOW|O_EXCL).
/// Fails, naming the entry, on an entry name that is empty, ".", "..", ".git" or holds a '/',
/// on two entries with one name, on a missing object or any I/O error; what was written so
/// far stays for the caller to remove. Under a CheckoutBudget::Scope, what it would write is
/// reckoned first from object headers, and it fails, writing nothing, when that is over the
/// budget (see CheckoutBudget).
Result<CheckoutReport> checkout_tree(const Repository& repo, const git_oid& treeish,
                                     const std::filesystem::path& dir);

/// Writes into `dir` (an existing, empty directory) only what `paths` lead to in the tree that
/// `tree` looks into, as checkout_tree() would write it: each path resolved as
/// util::resolve_path() does (through the tree's symlinks), the entry reached written whole (a
/// directory with everything below it), with every symlink followed on the way, and the directories
/// above them (holding only what is asked for). A path missing from the tree gets the part of it
/// the tree has: a file where a directory is expected, or only the directories above it. So that no
/// symlink leads to a path that the full checkout would have and this one lacks, every symlink
/// written brings what it leads to, whole, by the same rules, until nothing more is needed;
/// one leading outside is left out with a warning, as checkout_tree() does. Entries are
/// written as checkout_tree() writes them (never through a symlink), and the same refusals
/// apply to every entry written: an invalid name, two entries with one name, more than 256
/// levels. Entries not written are not looked at. Fails, naming the entry, on those or on any
/// read or I/O error; what was written so far stays for the caller to remove. Under a
/// CheckoutBudget::Scope, refuses what is over the budget first, as checkout_tree() does.
Result<CheckoutReport> checkout_paths(TreeLookup& tree, const std::vector<std::string>& paths,
                                      const std::filesystem::path& dir);

} // namespace slipway::git
