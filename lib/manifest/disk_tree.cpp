// DiskTree: a directory on disk as a SourceTree.
#include "manifest/disk_tree.hpp"

#include "util/files.hpp"

#include <algorithm>

namespace slipway::manifest {

namespace fs = std::filesystem;

namespace {

std::optional<SourceType> type_of(const fs::file_status& status) {
    switch (status.type()) {
    case fs::file_type::not_found:
    case fs::file_type::none:
        return std::nullopt;
    case fs::file_type::regular:
        return SourceType::file;
    case fs::file_type::directory:
        return SourceType::directory;
    case fs::file_type::symlink:
        return SourceType::symlink;
    default:
        return SourceType::other;
    }
}

} // namespace

fs::path DiskTree::at(std::string_view path) const {
    return path.empty() || path == "." ? m_root : m_root / path;
}

Result<std::optional<SourceType>> DiskTree::type(std::string_view path) {
    std::error_code ec;
    auto status = fs::symlink_status(at(path), ec);
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
        return fail("cannot look at " + std::string(path) + ": " + ec.message());
    return type_of(status);
}

Result<std::optional<std::vector<SourceEntry>>> DiskTree::list(std::string_view dir) {
    using Listing = std::optional<std::vector<SourceEntry>>;
    SLIPWAY_TRY_LET(what, type(dir));
    if (*what != SourceType::directory)
        return Listing();
    std::error_code ec;
    std::vector<SourceEntry> out;
    for (const auto& e : fs::directory_iterator(at(dir), ec)) {
        auto t = type_of(e.symlink_status(ec));
        if (t)
            out.push_back({e.path().filename().string(), *t});
    }
    if (ec)
        return fail("cannot list " + std::string(dir) + ": " + ec.message());
    std::sort(out.begin(), out.end(),
              [](const SourceEntry& a, const SourceEntry& b) { return a.name < b.name; });
    return Listing(std::move(out));
}

Result<std::string> DiskTree::read(std::string_view path) {
    return util::read_file(at(path));
}

Result<std::optional<std::string>> DiskTree::link_target(std::string_view path) {
    SLIPWAY_TRY_LET(what, type(path));
    if (*what != SourceType::symlink)
        return std::optional<std::string>();
    std::error_code ec;
    auto target = fs::read_symlink(at(path), ec);
    if (ec)
        return fail("cannot read the symlink " + std::string(path) + ": " + ec.message());
    return std::optional<std::string>(target.string());
}

} // namespace slipway::manifest
