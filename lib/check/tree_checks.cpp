// The gate's tree checks: names, depth and sizes, from tree entries and object headers alone.
#include "check/tree_checks.hpp"

#include "check/path_names.hpp"
#include "git/checkout.hpp"
#include "git/diff.hpp"
#include "git/history.hpp"
#include "git/objects.hpp"
#include "git/oid.hpp"
#include "git/tree_entries.hpp"
#include "manifest/sources.hpp"
#include "review/change_judge.hpp"
#include "util/state_paths.hpp"

#include <set>

namespace slipway::check {

namespace {

// Enough to fix a push by; a tree of a million bad names should not cost a million records.
constexpr std::size_t max_findings = 1000;
// PATH_MAX on Linux: no kernel follows a longer symlink target.
constexpr std::uint64_t max_link_bytes = 4096;

// A path for a message: long ones (a tree 300 levels deep) keep their start and their end.
std::string shown_path(const std::string& path) {
    constexpr std::size_t head = 120, tail = 80;
    if (path.size() <= head + tail + 10)
        return path;
    return path.substr(0, head) + "…(" + std::to_string(path.size() - head - tail) + " bytes)…" +
           path.substr(path.size() - tail);
}

class TreeScan {
public:
    TreeScan(const PushContext& ctx, TreeVerdict& out)
        : m_ctx(ctx)
        , m_out(out) {}

    // Names, depth and symlinks in what each new commit of `update` changes.
    Status new_commits(const git::ClassifiedUpdate& update) {
        const auto& peeled = *update.new_peeled;
        if (peeled.kind == git::ObjectKind::tree) {
            SLIPWAY_TRY_LET(tree, git::peel_to_tree(m_ctx.repo(), peeled.oid));
            return changes(update.update.ref, nullptr, **tree);
        }
        SLIPWAY_TRY_LET(commits, git::new_commits(m_ctx.repo(), peeled.oid));
        for (const auto& oid : *commits) {
            if (!m_seen.insert(git::to_hex(oid)).second)
                continue;
            SLIPWAY_TRY_LET(commit, git::read_commit(m_ctx.repo(), oid));
            SLIPWAY_TRY_LET(tree, git::peel_to_tree(m_ctx.repo(), commit->tree));
            git::TreePtr parent;
            if (!commit->parents.empty()) {
                SLIPWAY_TRY_LET(t, git::peel_to_tree(m_ctx.repo(), commit->parents.front()));
                parent = std::move(*t);
            }
            SLIPWAY_TRY(changes(update.update.ref, parent.get(), **tree));
            if (m_out.findings.size() >= max_findings)
                break;
        }
        return {};
    }

    // Manifest files over the size limit among what the manifest checks will read.
    Status sizes(const git::ClassifiedUpdate& update) {
        const auto& mp = m_ctx.policy().manifests;
        const auto units =
            policy::manifest_units(mp, m_ctx.policy().environments, update.update.ref);
        if (units.empty())
            return {};
        std::optional<git_oid> base = update.old_oid;
        if (!base) {
            SLIPWAY_TRY_LET(merge_base, review::base_for_new_ref(m_ctx.repo(), update.update.ref,
                                                                 *update.new_oid));
            base = *merge_base;
        }
        SLIPWAY_TRY_LET(head, git::peel_to_tree(m_ctx.repo(), *update.new_oid));
        git::TreePtr base_tree;
        if (base) {
            SLIPWAY_TRY_LET(t, git::peel_to_tree(m_ctx.repo(), *base));
            base_tree = std::move(*t);
        }
        SLIPWAY_TRY_LET(changed, git::diff_trees(m_ctx.repo(), base_tree.get(), **head));
        const std::uint64_t limit = mp.base.limits.max_file_bytes;
        for (const auto& c : *changed) {
            if (!c.now || !c.now->is_file())
                continue;
            bool judged = false;
            for (const auto& unit : units)
                judged = judged || manifest::is_manifest_candidate(unit.paths, c.path);
            if (!judged)
                continue;
            SLIPWAY_TRY_LET(size, git::blob_size(m_ctx.repo(), c.now->oid));
            if (*size > limit)
                add(update.update.ref, c.path,
                    "file is " + git::format_size(*size) + ", more than the " +
                        git::format_size(limit) +
                        " allowed for a manifest; split it into several files (it was not read)",
                    "yaml-limits");
            if (m_out.findings.size() >= max_findings)
                break;
        }
        return {};
    }

    bool full() const { return m_out.findings.size() >= max_findings; }

private:
    void add(const std::string& ref, const std::string& path, std::string message,
             std::string rule) {
        if (full())
            return;
        m_out.refused_refs.insert(ref);
        if (m_out.findings.size() + 1 == max_findings) {
            m_out.findings.push_back(
                {.ref = ref,
                 .message = "the tree checks stopped after " + std::to_string(max_findings) +
                            " problems; fix these and push again to see the rest",
                 .rule = std::move(rule)});
            return;
        }
        m_out.findings.push_back(
            {.ref = ref, .path = path, .message = std::move(message), .rule = std::move(rule)});
    }

    Status changes(const std::string& ref, const git_tree* from, const git_tree& to) {
        const std::size_t max_depth = m_ctx.policy().limits.tree_depth;
        bool deep = m_deep_refs.count(ref) != 0;
        Status link_read;
        SLIPWAY_TRY(
            git::walk_changed_entries(m_ctx.repo(), from, to, [&](const git::ChangedEntry& e) {
                if (full() || !link_read)
                    return git::Descend::no;
                if (auto problem = path_name_problem(e.name())) {
                    add(ref, shown_path(e.entry.path),
                        "git fsck refuses this name (" + problem->fsck_id +
                            "): " + problem->message,
                        "path-name");
                    return git::Descend::no;
                }
                if (e.depth > max_depth) {
                    if (!deep)
                        add(ref, shown_path(e.entry.path),
                            "this path is " + std::to_string(e.depth) +
                                " levels deep, more than the " + std::to_string(max_depth) +
                                " a pushed tree may have (limits.tree_depth); flatten it",
                            "tree-depth");
                    deep = true;
                    m_deep_refs.insert(ref);
                    return git::Descend::no;
                }
                if (e.entry.type == git::EntryType::symlink) {
                    auto size = git::blob_size(m_ctx.repo(), e.entry.oid);
                    if (!size)
                        link_read = std::unexpected(size.error());
                    else if (*size > max_link_bytes)
                        add(ref, shown_path(e.entry.path),
                            "the symlink's target is " + std::to_string(*size) +
                                " bytes, more than the " + std::to_string(max_link_bytes) +
                                " a path may have; shorten it",
                            "path-name");
                }
                return git::Descend::yes;
            }));
        return link_read;
    }

    const PushContext& m_ctx;
    TreeVerdict& m_out;
    std::set<std::string> m_seen;      ///< commits looked at, by hex id
    std::set<std::string> m_deep_refs; ///< refs with a tree-depth finding already
};

} // namespace

Result<TreeVerdict> check_trees(const PushContext& ctx) {
    TreeVerdict out;
    TreeScan scan(ctx, out);
    for (const auto& u : ctx.updates()) {
        if (u.change == git::Change::remove || !u.new_oid || !u.new_peeled ||
            u.new_peeled->kind == git::ObjectKind::blob || util::is_reserved_ref(u.update.ref))
            continue;
        if (auto s = scan.new_commits(u); !s)
            return fail(u.update.ref, s.error());
        if (scan.full())
            break;
        if (!ctx.policy().manifests.enabled || out.refused_refs.count(u.update.ref))
            continue;
        if (auto s = scan.sizes(u); !s)
            return fail(u.update.ref, s.error());
    }
    return out;
}

} // namespace slipway::check
