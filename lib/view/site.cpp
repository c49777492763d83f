// The status pages on disk.
#include "view/site.hpp"

#include "ledger/timestamp.hpp"
#include "util/state_paths.hpp"
#include "util/temp_dir.hpp"
#include "view/pages.hpp"
#include "view/status.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>

namespace slipway::view {

namespace {

namespace fs = std::filesystem;

Status write_page(const fs::path& dir, const std::string& name, const std::string& text) {
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        return fail("cannot write " + (dir / name).string());
    return {};
}

// The mode a directory of this process gets: what a web server (or the group sharing the
// repository) may read is what the umask allows, as for every other file Slipway writes.
fs::perms directory_mode() {
    const mode_t mask = ::umask(022);
    ::umask(mask);
    return static_cast<fs::perms>(0777 & ~mask);
}

// Puts `fresh` at `target` in one step: exchanged with what is there (which then sits at
// `fresh`, for the caller to remove), or renamed when nothing is.
Status swap_in(const fs::path& fresh, const fs::path& target) {
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0)
        return {};
    const int exchange_error = errno;
    if (exchange_error == ENOENT || exchange_error == EINVAL || exchange_error == ENOSYS) {
        // Nothing there yet, or a file system without exchange: a plain rename, which for an
        // existing directory needs it gone first (a reader may then see none for a moment).
        if (exchange_error != ENOENT) {
            std::error_code ec;
            fs::remove_all(target, ec);
        }
        if (::rename(fresh.c_str(), target.c_str()) == 0)
            return {};
        return fail("cannot rename " + fresh.string() + " to " + target.string() + ": " +
                    std::strerror(errno));
    }
    return fail("cannot swap " + fresh.string() + " in for " + target.string() + ": " +
                std::strerror(exchange_error));
}

} // namespace

fs::path www_dir(const fs::path& git_dir) {
    return util::StateDir::for_repository(git_dir).root() / "www";
}

std::string repository_name(const fs::path& git_dir) {
    fs::path dir = git_dir;
    if (dir.filename().empty())
        dir = dir.parent_path();
    if (dir.filename() == ".git")
        dir = dir.parent_path();
    return dir.filename().string();
}

Result<std::size_t> generate_site(const git::Repository& repo, ledger::Ledger& ledger,
                                  const policy::Policy& policy, const SiteLimits& limits,
                                  const std::string& policy_problem) {
    Overview overview{.repository = repository_name(repo.git_dir()),
                      .generated_ms = ledger::now_ms(),
                      .policy_problem = policy_problem};
    SLIPWAY_TRY_LET(rows, collect_status(ledger, environment_specs(policy),
                                         pending_in_repository(repo, policy)));
    overview.environments = std::move(*rows);
    SLIPWAY_TRY_LET(recent, ledger::read_log(ledger, {.limit = limits.records}));
    overview.recent = std::move(*recent);
    SLIPWAY_TRY_LET(rejected,
                    ledger::read_log(ledger, {.rejected_only = true, .limit = limits.rejected}));
    for (auto& entry : *rejected)
        if (auto* p = std::get_if<ledger::PushEntry>(&entry))
            overview.rejected.push_back(std::move(*p));

    // Every record the overview links to gets its page.
    PageSet pages;
    for (const auto& entry : overview.recent) {
        if (const auto* p = std::get_if<ledger::PushEntry>(&entry))
            pages.pushes.insert(p->meta.id);
        else
            pages.deploys.insert(std::get<ledger::DeployEntry>(entry).start_meta.id);
    }
    for (const auto& p : overview.rejected)
        pages.pushes.insert(p.meta.id);
    for (const auto& s : overview.environments) {
        for (const auto* d :
             {s.deployed ? &*s.deployed : nullptr, s.last_attempt ? &*s.last_attempt : nullptr})
            if (d)
                pages.deploys.insert(d->start_meta.id);
        for (const auto& p : s.break_glass)
            pages.pushes.insert(p.meta.id);
    }

    const auto state = util::StateDir::for_repository(repo.git_dir());
    SLIPWAY_TRY_LET(fresh, util::TempDir::make(state.root(), "www.new-"));
    std::size_t written = 0;
    SLIPWAY_TRY(write_page(fresh->path(), "index.html", overview_page(overview, pages)));
    ++written;
    for (auto id : pages.pushes) {
        SLIPWAY_TRY_LET(shown, ledger::show_record(ledger, id, ledger::Output::omit));
        if (!*shown)
            continue;
        if (const auto* p = std::get_if<ledger::PushEntry>(&**shown)) {
            SLIPWAY_TRY(write_page(fresh->path(), push_page_name(id),
                                   push_page(overview.repository, *p, pages)));
            ++written;
        }
    }
    for (auto id : pages.deploys) {
        SLIPWAY_TRY_LET(shown, ledger::show_record(ledger, id, ledger::Output::include));
        if (!*shown)
            continue;
        if (const auto* d = std::get_if<ledger::DeployEntry>(&**shown)) {
            SLIPWAY_TRY(
                write_page(fresh->path(), deploy_page_name(id),
                           deploy_page(overview.repository, *d, pages, limits.output_shown)));
            ++written;
        }
    }
    std::error_code ec;
    fs::permissions(fresh->path(), directory_mode(), ec);
    if (ec)
        return fail("cannot set the mode of " + fresh->path().string() + ": " + ec.message());
    // After the swap the TempDir holds the old pages, which its destructor removes.
    SLIPWAY_TRY(swap_in(fresh->path(), www_dir(repo.git_dir())));
    return written;
}

void refresh_site(const git::Repository& repo, ledger::Ledger* ledger,
                  const std::function<void(const std::string&)>& warn) {
    if (!ledger)
        return;
    auto first_line = [](std::string text) {
        if (auto nl = text.find('\n'); nl != std::string::npos)
            text.resize(nl);
        return text;
    };
    try {
        auto policy = policy::load_policy(util::policy_file(repo.git_dir()));
        auto done = policy ? generate_site(repo, *ledger, *policy)
                           : generate_site(repo, *ledger, policy::Policy{}, {},
                                           first_line(policy.error().message));
        if (!done)
            warn("slipway: warning: the status page was not updated: " +
                 first_line(done.error().message));
    } catch (const std::exception& e) {
        warn(std::string("slipway: warning: the status page was not updated: ") + e.what());
    }
}

} // namespace slipway::view
