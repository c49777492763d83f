// Materializing a commit's tree into an empty directory, never writing or linking outside it.
#include "git/checkout.hpp"

#include "git/diff.hpp"
#include "git/error.hpp"
#include "git/oid.hpp"
#include "util/fd.hpp"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace slipway::git {

namespace {

using util::Fd;

constexpr int max_depth = 256;
// The kernel gives up after 40 symlinks in one lookup; so do we.
constexpr int max_link_hops = 40;


std::string errno_text() {
    return std::strerror(errno);
}

bool valid_entry_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name != ".git" &&
           name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

// Every symlink in the tree, by path, with its target: what the kernel would follow.
using LinkIndex = std::map<std::string, std::string>;

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty())
            out += '/';
        out += p;
    }
    return out;
}

// Resolves `target` from directory `base` (components below the checkout root) the way the
// kernel would, following the tree's symlinks; nullopt when a step climbs above the root, the
// target is absolute, or the links loop.
std::optional<std::vector<std::string>>
resolve(const LinkIndex& links, std::vector<std::string> base, std::string_view target, int& hops) {
    if (target.empty() || target.front() == '/')
        return std::nullopt;
    std::size_t start = 0;
    while (start <= target.size()) {
        auto slash = target.find('/', start);
        auto part =
            target.substr(start, slash == std::string_view::npos ? target.npos : slash - start);
        start = slash == std::string_view::npos ? target.size() + 1 : slash + 1;
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            if (base.empty())
                return std::nullopt;
            base.pop_back();
            continue;
        }
        base.emplace_back(part);
        auto link = links.find(join(base));
        if (link == links.end())
            continue;
        if (++hops > max_link_hops)
            return std::nullopt;
        base.pop_back();
        auto resolved = resolve(links, std::move(base), link->second, hops);
        if (!resolved)
            return std::nullopt;
        base = std::move(*resolved);
    }
    return base;
}

class Writer {
public:
    Writer(const Repository& repo, CheckoutReport& report)
        : m_repo(repo)
        , m_report(report) {}

    // Pass 1: checks every name and path, and collects the symlinks.
    Status index(const git_tree* tree, const std::string& prefix, int depth) {
        if (depth > max_depth)
            return fail("tree is nested more than 256 levels deep at " + prefix);
        std::string previous;
        const std::size_t count = git_tree_entrycount(tree);
        for (std::size_t i = 0; i < count; ++i) {
            const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
            std::string name = git_tree_entry_name(entry);
            if (!valid_entry_name(name))
                return fail("refusing to check out the entry \"" + prefix + name +
                            "\": not a valid file name");
            std::string path = prefix + name;
            if (!m_paths.emplace(path).second)
                return fail("refusing to check out " + path +
                            ": the tree holds two entries with that name");
            const git_filemode_t mode = git_tree_entry_filemode(entry);
            if (mode == GIT_FILEMODE_TREE) {
                auto sub = lookup_tree(*git_tree_entry_id(entry), path);
                if (!sub)
                    return std::unexpected(sub.error());
                if (auto s = index(sub->get(), path + "/", depth + 1); !s)
                    return s;
            } else if (mode == GIT_FILEMODE_LINK) {
                auto target = blob_text(*git_tree_entry_id(entry), path);
                if (!target)
                    return std::unexpected(target.error());
                m_links.emplace(path, std::move(*target));
            }
        }
        return {};
    }

    // Pass 2: writes the entries of `tree` into the directory open as `dir_fd`.
    Status write(const git_tree* tree, int dir_fd, const std::vector<std::string>& where) {
        const std::size_t count = git_tree_entrycount(tree);
        for (std::size_t i = 0; i < count; ++i) {
            const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
            const std::string name = git_tree_entry_name(entry);
            std::vector<std::string> parts = where;
            parts.push_back(name);
            const std::string path = join(parts);
            const git_oid* oid = git_tree_entry_id(entry);
            Status s;
            switch (git_tree_entry_filemode(entry)) {
            case GIT_FILEMODE_TREE:
                s = write_dir(*oid, dir_fd, name, parts);
                break;
            case GIT_FILEMODE_BLOB:
                s = write_file(*oid, dir_fd, name, path, 0644);
                break;
            case GIT_FILEMODE_BLOB_EXECUTABLE:
                s = write_file(*oid, dir_fd, name, path, 0755);
                break;
            case GIT_FILEMODE_LINK:
                s = write_link(dir_fd, name, where, path);
                break;
            case GIT_FILEMODE_COMMIT:
                if (::mkdirat(dir_fd, name.c_str(), 0755) != 0)
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
    Result<TreePtr> lookup_tree(const git_oid& oid, const std::string& path) {
        git_tree* raw = nullptr;
        if (git_tree_lookup(&raw, m_repo.raw(), &oid) != 0)
            return fail_git("cannot read tree " + path);
        return TreePtr(raw);
    }

    Result<BlobPtr> lookup_blob(const git_oid& oid, const std::string& path) {
        git_blob* raw = nullptr;
        if (git_blob_lookup(&raw, m_repo.raw(), &oid) != 0)
            return fail_git("cannot read blob " + path);
        return BlobPtr(raw);
    }

    Result<std::string> blob_text(const git_oid& oid, const std::string& path) {
        auto blob = lookup_blob(oid, path);
        if (!blob)
            return std::unexpected(blob.error());
        return std::string(static_cast<const char*>(git_blob_rawcontent(blob->get())),
                           static_cast<std::size_t>(git_blob_rawsize(blob->get())));
    }

    Status write_dir(const git_oid& oid, int parent_fd, const std::string& name,
                     const std::vector<std::string>& parts) {
        const std::string path = join(parts);
        if (::mkdirat(parent_fd, name.c_str(), 0755) != 0)
            return fail("cannot create directory " + path + ": " + errno_text());
        ++m_report.directories;
        Fd fd(::openat(parent_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (fd.get() < 0)
            return fail("cannot open directory " + path + ": " + errno_text());
        auto tree = lookup_tree(oid, path);
        if (!tree)
            return std::unexpected(tree.error());
        return write(tree->get(), fd.get(), parts);
    }

    Status write_file(const git_oid& oid, int parent_fd, const std::string& name,
                      const std::string& path, mode_t mode) {
        auto blob = lookup_blob(oid, path);
        if (!blob)
            return std::unexpected(blob.error());
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
        // Exact modes, whatever the umask.
        if (::fchmod(fd.get(), mode) != 0)
            return fail("cannot set the mode of " + path + ": " + errno_text());
        ++m_report.files;
        return {};
    }

    Status write_link(int parent_fd, const std::string& name, const std::vector<std::string>& where,
                      const std::string& path) {
        const std::string& target = m_links.at(path);
        int hops = 0;
        if (!resolve(m_links, where, target, hops)) {
            m_report.warnings.push_back("symlink " + path + " -> " + target +
                                        " is not checked out: it leads outside the workspace");
            return {};
        }
        if (::symlinkat(target.c_str(), parent_fd, name.c_str()) != 0)
            return fail("cannot create symlink " + path + ": " + errno_text());
        ++m_report.symlinks;
        return {};
    }

    const Repository& m_repo;
    CheckoutReport& m_report;
    LinkIndex m_links;
    std::set<std::string> m_paths;
};

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

} // namespace

Result<CheckoutReport> checkout_tree(const Repository& repo, const git_oid& treeish,
                                     const std::filesystem::path& dir) {
    auto tree = peel_to_tree(repo, treeish);
    if (!tree)
        return std::unexpected(tree.error());
    Fd root(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (root.get() < 0)
        return fail("cannot open checkout directory " + dir.string() + ": " + errno_text());
    auto empty = is_empty_dir(root.get());
    if (!empty)
        return fail("cannot read checkout directory " + dir.string() + ": " +
                    empty.error().message);
    if (!*empty)
        return fail("checkout directory " + dir.string() + " is not empty");

    CheckoutReport report;
    Writer writer(repo, report);
    if (auto s = writer.index(tree->get(), "", 0); !s)
        return std::unexpected(s.error());
    if (auto s = writer.write(tree->get(), root.get(), {}); !s)
        return std::unexpected(s.error());
    return report;
}

} // namespace slipway::git
