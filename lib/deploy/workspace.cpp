// A fresh checkout of the pushed commit for one deploy, under the state directory.
#include "deploy/workspace.hpp"

#include <algorithm>
#include <utility>

namespace slipway::deploy {

namespace fs = std::filesystem;

Result<fs::path> directory_inside(const fs::path& root, std::string_view relative) {
    const std::string shown = "\"" + std::string(relative) + "\"";
    fs::path rel(relative);
    if (rel.is_absolute())
        return fail("directory " + shown + " must be relative to the repository root");
    for (const auto& part : rel)
        if (part == "..")
            return fail("directory " + shown + " must not contain \"..\"");
    std::error_code ec;
    fs::path real_root = fs::canonical(root, ec);
    if (ec)
        return fail("cannot resolve " + root.string() + ": " + ec.message());
    fs::path real = fs::canonical(root / rel, ec);
    if (ec || !fs::is_directory(real))
        return fail("directory " + shown + " does not exist in the checked-out commit");
    auto [r, d] = std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
    if (r != real_root.end())
        return fail("directory " + shown + " leads outside the checked-out commit");
    return real;
}

Result<Workspace> Workspace::create(const git::Repository& repo, const git_oid& commit,
                                    const fs::path& dir) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (ec)
        return fail("cannot remove the old workspace " + dir.string() + ": " + ec.message());
    fs::create_directories(dir, ec);
    if (ec)
        return fail("cannot create the workspace " + dir.string() + ": " + ec.message());
    auto report = git::checkout_tree(repo, commit, dir);
    if (!report) {
        fs::remove_all(dir, ec);
        return std::unexpected(report.error());
    }
    return Workspace(dir, std::move(*report));
}

void Workspace::remove() {
    if (m_dir.empty())
        return;
    std::error_code ec;
    fs::remove_all(m_dir, ec);
    m_dir.clear();
}

Workspace::~Workspace() {
    remove();
}

Workspace::Workspace(Workspace&& other) noexcept
    : m_dir(std::exchange(other.m_dir, {}))
    , m_report(std::move(other.m_report)) {}

Workspace& Workspace::operator=(Workspace&& other) noexcept {
    if (this != &other) {
        remove();
        m_dir = std::exchange(other.m_dir, {});
        m_report = std::move(other.m_report);
    }
    return *this;
}

} // namespace slipway::deploy
