// Materializing a commit's tree, or the part of it some paths lead to, into an empty directory,
// never writing or linking outside it.
#include "git/checkout.hpp"

#include "git/diff.hpp"
#include "git/error.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"
#include "util/fd.hpp"
#include "util/link_resolution.hpp"
#include "util/sharing.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace slipway::git {

namespace {

using util::Fd;
using util::join_path;
using util::LinkTargets;
using util::split_path;

constexpr int max_depth = 256;
// PATH_MAX on Linux: the longest symlink target a checkout writes.
constexpr std::uint64_t max_link_bytes = 4096;

std::string errno_text() {
    return std::strerror(errno);
}

bool valid_entry_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name != ".git" &&
           name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

Result<TreePtr> lookup_tree(const Repository& repo, const git_oid& oid, const std::string& path) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo.raw(), &oid) != 0)
        return fail_git("cannot read tree " + path);
    return TreePtr(raw);
}

Result<BlobPtr> lookup_blob(const Repository& repo, const git_oid& oid, const std::string& path) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo.raw(), &oid) != 0)
        return fail_git("cannot read blob " + path);
    return BlobPtr(raw);
}

// The target of symlink `path`, whose blob is `oid`. Its size is read first: no kernel takes a
// target longer than PATH_MAX, so a longer one is refused unread.
Result<std::string> link_text(const Repository& repo, const git_oid& oid, const std::string& path) {
    SLIPWAY_TRY_LET(size, blob_size(repo, oid));
    if (*size > max_link_bytes)
        return fail("refusing to check out the symlink " + path + ": its target is " +
                    std::to_string(*size) + " bytes, more than the " +
                    std::to_string(max_link_bytes) + " a path may have");
    SLIPWAY_TRY_LET(blob, lookup_blob(repo, oid, path));
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob->get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob->get())));
}

// The budget installed for this thread, and the largest file its checkouts may write.
thread_local CheckoutBudget* active_budget = nullptr;
thread_local std::uint64_t active_file_bytes = 0;

// Checks every name and path under `tree` (whose entries are at `prefix`, `depth` levels
// below the root) and calls `on_link` with each symlink's path and target.
Status index_tree(const Repository& repo, const git_tree* tree, const std::string& prefix,
                  int depth, const std::function<void(const std::string&, std::string)>& on_link) {
    if (depth > max_depth)
        return fail("tree is nested more than 256 levels deep at " + prefix);
    std::set<std::string_view> names;
    const std::size_t count = git_tree_entrycount(tree);
    for (std::size_t i = 0; i < count; ++i) {
        const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
        const std::string_view name = git_tree_entry_name(entry);
        if (!valid_entry_name(name))
            return fail("refusing to check out the entry \"" + prefix + std::string(name) +
                        "\": not a valid file name");
        const std::string path = prefix + std::string(name);
        if (!names.insert(name).second)
            return fail("refusing to check out " + path +
                        ": the tree holds two entries with that name");
        const git_filemode_t mode = git_tree_entry_filemode(entry);
        if (mode == GIT_FILEMODE_TREE) {
            SLIPWAY_TRY_LET(sub, lookup_tree(repo, *git_tree_entry_id(entry), path));
            SLIPWAY_TRY(index_tree(repo, sub->get(), path + "/", depth + 1, on_link));
        } else if (mode == GIT_FILEMODE_LINK) {
            SLIPWAY_TRY_LET(target, link_text(repo, *git_tree_entry_id(entry), path));
            on_link(path, std::move(*target));
        }
    }
    return {};
}

// The symlinks of a tree looked up by path, each target read once.
class TreeLinks {
public:
    explicit TreeLinks(TreeLookup& tree)
        : m_tree(tree) {}

    // The target of the symlink at `path`; nullopt when that is no symlink.
    Result<std::optional<std::string>> target(const std::string& path) {
        if (auto it = m_targets.find(path); it != m_targets.end())
            return it->second;
        SLIPWAY_TRY_LET(entry, m_tree.entry(path));
        std::optional<std::string> out;
        if (*entry && (*entry)->type == EntryType::symlink) {
            SLIPWAY_TRY_LET(text, link_text(m_tree.repo(), (*entry)->oid, path));
            out = std::move(*text);
        }
        m_targets.emplace(path, out);
        return out;
    }

    // Records that `path` is a symlink to `target` (read by a walk).
    void remember(const std::string& path, const std::string& target) {
        m_targets.emplace(path, target);
    }

    LinkTargets function() {
        return [this](const std::string& path) {
            return target(path);
        };
    }

private:
    TreeLookup& m_tree;
    std::map<std::string, std::optional<std::string>> m_targets;
};

// What a partial checkout writes: entries written whole, and the directories above them.
class Selection {
public:
    Selection(TreeLookup& tree, TreeLinks& links)
        : m_tree(tree)
        , m_links(links) {}

    // Takes what `path` leads to, and then whatever the symlinks taken lead to.
    Status take_path(const std::string& path) {
        m_pending.push_back({{}, path});
        while (!m_pending.empty()) {
            auto [base, target] = std::move(m_pending.back());
            m_pending.pop_back();
            SLIPWAY_TRY(take_target(base, target));
        }
        return {};
    }

    bool whole(const std::string& path) const { return m_whole.count(path) != 0; }
    bool holds(const std::string& path) const { return m_dirs.count(path) != 0; }
    bool everything() const { return m_whole.count("") != 0; }

private:
    struct Pending {
        std::vector<std::string> base; ///< the directory the target is read from
        std::string target;
    };

    Status take_target(const std::vector<std::string>& base, const std::string& target) {
        std::vector<std::string> followed;
        int hops = 0;
        SLIPWAY_TRY_LET(to, util::resolve_links(m_links.function(), base, target, hops, followed));
        if (!*to) // leads outside: a symlink to it is left out, nothing to bring
            return {};
        for (const auto& link : followed)
            SLIPWAY_TRY(take_entry(split_path(link)));
        // The longest part of the path the tree has: whole when it is all of it or not a
        // directory (a file where a directory is expected), else only as a directory.
        std::vector<std::string> parts = std::move(**to);
        for (bool all = true;; all = false) {
            SLIPWAY_TRY_LET(entry, m_tree.entry(parts.empty() ? "." : join_path(parts)));
            if (*entry && (all || (*entry)->type != EntryType::tree))
                return take_entry(parts);
            if (*entry) {
                if (parts.size() > max_depth)
                    return fail("tree is nested more than 256 levels deep at " + join_path(parts));
                hold(parts);
                return {};
            }
            parts.pop_back(); // the root is always there
        }
    }

    bool covered(std::vector<std::string> parts) const {
        for (;; parts.pop_back()) {
            if (m_whole.count(join_path(parts)))
                return true;
            if (parts.empty())
                return false;
        }
    }

    // Keeps `parts` and every directory above it as directories of the checkout.
    void hold(std::vector<std::string> parts) {
        for (; !parts.empty(); parts.pop_back())
            if (!m_dirs.insert(join_path(parts)).second)
                break;
    }

    // Writes entry `parts` whole: checks what it holds and brings what its symlinks lead to.
    Status take_entry(std::vector<std::string> parts) {
        if (covered(parts))
            return {};
        const std::string path = join_path(parts);
        if (parts.size() > max_depth)
            return fail("tree is nested more than 256 levels deep at " + path);
        m_whole.insert(path);
        SLIPWAY_TRY_LET(entry, m_tree.entry(parts.empty() ? "." : path));
        const int depth = static_cast<int>(parts.size());
        if (!parts.empty()) {
            parts.pop_back();
            hold(parts);
        }
        if (!*entry)
            return {};
        if ((*entry)->type == EntryType::symlink) {
            SLIPWAY_TRY_LET(target, m_links.target(path));
            m_pending.push_back({parts, **target});
            return {};
        }
        if ((*entry)->type != EntryType::tree)
            return {};
        SLIPWAY_TRY_LET(tree, lookup_tree(m_tree.repo(), (*entry)->oid, path));
        return index_tree(m_tree.repo(), tree->get(), path.empty() ? "" : path + "/", depth,
                          [this](const std::string& link, std::string target) {
                              auto where = split_path(link);
                              where.pop_back();
                              m_links.remember(link, target);
                              m_pending.push_back({std::move(where), std::move(target)});
                          });
    }

    TreeLookup& m_tree;
    TreeLinks& m_links;
    std::set<std::string> m_whole; ///< entries written whole ("" for the root)
    std::set<std::string> m_dirs;  ///< directories written only for what is below them
    std::vector<Pending> m_pending;
};

// What a Writer does: reckon what it would write from object headers, or write it.
enum class Pass { plan, write };

class Writer {
public:
    // Tells where symlinks lead with `links`; writes only what `selection` takes, when given.
    // With Pass::plan nothing is written (descriptors are not used): bytes() and entries()
    // add up what Pass::write would write, and a file over `max_file_bytes` (0: none) fails
    // the plan, leaving its refusal in `budget`.
    Writer(const Repository& repo, CheckoutReport& report, LinkTargets links,
           const Selection* selection = nullptr, Pass pass = Pass::write,
           CheckoutBudget* budget = nullptr, std::uint64_t max_file_bytes = 0)
        : m_repo(repo)
        , m_report(report)
        , m_links(std::move(links))
        , m_selection(selection)
        , m_pass(pass)
        , m_budget(budget)
        , m_max_file_bytes(max_file_bytes) {}

    std::uint64_t bytes() const { return m_bytes; }
    std::uint64_t entries() const { return m_entries; }

    // Writes the entries of `tree` into the directory open as `dir_fd`: all of them when
    // `all`, else those the selection takes.
    Status write(const git_tree* tree, int dir_fd, const std::vector<std::string>& where,
                 bool all) {
        std::set<std::string_view> names; // checked by index_tree() when writing all
        const std::size_t count = git_tree_entrycount(tree);
        for (std::size_t i = 0; i < count; ++i) {
            const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
            const std::string name = git_tree_entry_name(entry);
            std::vector<std::string> parts = where;
            parts.push_back(name);
            const std::string path = join_path(parts);
            bool whole = all;
            if (!all) {
                whole = m_selection->whole(path);
                if (!whole && !m_selection->holds(path))
                    continue;
                if (!valid_entry_name(name))
                    return fail("refusing to check out the entry \"" + path +
                                "\": not a valid file name");
                if (!names.insert(git_tree_entry_name(entry)).second)
                    return fail("refusing to check out " + path +
                                ": the tree holds two entries with that name");
            }
            const git_oid* oid = git_tree_entry_id(entry);
            Status s;
            switch (git_tree_entry_filemode(entry)) {
            case GIT_FILEMODE_TREE:
                s = write_dir(*oid, dir_fd, name, parts, whole);
                break;
            case GIT_FILEMODE_BLOB:
                s = whole ? write_file(*oid, dir_fd, name, path, 0644) : Status{};
                break;
            case GIT_FILEMODE_BLOB_EXECUTABLE:
                s = whole ? write_file(*oid, dir_fd, name, path, 0755) : Status{};
                break;
            case GIT_FILEMODE_LINK:
                s = whole ? write_link(dir_fd, name, where, path) : Status{};
                break;
            case GIT_FILEMODE_COMMIT:
                ++m_entries;
                if (m_pass == Pass::plan)
                    break;
                if (::mkdirat(dir_fd, name.c_str(), 0777) != 0)
                    return fail("cannot create directory " + path + ": " + errno_text());
                ++m_report.directories;
                m_report.warnings.push_back("submodule " + path +
                                            " is not checked out (left empty)");
                break;
            default:
                return fail("refusing to check out " + path + ": unknown entry mode");
            }
            if (!s)
                return s;
        }
        return {};
    }

private:
    Status write_dir(const git_oid& oid, int parent_fd, const std::string& name,
                     const std::vector<std::string>& parts, bool all) {
        const std::string path = join_path(parts);
        ++m_entries;
        if (m_pass == Pass::plan) {
            SLIPWAY_TRY_LET(tree, lookup_tree(m_repo, oid, path));
            return write(tree->get(), -1, parts, all);
        }
        if (::mkdirat(parent_fd, name.c_str(), 0777) != 0)
            return fail("cannot create directory " + path + ": " + errno_text());
        ++m_report.directories;
        Fd fd(::openat(parent_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (fd.get() < 0)
            return fail("cannot open directory " + path + ": " + errno_text());
        SLIPWAY_TRY_LET(tree, lookup_tree(m_repo, oid, path));
        return write(tree->get(), fd.get(), parts, all);
    }

    Status write_file(const git_oid& oid, int parent_fd, const std::string& name,
                      const std::string& path, mode_t mode) {
        if (m_pass == Pass::plan) {
            SLIPWAY_TRY_LET(size, blob_size(m_repo, oid));
            if (m_max_file_bytes > 0 && *size > m_max_file_bytes) {
                CheckoutRefusal refusal{.over = CheckoutRefusal::Over::file_bytes,
                                        .path = path,
                                        .bytes = *size,
                                        .limit = m_max_file_bytes};
                const std::string why = describe(refusal);
                if (m_budget)
                    m_budget->refuse(std::move(refusal));
                return fail(why);
            }
            m_bytes += *size;
            ++m_entries;
            return {};
        }
        SLIPWAY_TRY_LET(blob, lookup_blob(m_repo, oid, path));
        Fd fd(::openat(parent_fd, name.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (fd.get() < 0)
            return fail("cannot create " + path + ": " + errno_text());
        const char* data = static_cast<const char*>(git_blob_rawcontent(blob->get()));
        std::size_t left = static_cast<std::size_t>(git_blob_rawsize(blob->get()));
        while (left > 0) {
            ssize_t n = ::write(fd.get(), data, left);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return fail("cannot write " + path + ": " + errno_text());
            data += n;
            left -= static_cast<std::size_t>(n);
        }
        // Exact modes, whatever the umask; in a repository shared with a group
        // (util::adopt_sharing cleared the group's bits from the umask), the group writes too,
        // so the next deploy, another user's, can replace the checkout.
        if (util::new_file_mode() & 0020)
            mode |= 0020;
        if (::fchmod(fd.get(), mode) != 0)
            return fail("cannot set the mode of " + path + ": " + errno_text());
        ++m_report.files;
        return {};
    }

    Status write_link(int parent_fd, const std::string& name, const std::vector<std::string>& where,
                      const std::string& path) {
        SLIPWAY_TRY_LET(target, m_links(path));
        if (!*target)
            return fail("cannot read symlink " + path);
        int hops = 0;
        std::vector<std::string> followed;
        SLIPWAY_TRY_LET(resolved, util::resolve_links(m_links, where, **target, hops, followed));
        if (!*resolved) {
            if (m_pass == Pass::write)
                m_report.warnings.push_back("symlink " + path + " -> " + **target +
                                            " is not checked out: it leads outside the workspace");
            return {};
        }
        if (m_pass == Pass::plan) {
            m_bytes += (*target)->size();
            ++m_entries;
            return {};
        }
        if (::symlinkat((*target)->c_str(), parent_fd, name.c_str()) != 0)
            return fail("cannot create symlink " + path + ": " + errno_text());
        ++m_report.symlinks;
        return {};
    }

    const Repository& m_repo;
    CheckoutReport& m_report;
    LinkTargets m_links;
    const Selection* m_selection; ///< null: everything is written
    Pass m_pass;
    CheckoutBudget* m_budget;       ///< where a plan leaves its refusal; may be null
    std::uint64_t m_max_file_bytes; ///< 0: no limit
    std::uint64_t m_bytes = 0;      ///< bytes of files and symlink targets planned
    std::uint64_t m_entries = 0;    ///< files, directories and symlinks planned
};

// With a budget installed, reckons what `tree` written by a Writer like the one `make` gives
// would take, and reserves it; fails, writing nothing, when it is over.
template <class MakeWriter>
Status charge_budget(const git_tree* tree, bool all, MakeWriter make) {
    CheckoutBudget* budget = CheckoutBudget::active();
    if (!budget)
        return {};
    CheckoutReport ignored;
    Writer planner = make(ignored, Pass::plan, budget, CheckoutBudget::active_file_limit());
    SLIPWAY_TRY(planner.write(tree, -1, {}, all));
    return budget->reserve(planner.bytes(), planner.entries());
}

Result<bool> is_empty_dir(int fd) {
    int copy = ::dup(fd);
    if (copy < 0)
        return fail(errno_text());
    DIR* dir = ::fdopendir(copy);
    if (!dir) {
        ::close(copy);
        return fail(errno_text());
    }
    bool empty = true;
    while (dirent* e = ::readdir(dir)) {
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
            empty = false;
            break;
        }
    }
    ::closedir(dir);
    return empty;
}

// The checkout directory `dir`, open, once it is known to be an empty directory (no symlink).
Result<Fd> open_empty_dir(const std::filesystem::path& dir) {
    Fd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (root.get() < 0)
        return fail("cannot open checkout directory " + dir.string() + ": " + errno_text());
    auto empty = is_empty_dir(root.get());
    if (!empty)
        return fail("cannot read checkout directory " + dir.string() + ": " +
                    empty.error().message);
    if (!*empty)
        return fail("checkout directory " + dir.string() + " is not empty");
    return root;
}

} // namespace

Result<CheckoutReport> checkout_tree(const Repository& repo, const git_oid& treeish,
                                     const std::filesystem::path& dir) {
    SLIPWAY_TRY_LET(tree, peel_to_tree(repo, treeish));
    SLIPWAY_TRY_LET(root, open_empty_dir(dir));

    // Every symlink in the tree, by path, with its target: what the kernel would follow.
    std::map<std::string, std::string> links;
    if (auto s = index_tree(repo, tree->get(), "", 0,
                            [&](const std::string& path, std::string target) {
                                links.emplace(path, std::move(target));
                            });
        !s)
        return std::unexpected(s.error());
    auto make = [&](CheckoutReport& report, Pass pass, CheckoutBudget* budget,
                    std::uint64_t max_file_bytes) {
        return Writer(
            repo, report,
            [&links](const std::string& path) -> Result<std::optional<std::string>> {
                auto it = links.find(path);
                if (it == links.end())
                    return std::nullopt;
                return it->second;
            },
            nullptr, pass, budget, max_file_bytes);
    };
    SLIPWAY_TRY(charge_budget(tree->get(), true, make));
    CheckoutReport report;
    Writer writer = make(report, Pass::write, nullptr, 0);
    SLIPWAY_TRY(writer.write(tree->get(), root->get(), {}, true));
    return report;
}

Result<CheckoutReport> checkout_paths(TreeLookup& tree, const std::vector<std::string>& paths,
                                      const std::filesystem::path& dir) {
    SLIPWAY_TRY_LET(root, open_empty_dir(dir));
    TreeLinks links(tree);
    Selection selection(tree, links);
    for (const auto& path : paths)
        SLIPWAY_TRY(selection.take_path(path.empty() ? "." : path));
    auto make = [&](CheckoutReport& report, Pass pass, CheckoutBudget* budget,
                    std::uint64_t max_file_bytes) {
        return Writer(tree.repo(), report, links.function(), &selection, pass, budget,
                      max_file_bytes);
    };
    SLIPWAY_TRY(charge_budget(&tree.root(), selection.everything(), make));
    CheckoutReport report;
    Writer writer = make(report, Pass::write, nullptr, 0);
    SLIPWAY_TRY(writer.write(&tree.root(), root->get(), {}, selection.everything()));
    return report;
}

std::string format_size(std::uint64_t bytes) {
    char buf[48];
    const double b = static_cast<double>(bytes);
    if (bytes >= 1024ull * 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1024.0 * 1024.0 * 1024.0));
    else if (bytes >= 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f MiB", b / (1024.0 * 1024.0));
    else if (bytes >= 1024)
        std::snprintf(buf, sizeof buf, "%.1f KiB", b / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    return buf;
}

std::string describe(const CheckoutRefusal& r) {
    auto count = [](std::uint64_t n) {
        return std::to_string(n) + (n == 1 ? " file or directory" : " files and directories");
    };
    switch (r.over) {
    case CheckoutRefusal::Over::file_bytes:
        return r.path + " is " + format_size(r.bytes) + ", more than the " + format_size(r.limit) +
               " the gate checks out of one file";
    case CheckoutRefusal::Over::bytes:
        return "the checkout would write " + format_size(r.bytes) + " in " + count(r.files) +
               ", more than the " + format_size(r.limit - std::min(r.limit, r.used)) +
               " left of the " + format_size(r.limit) + " the gate checks out for one push";
    case CheckoutRefusal::Over::files:
        return "the checkout would write " + count(r.files) + ", more than the " +
               std::to_string(r.limit - std::min(r.limit, r.used)) + " left of the " +
               std::to_string(r.limit) + " the gate checks out for one push";
    }
    return "the checkout is over the gate's budget";
}

CheckoutBudget::Scope::Scope(CheckoutBudget& budget, std::uint64_t max_file_bytes)
    : m_previous_budget(active_budget)
    , m_previous_file_bytes(active_file_bytes) {
    active_budget = &budget;
    active_file_bytes = max_file_bytes;
}

CheckoutBudget::Scope::~Scope() {
    active_budget = m_previous_budget;
    active_file_bytes = m_previous_file_bytes;
}

CheckoutBudget* CheckoutBudget::active() {
    return active_budget;
}

std::uint64_t CheckoutBudget::active_file_limit() {
    return active_file_bytes;
}

Status CheckoutBudget::reserve(std::uint64_t bytes, std::uint64_t files) {
    std::optional<CheckoutRefusal> refusal;
    if (bytes > m_max_bytes - std::min(m_max_bytes, m_used_bytes))
        refusal = CheckoutRefusal{.over = CheckoutRefusal::Over::bytes,
                                  .bytes = bytes,
                                  .files = files,
                                  .limit = m_max_bytes,
                                  .used = m_used_bytes};
    else if (files > m_max_files - std::min(m_max_files, m_used_files))
        refusal = CheckoutRefusal{.over = CheckoutRefusal::Over::files,
                                  .bytes = bytes,
                                  .files = files,
                                  .limit = m_max_files,
                                  .used = m_used_files};
    if (refusal) {
        const std::string why = describe(*refusal);
        m_refusal = std::move(refusal);
        return fail(why);
    }
    m_used_bytes += bytes;
    m_used_files += files;
    return {};
}

} // namespace slipway::git
