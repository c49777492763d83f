// An open repository, its refs and its config.
#include "git/repository.hpp"

#include "git/error.hpp"

namespace slipway::git {

Result<Repository> Repository::open_from_env() {
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, nullptr) != 0)
        return fail_git("cannot open the repository from the hook environment");
    return Repository(RepositoryPtr(raw));
}

Result<Repository> Repository::open(const std::filesystem::path& path) {
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0)
        return fail_git("cannot open repository " + path.string());
    return Repository(RepositoryPtr(raw));
}

std::filesystem::path Repository::git_dir() const {
    std::string p = git_repository_path(m_repo.get());
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    return p;
}

bool Repository::is_bare() const {
    return git_repository_is_bare(m_repo.get()) == 1;
}

Result<std::optional<git_oid>> Repository::ref_target(const std::string& name) const {
    git_oid oid;
    int rc = git_reference_name_to_id(&oid, m_repo.get(), name.c_str());
    if (rc == GIT_ENOTFOUND)
        return std::optional<git_oid>{};
    if (rc != 0)
        return fail_git("cannot read ref " + name);
    return std::optional<git_oid>{oid};
}

Result<std::vector<RefEntry>> Repository::refs() const {
    git_reference_iterator* raw_it = nullptr;
    if (git_reference_iterator_glob_new(&raw_it, m_repo.get(), "refs/*") != 0)
        return fail_git("cannot list refs");
    ReferenceIteratorPtr it(raw_it);
    std::vector<RefEntry> out;
    git_reference* raw_ref = nullptr;
    int rc;
    while ((rc = git_reference_next(&raw_ref, it.get())) == 0) {
        ReferencePtr ref(raw_ref);
        const char* name = git_reference_name(ref.get());
        if (git_reference_type(ref.get()) == GIT_REFERENCE_DIRECT) {
            out.push_back({name, *git_reference_target(ref.get())});
            continue;
        }
        git_reference* resolved = nullptr;
        if (git_reference_resolve(&resolved, ref.get()) == 0) {
            ReferencePtr r(resolved);
            out.push_back({name, *git_reference_target(r.get())});
        }
    }
    if (rc != GIT_ITEROVER)
        return fail_git("cannot list refs");
    return out;
}

Result<std::string> Repository::head_branch() const {
    git_reference* raw = nullptr;
    if (git_reference_lookup(&raw, m_repo.get(), "HEAD") != 0)
        return fail_git("cannot read HEAD");
    ReferencePtr head(raw);
    if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC)
        return fail("HEAD is detached; it does not name a branch");
    return std::string(git_reference_symbolic_target(head.get()));
}

std::optional<std::string> Repository::config_string(const std::string& key) const {
    git_config* raw = nullptr;
    if (git_repository_config_snapshot(&raw, m_repo.get()) != 0)
        return std::nullopt;
    ConfigPtr config(raw);
    const char* value = nullptr;
    if (git_config_get_string(&value, config.get(), key.c_str()) != 0)
        return std::nullopt;
    return std::string(value);
}

Status Repository::set_config_bool(const std::string& key, bool value) const {
    git_config* raw = nullptr;
    if (git_repository_config(&raw, m_repo.get()) != 0)
        return fail_git("cannot open the config of " + git_dir().string());
    ConfigPtr config(raw);
    if (git_config_set_bool(config.get(), key.c_str(), value ? 1 : 0) != 0)
        return fail_git("cannot set " + key + " in " + git_dir().string());
    return {};
}

Status Repository::set_config_string(const std::string& key, const std::string& value) const {
    git_config* raw = nullptr;
    if (git_repository_config(&raw, m_repo.get()) != 0)
        return fail_git("cannot open the config of " + git_dir().string());
    ConfigPtr config(raw);
    if (git_config_set_string(config.get(), key.c_str(), value.c_str()) != 0)
        return fail_git("cannot set " + key + " in " + git_dir().string());
    return {};
}

} // namespace slipway::git
