// Paths inside a tree that holds symlinks, followed the way the kernel follows them.
#include "util/link_resolution.hpp"

namespace slipway::util {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        auto part = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        start = slash == std::string_view::npos ? path.size() + 1 : slash + 1;
        if (!part.empty() && part != ".")
            out.emplace_back(part);
    }
    return out;
}

std::string join_path(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty())
            out += '/';
        out += p;
    }
    return out;
}

Result<std::optional<std::vector<std::string>>> resolve_links(const LinkTargets& links,
                                                              std::vector<std::string> base,
                                                              std::string_view target, int& hops,
                                                              std::vector<std::string>& followed) {
    using Resolved = std::optional<std::vector<std::string>>;
    if (target.empty() || target.front() == '/')
        return Resolved();
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
                return Resolved();
            base.pop_back();
            continue;
        }
        base.emplace_back(part);
        const std::string path = join_path(base);
        SLIPWAY_TRY_LET(link, links(path));
        if (!*link)
            continue;
        if (++hops > max_link_hops)
            return Resolved();
        followed.push_back(path);
        base.pop_back();
        auto resolved = resolve_links(links, std::move(base), **link, hops, followed);
        if (!resolved || !*resolved)
            return resolved;
        base = std::move(**resolved);
    }
    return Resolved(std::move(base));
}

Result<std::optional<ResolvedPath>> resolve_path(const LinkTargets& links, std::string_view path) {
    std::vector<std::string> followed;
    int hops = 0;
    SLIPWAY_TRY_LET(to, resolve_links(links, {}, path.empty() ? "." : path, hops, followed));
    if (!*to)
        return std::optional<ResolvedPath>();
    std::string where = join_path(**to);
    return ResolvedPath{.path = where.empty() ? "." : where, .links = std::move(followed)};
}

} // namespace slipway::util
