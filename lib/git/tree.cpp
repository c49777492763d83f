// Trees as plain maps of path to content: writing one into the object database, reading one.
#include "git/tree.hpp"

#include "git/diff.hpp"
#include "git/error.hpp"
#include "git/oid.hpp"

#include <memory>

namespace slipway::git {

namespace {

// A directory while the tree is assembled: its files and its subdirectories.
struct Dir {
    std::map<std::string, const TreeFile*> files;
    std::map<std::string, std::unique_ptr<Dir>> dirs;
};

git_filemode_t to_git_mode(FileMode mode) {
    switch (mode) {
    case FileMode::executable:
        return GIT_FILEMODE_BLOB_EXECUTABLE;
    case FileMode::symlink:
        return GIT_FILEMODE_LINK;
    case FileMode::regular:
        break;
    }
    return GIT_FILEMODE_BLOB;
}

Result<git_oid> write_dir(const Repository& repo, const Dir& dir, const std::string& prefix) {
    git_treebuilder* raw = nullptr;
    if (git_treebuilder_new(&raw, repo.raw(), nullptr) != 0)
        return fail_git("cannot build a tree");
    TreeBuilderPtr builder(raw);
    for (const auto& [name, file] : dir.files) {
        git_oid blob;
        if (git_blob_create_from_buffer(&blob, repo.raw(), file->content.data(),
                                        file->content.size()) != 0)
            return fail_git("cannot write the blob for " + prefix + name);
        if (git_treebuilder_insert(nullptr, builder.get(), name.c_str(), &blob,
                                   to_git_mode(file->mode)) != 0)
            return fail_git("cannot add " + prefix + name + " to a tree");
    }
    for (const auto& [name, sub] : dir.dirs) {
        auto oid = write_dir(repo, *sub, prefix + name + "/");
        if (!oid)
            return oid;
        if (git_treebuilder_insert(nullptr, builder.get(), name.c_str(), &*oid,
                                   GIT_FILEMODE_TREE) != 0)
            return fail_git("cannot add " + prefix + name + "/ to a tree");
    }
    git_oid out;
    if (git_treebuilder_write(&out, builder.get()) != 0)
        return fail_git("cannot write the tree " + (prefix.empty() ? std::string("/") : prefix));
    return out;
}

struct ReadContext {
    const Repository& repo;
    TreeFiles& out;
};

Status read_dir(ReadContext& ctx, const git_tree* tree, const std::string& prefix, int depth) {
    if (depth > 256)
        return fail("tree is nested more than 256 levels deep at " + prefix);
    const std::size_t count = git_tree_entrycount(tree);
    for (std::size_t i = 0; i < count; ++i) {
        const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
        const std::string path = prefix + git_tree_entry_name(entry);
        const git_filemode_t mode = git_tree_entry_filemode(entry);
        const git_oid* oid = git_tree_entry_id(entry);
        if (mode == GIT_FILEMODE_TREE) {
            git_tree* raw = nullptr;
            if (git_tree_lookup(&raw, ctx.repo.raw(), oid) != 0)
                return fail_git("cannot read tree " + path);
            TreePtr sub(raw);
            SLIPWAY_TRY(read_dir(ctx, sub.get(), path + "/", depth + 1));
            continue;
        }
        if (mode == GIT_FILEMODE_COMMIT)
            continue;
        git_blob* raw = nullptr;
        if (git_blob_lookup(&raw, ctx.repo.raw(), oid) != 0)
            return fail_git("cannot read blob " + path);
        BlobPtr blob(raw);
        TreeFile file;
        file.content.assign(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                            static_cast<std::size_t>(git_blob_rawsize(blob.get())));
        file.mode = mode == GIT_FILEMODE_LINK              ? FileMode::symlink
                    : mode == GIT_FILEMODE_BLOB_EXECUTABLE ? FileMode::executable
                                                           : FileMode::regular;
        ctx.out.emplace(path, std::move(file));
    }
    return {};
}

} // namespace

bool is_valid_tree_path(std::string_view path) {
    if (path.empty() || path.find('\0') != std::string_view::npos)
        return false;
    std::size_t start = 0;
    while (true) {
        auto slash = path.find('/', start);
        auto part = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (part.empty() || part == "." || part == ".." || part == ".git")
            return false;
        if (slash == std::string_view::npos)
            return true;
        start = slash + 1;
    }
}

Result<git_oid> write_tree(const Repository& repo, const TreeFiles& files) {
    Dir root;
    for (const auto& [path, file] : files) {
        if (!is_valid_tree_path(path))
            return fail("\"" + path + "\" is not a valid path in a tree");
        Dir* dir = &root;
        std::size_t start = 0;
        std::size_t slash;
        while ((slash = path.find('/', start)) != std::string::npos) {
            std::string part = path.substr(start, slash - start);
            if (dir->files.contains(part))
                return fail("\"" + path.substr(0, slash) + "\" is both a file and a directory");
            auto& sub = dir->dirs[part];
            if (!sub)
                sub = std::make_unique<Dir>();
            dir = sub.get();
            start = slash + 1;
        }
        std::string name = path.substr(start);
        if (dir->dirs.contains(name))
            return fail("\"" + path + "\" is both a file and a directory");
        dir->files[name] = &file;
    }
    return write_dir(repo, root, "");
}

Result<TreeFiles> read_tree(const Repository& repo, const git_oid& treeish) {
    SLIPWAY_TRY_LET(tree, peel_to_tree(repo, treeish));
    TreeFiles out;
    ReadContext ctx{repo, out};
    SLIPWAY_TRY(read_dir(ctx, tree->get(), "", 0));
    return out;
}

} // namespace slipway::git
