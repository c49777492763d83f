// The commands that show the ledger to people outside a terminal: `page` (regenerate the
// status pages), `serve` (serve them), `metrics` (Prometheus text).
#include "admin/command.hpp"
#include "admin/repo_ledger.hpp"
#include "admin/serve.hpp"
#include "git/repository.hpp"
#include "ledger/ledger.hpp"
#include "policy/policy.hpp"
#include "util/state_paths.hpp"
#include "view/metrics.hpp"
#include "view/site.hpp"
#include "view/status.hpp"

#include <filesystem>
#include <ostream>
#include <set>

namespace slipway::admin {

namespace {

// The repository at `path` with its ledger and policy, as `page` and `metrics` need them.
struct Loaded {
    git::Repository repo;
    ledger::Ledger ledger;
    policy::Policy policy;
};

Result<Loaded> load(const std::string& path) {
    SLIPWAY_TRY_LET(opened, open_repo_ledger(path));
    SLIPWAY_TRY_LET(policy, policy::load_policy(util::policy_file(opened->repo.git_dir())));
    return Loaded{std::move(opened->repo), std::move(opened->ledger), std::move(*policy)};
}

int run_page_command(const Args& args, std::ostream& out, std::ostream& err) {
    auto loaded = load(args.positional[0]);
    if (!loaded) {
        err << "slipway page: " << loaded.error().message << "\n";
        return 1;
    }
    auto written = view::generate_site(loaded->repo, loaded->ledger, loaded->policy);
    if (!written) {
        err << "slipway page: " << written.error().message << "\n";
        return 1;
    }
    out << "wrote " << *written << " pages to " << view::www_dir(loaded->repo.git_dir()).string()
        << "\n";
    return 0;
}

int run_metrics_command(const Args& args, std::ostream& out, std::ostream& err) {
    std::vector<view::RepositoryMetrics> all;
    for (const auto& path : args.positional) {
        auto loaded = load(path);
        if (!loaded) {
            err << "slipway metrics: " << loaded.error().message << "\n";
            return 1;
        }
        auto m = view::collect_metrics(
            loaded->ledger,
            std::filesystem::absolute(loaded->repo.git_dir()).lexically_normal().string(),
            view::environment_specs(loaded->policy));
        if (!m) {
            err << "slipway metrics: " << path << ": " << m.error().message << "\n";
            return 1;
        }
        all.push_back(std::move(*m));
    }
    out << view::format_metrics(all);
    return 0;
}

int run_serve_command(const Args& args, std::ostream& out, std::ostream& err) {
    std::vector<ServedRepository> repos;
    std::set<std::string> names;
    for (const auto& path : args.positional) {
        auto repo = git::Repository::open(path);
        if (!repo) {
            err << "slipway serve: " << path << " is not a git repository\n";
            return 1;
        }
        ServedRepository served{view::repository_name(repo->git_dir()),
                                view::www_dir(repo->git_dir())};
        if (!is_page_file_name(served.name) || !names.insert(served.name).second) {
            err << "slipway serve: " << path << ": its name \"" << served.name
                << "\" is not one a URL path can hold, or another repository has it\n";
            return 2;
        }
        repos.push_back(std::move(served));
    }
    auto done = serve_pages(repos, args.value("--listen").value_or("127.0.0.1:8080"), out);
    if (!done) {
        err << "slipway serve: " << done.error().message << "\n";
        return 1;
    }
    return 0;
}

} // namespace

std::vector<CliCommand> view_commands() {
    return {
        {.name = "page",
         .usage = "<bare-repo>",
         .summary = "regenerate the status pages in <repo>/slipway/www/",
         .help = "The hooks regenerate them after every push (post-receive, after its deploys)\n"
                 "and after a rejected push; this does it by hand. See docs/status-page.md.",
         .spec = {.min_positional = 1, .max_positional = 1},
         .run = run_page_command,
         .repo = RepoAccess::writes},
        {.name = "serve",
         .usage = "<bare-repo>... [--listen 127.0.0.1:PORT]",
         .summary = "serve the status pages of repositories over HTTP, read-only",
         .help = "A small HTTP/1.0 server for a quick look: GET and HEAD only, one request at a\n"
                 "time, /<repo-name>/ for each repository. For everyday use, let the web server\n"
                 "that serves the repositories serve <repo>/slipway/www/ too.\n"
                 "  --listen ADDR:PORT   where to listen (default 127.0.0.1:8080)",
         .spec = {.valued = {"--listen"}, .min_positional = 1, .max_positional = 1000},
         .run = run_serve_command,
         .repo = RepoAccess::reads},
        {.name = "metrics",
         .usage = "<bare-repo>...",
         .summary = "Prometheus text of pushes, deploys, durations and freezes",
         .help = "The text exposition format node_exporter's textfile collector reads: write it\n"
                 "to a .prom file from a timer (see docs/status-page.md, \"Metrics\").",
         .spec = {.min_positional = 1, .max_positional = 1000},
         .run = run_metrics_command,
         .repo = RepoAccess::reads},
    };
}

} // namespace slipway::admin
