// A fresh checkout of the pushed commit for one deploy, under the state directory.
#pragma once

#include "git/checkout.hpp"
#include "git/repository.hpp"
#include "util/result.hpp"

#include <filesystem>
#include <string_view>

namespace slipway::git {

/// One commit checked out into its own directory; removed (with everything in it) when the
/// Workspace is destroyed.
class Workspace {
public:
    /// Removes whatever is at `dir` (a dead deploy's leftovers), creates it empty and checks
    /// `commit` out into it with git::checkout_tree(). The caller holds the environment's
    /// lock, so no other deploy uses `dir`. Fails as checkout_tree() does, leaving no
    /// directory behind.
    static Result<Workspace> create(const git::Repository& repo, const git_oid& commit,
                                    const std::filesystem::path& dir);

    ~Workspace();
    Workspace(Workspace&& other) noexcept;
    Workspace& operator=(Workspace&& other) noexcept;
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    const std::filesystem::path& dir() const { return m_dir; }
    /// What the checkout wrote and skipped (warnings to show the pusher).
    const git::CheckoutReport& report() const { return m_report; }

private:
    Workspace(std::filesystem::path dir, git::CheckoutReport report)
        : m_dir(std::move(dir))
        , m_report(std::move(report)) {}
    void remove();

    std::filesystem::path m_dir;
    git::CheckoutReport m_report;
};

} // namespace slipway::git
