// What Slipway applied to an environment last time, and what a new deploy may prune from it.
#include "deploy/inventory.hpp"

#include "util/new_file.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>

namespace slipway::deploy {

namespace fs = std::filesystem;

namespace {

constexpr const char* header = "# slipway inventory v1: apiVersion kind namespace name";

// Namespaced objects first, then cluster-scoped ones, namespaces last: what lives inside a
// namespace goes before the namespace that holds it.
int prune_rank(const ObjectRef& r) {
    if (r.kind == "Namespace" && r.group().empty())
        return 2;
    return r.namespace_name.empty() ? 1 : 0;
}

} // namespace

Result<std::vector<ObjectRef>> read_inventory(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(file, ec)))
        return std::vector<ObjectRef>{};
    std::ifstream in(file);
    if (!in)
        return fail("cannot read inventory " + file.string());
    std::vector<ObjectRef> out;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line.front() == '#')
            continue;
        std::vector<std::string> fields;
        std::size_t start = 0;
        while (true) {
            auto tab = line.find('\t', start);
            fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
            if (tab == std::string::npos)
                break;
            start = tab + 1;
        }
        if (fields.size() != 4 || fields[0].empty() || fields[1].empty() || fields[3].empty())
            return fail("inventory " + file.string() + " line " + std::to_string(number) +
                        " is not \"apiVersion<TAB>kind<TAB>namespace<TAB>name\"");
        out.push_back({fields[0], fields[1], fields[2], fields[3]});
    }
    return out;
}

Status write_inventory(const fs::path& file, const std::vector<ObjectRef>& objects) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec)
        return fail("cannot create " + file.parent_path().string() + ": " + ec.message());
    std::string text = std::string(header) + "\n";
    for (const auto& o : objects)
        text += o.api_version + "\t" + o.kind + "\t" + o.namespace_name + "\t" + o.name + "\n";
    const fs::path temp = file.string() + ".new";
    SLIPWAY_TRY(util::write_new_file(temp, text, 0666));
    if (::rename(temp.c_str(), file.c_str()) != 0)
        return fail("cannot replace inventory " + file.string() + ": " + std::strerror(errno));
    return {};
}

Result<std::size_t> parse_prune_option(std::string_view value) {
    if (value == "all")
        return std::numeric_limits<std::size_t>::max();
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc() || ptr != value.data() + value.size())
        return fail("push option slipway.prune=" + std::string(value) +
                    " must be a number of objects or \"all\"");
    return n;
}

Result<PrunePlan> plan_prune(const std::vector<ObjectRef>& previous,
                             const std::vector<ObjectRef>& current, const PrunePolicy& policy) {
    std::set<std::string> keep;
    for (const auto& c : current)
        keep.insert(c.key());
    PrunePlan plan;
    std::set<std::string> seen;
    for (const auto& p : previous) {
        if (keep.contains(p.key()) || !seen.insert(p.key()).second)
            continue;
        const int rank = prune_rank(p);
        const bool allowed = rank == 2   ? policy.namespaces == Allow::yes
                             : rank == 1 ? policy.cluster_scoped == Allow::yes
                                         : true;
        (allowed ? plan.prune : plan.forbidden).push_back(p);
    }
    std::stable_sort(
        plan.prune.begin(), plan.prune.end(),
        [](const ObjectRef& a, const ObjectRef& b) { return prune_rank(a) < prune_rank(b); });
    const std::size_t limit = std::max(policy.limit, policy.pusher_limit.value_or(0));
    if (plan.prune.size() > limit) {
        std::string list;
        for (std::size_t i = 0; i < plan.prune.size() && i < 5; ++i)
            list += (i ? ", " : "") + plan.prune[i].describe();
        if (plan.prune.size() > 5)
            list += ", ...";
        const std::string n = std::to_string(plan.prune.size());
        return fail("pruning " + n + " objects (" + list +
                    ") is more than this environment's "
                    "limit of " +
                    std::to_string(limit) + "; push with -o slipway.prune=" + n + " to allow it");
    }
    return plan;
}

} // namespace slipway::deploy
