// `slipway check`: the gate's manifest verdict on a directory or a range of commits.
#include "admin/check_command.hpp"

#include "git/oid.hpp"
#include "git/revision.hpp"
#include "policy/policy.hpp"
#include "report/verdict.hpp"
#include "review/change_judge.hpp"
#include "review/directory.hpp"
#include "util/json.hpp"
#include "util/sandbox.hpp"
#include "util/state_paths.hpp"

#include <cstdlib>
#include <ostream>

namespace slipway::admin {

namespace fs = std::filesystem;

namespace {

// The top of the git work tree holding the current directory, if any.
std::optional<fs::path> work_tree_root() {
    std::error_code ec;
    for (fs::path dir = fs::current_path(ec); !ec && !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / ".git", ec))
            return dir;
        if (dir == dir.parent_path())
            break;
    }
    return std::nullopt;
}

int report(const Findings& findings, bool json, std::ostream& out) {
    const auto errors = count_errors(findings);
    const auto warnings = findings.size() - errors;
    if (json) {
        util::Json doc = util::Json::object();
        doc["findings"] = util::Json::array();
        for (const auto& f : findings) {
            util::Json item = util::Json::object();
            item["path"] = f.path;
            item["line"] = f.line;
            item["column"] = f.column;
            item["severity"] = f.severity == Severity::error ? "error" : "warning";
            item["rule"] = f.rule;
            item["message"] = f.message;
            doc["findings"].push_back(std::move(item));
        }
        doc["errors"] = errors;
        doc["warnings"] = warnings;
        out << doc.dump(util::JsonStyle::pretty) << "\n";
        return errors > 0 ? 1 : 0;
    }
    for (auto severity : {Severity::error, Severity::warning})
        for (const auto& f : findings)
            if (f.severity == severity)
                out << report::format_finding(f).substr(2) << "\n";
    auto plural = [](std::size_t n, const char* word) {
        return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
    };
    if (findings.empty())
        out << "slipway check: no problems\n";
    else
        out << "slipway check: " << plural(errors, "error") << ", " << plural(warnings, "warning")
            << "\n";
    return errors > 0 ? 1 : 0;
}

// True when `file` lies inside directory `dir` (both resolved through symlinks).
bool lies_inside(const fs::path& file, const fs::path& dir) {
    std::error_code ec;
    const auto f = fs::weakly_canonical(fs::absolute(file, ec), ec);
    const auto d = fs::weakly_canonical(fs::absolute(dir, ec), ec);
    auto rel = f.lexically_relative(d);
    return !rel.empty() && *rel.begin() != "..";
}

// A policy inside the clone is the repository's, which anyone who pushed to it wrote: it names
// no program to run and loosens nothing. What it would have is dropped, one warning line each.
void distrust_clone_policy(policy::Policy& policy, const std::string& name, std::ostream& err) {
    auto& k = policy.manifests.kustomize;
    const manifest::KustomizeOptions defaults;
    if (k.kubectl != defaults.kubectl) {
        err << "slipway check: warning: ignoring manifests.kustomize.kubectl (\"" << k.kubectl
            << "\") of " << name
            << ": a clone's policy names no program to run; kubectl comes from PATH\n";
        k.kubectl = defaults.kubectl;
    }
    if (!k.remote.empty()) {
        err << "slipway check: warning: ignoring manifests.kustomize.remote of " << name
            << ": a clone's policy allows no remote base\n";
        k.remote.clear();
    }
    if (policy.sandbox == util::Sandboxing::off) {
        err << "slipway check: warning: ignoring `sandbox: off` of " << name
            << ": a clone's policy does not turn the sandbox off\n";
        policy.sandbox = util::Sandboxing::on;
        k.sandbox = util::Sandboxing::on;
    }
}

// The policy: the one named, else one the developer keeps, else the defaults; manifest checks
// always on. Nullopt (reported on `err`) when the file cannot be read.
std::optional<policy::Policy> check_policy(const Args& args, const std::optional<fs::path>& root,
                                           std::ostream& err) {
    std::optional<fs::path> policy_file;
    if (auto p = args.value("--policy"))
        policy_file = *p;
    else
        policy_file = find_local_policy(root);
    policy::Policy policy;
    if (policy_file) {
        auto loaded = policy::load_policy(*policy_file);
        if (!loaded) {
            err << loaded.error().message << "\n";
            return std::nullopt;
        }
        policy = std::move(*loaded);
        if (root && lies_inside(*policy_file, *root))
            distrust_clone_policy(policy,
                                  fs::absolute(*policy_file)
                                      .lexically_normal()
                                      .lexically_relative(fs::absolute(*root).lexically_normal())
                                      .string(),
                                  err);
        if (!policy.manifests.enabled)
            err << "slipway check: note: " << policy_file->string()
                << " has no manifests: section (the server judges no manifests); using the "
                   "default rules\n";
    }
    policy.manifests.enabled = true;
    // A developer's machine may have no bubblewrap: kustomize then runs unconfined, still only
    // on what the kustomizations may read (names outside the clone and remote bases refused).
    if (policy.sandbox == util::Sandboxing::on && !util::Sandbox::find()) {
        err << "slipway check: note: bubblewrap (bwrap) cannot run here; kustomizations render "
               "without a sandbox\n";
        policy.manifests.kustomize.sandbox = util::Sandboxing::off;
    }
    return policy;
}

// Schemas: --schemas replaces the policy's, whose server paths may not exist here.
manifest::SchemaSources check_schemas(const Args& args, const policy::Policy& policy,
                                      std::ostream& err) {
    std::vector<fs::path> schema_paths;
    if (auto given = args.all("--schemas"); !given.empty()) {
        schema_paths.assign(given.begin(), given.end());
    } else {
        for (const auto& s : policy.manifests.schemas) {
            std::error_code ec;
            if (fs::exists(s.path, ec))
                schema_paths.emplace_back(s.path);
            else
                err << "slipway check: warning: schema source " << s.path
                    << " (from the policy) is not on this machine; give it with --schemas to "
                       "check fields as the server does\n";
        }
    }
    return manifest::SchemaSources(std::move(schema_paths));
}

// A range of commits in `repo`, judged as the hook judges an update of `ref`.
int check_range(const git::Repository& repo, const std::string& spec, const std::string& ref,
                const policy::Policy& policy, manifest::SchemaSources schemas, bool json,
                std::ostream& out, std::ostream& err) {
    auto range = git::resolve_range(repo, spec);
    if (!range || !*range) {
        err << "slipway check: " << (range ? "not a range" : range.error().message) << "\n";
        return 1;
    }
    const auto state = util::StateDir::for_repository(repo.git_dir());
    review::ManifestJudge judge(
        repo, policy,
        {.schemas = std::move(schemas), .cache_dir = state.cache(), .render_dir = state.scratch()});
    auto findings = judge.judge_change(ref, (*range)->from, (*range)->to);
    if (!findings) {
        err << "slipway check: " << findings.error().message << "\n";
        return 1;
    }
    return report(*findings, json, out);
}

// Paths, relative to the current directory, judged whole as repository paths of `base` (the
// clone's top, or the current directory); none given: the policy's manifest paths for `ref`.
int check_paths(const fs::path& base, const std::vector<std::string>& given, const std::string& ref,
                const policy::Policy& policy, const manifest::SchemaSources& schemas, bool json,
                std::ostream& out, std::ostream& err) {
    std::error_code ec;
    std::vector<std::string> paths;
    for (const auto& p : given) {
        fs::path abs = fs::absolute(p, ec).lexically_normal();
        auto rel = abs.lexically_relative(base).string();
        if (rel.empty() || rel.starts_with(".."))
            rel = abs.string();
        while (rel.size() > 1 && rel.back() == '/')
            rel.pop_back();
        paths.push_back(rel);
    }
    if (paths.empty()) {
        for (const auto& unit : policy::manifest_units(policy.manifests, policy.environments, ref))
            for (const auto& p : unit.paths)
                if (std::find(paths.begin(), paths.end(), p) == paths.end() &&
                    fs::exists(base / p, ec))
                    paths.push_back(p);
        if (paths.empty())
            paths.push_back(".");
    }
    auto findings = review::judge_directory(base, paths, policy, ref, schemas);
    if (!findings) {
        err << "slipway check: " << findings.error().message << "\n";
        return 1;
    }
    return report(*findings, json, out);
}

int run_check(const Args& args, std::ostream& out, std::ostream& err) {
    const std::string format = args.value("--format").value_or("text");
    if (format != "text" && format != "json") {
        err << "slipway check: --format is text or json, not \"" << format << "\"\n";
        return 2;
    }
    const bool json = format == "json";
    const auto root = work_tree_root();
    auto policy = check_policy(args, root, err);
    if (!policy)
        return 1;
    auto schemas = check_schemas(args, *policy, err);

    std::optional<git::Repository> repo;
    if (root)
        if (auto r = git::Repository::open(*root))
            repo.emplace(std::move(*r));
    std::string ref;
    if (auto r = args.value("--ref"))
        ref = *r;
    else if (repo)
        ref = repo->head_branch().value_or("");

    // One argument with ".." that is not a path: a range of commits, judged as the hook would.
    const auto& positional = args.positional;
    std::error_code ec;
    if (positional.size() == 1 && positional[0].find("..") != std::string::npos &&
        !fs::exists(positional[0], ec)) {
        if (!repo) {
            err << "slipway check: " << positional[0]
                << " looks like a range of commits, but this is not a git clone\n";
            return 1;
        }
        return check_range(*repo, positional[0], ref, *policy, std::move(schemas), json, out, err);
    }
    const fs::path base = root ? *root : fs::current_path(ec);
    return check_paths(base, positional, ref, *policy, schemas, json, out, err);
}

} // namespace

std::optional<fs::path> find_local_policy(const std::optional<fs::path>& root) {
    if (const char* env = std::getenv("SLIPWAY_POLICY"); env && *env)
        return fs::path(env);
    if (!root)
        return std::nullopt;
    std::error_code ec;
    for (const char* name : {"slipway.yaml", ".slipway/policy.yaml"})
        if (fs::is_regular_file(*root / name, ec))
            return *root / name;
    return std::nullopt;
}

std::vector<CliCommand> check_commands() {
    return {
        {.name = "check",
         .usage = "[--policy FILE] [--schemas FILE|DIR]... [--format text|json] [--ref REF] "
                  "[PATH... | REV-RANGE]",
         .summary = "judge Kubernetes manifests with the gate's rules, before pushing",
         .help =
             "Runs the checks the server's pre-receive hook runs on manifests, with the same\n"
             "messages, in a clone or on any directory. Exits 1 when there is an error, 0\n"
             "otherwise (warnings included).\n\n"
             "  PATH...          files or directories to judge, whole (default: the policy's\n"
             "                   manifest paths for REF, else the current clone or directory)\n"
             "  REV-RANGE        A..B or A...B in a clone: judge only what changed, exactly as\n"
             "                   the hook judges a push (e.g. origin/master..HEAD)\n"
             "  --policy FILE    the policy (default: $SLIPWAY_POLICY, else slipway.yaml or\n"
             "                   .slipway/policy.yaml at the top of the clone, else the default\n"
             "                   rules); ask your admin for a copy of the server's slipway.yaml\n"
             "  --schemas PATH   an OpenAPI v2 JSON file (`kubectl get --raw /openapi/v2`) or a\n"
             "                   kubeconform schema directory; repeatable; replaces the policy's\n"
             "  --format F       text (default) or json\n"
             "  --ref REF        the ref whose environments' settings apply (default: the\n"
             "                   clone's current branch)",
         .spec = {.valued = {"--policy", "--schemas", "--format", "--ref"},
                  .repeated = {"--schemas"},
                  .min_positional = 0,
                  .max_positional = 1000},
         .run = run_check},
    };
}

} // namespace slipway::admin
