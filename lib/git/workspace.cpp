// A fresh checkout of the pushed commit for one deploy, under the state directory.
#include "git/workspace.hpp"

#include <algorithm>
#include <utility>

namespace slipway::git {

namespace fs = std::filesystem;

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

} // namespace slipway::git
