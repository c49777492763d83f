// Test fixtures for the deploy engine and its git helpers: temp dirs, env guards, repositories.
#pragma once

#include "git/commit_writer.hpp"
#include "git/library.hpp"
#include "git/oid.hpp"
#include "git/repository.hpp"
#include "git/tree.hpp"
#include "report/output.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <unistd.h>

namespace slipway::testing {

/// The unit tests' temp directory (support/temp_repo.hpp).
using TempDir = slipway::test::TempDir;

/// Sets (or with nullopt, unsets) one environment variable for the scope, then restores it.
class ScopedEnv {
public:
    ScopedEnv(std::string name, const std::optional<std::string>& value)
        : m_name(std::move(name)) {
        if (const char* old = std::getenv(m_name.c_str()))
            m_old = old;
        if (value)
            ::setenv(m_name.c_str(), value->c_str(), 1);
        else
            ::unsetenv(m_name.c_str());
    }
    ~ScopedEnv() {
        if (m_old)
            ::setenv(m_name.c_str(), m_old->c_str(), 1);
        else
            ::unsetenv(m_name.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string m_name;
    std::optional<std::string> m_old;
};

/// The whole content of `path` ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Writes `text` to `path`, creating parent directories.
inline void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

/// An Output for environment `env` logging to `log`, writing to the pusher on `pusher_fd`
/// (-1: nobody).
inline report::Output open_output(const std::string& env, const std::filesystem::path& log,
                                  int pusher_fd = -1) {
    auto out = report::Output::open({.environment = env, .pusher_fd = pusher_fd, .log_file = log});
    REQUIRE(out);
    return std::move(*out);
}

/// A bare repository in a temp dir, with libgit2 initialized for its lifetime.
class BareRepo {
public:
    BareRepo() {
        git_repository* raw = nullptr;
        REQUIRE(git_repository_init(&raw, (m_dir / "repo.git").c_str(), 1) == 0);
        git_repository_free(raw);
        auto repo = git::Repository::open(m_dir / "repo.git");
        REQUIRE(repo);
        m_repo.emplace(std::move(*repo));
    }
    const git::Repository& repo() const { return *m_repo; }
    std::filesystem::path git_dir() const { return m_dir / "repo.git"; }
    const TempDir& dir() const { return m_dir; }

    /// Writes a commit of `files` with `parent` (no ref moves) and returns its id.
    git_oid commit(const git::TreeFiles& files, std::optional<git_oid> parent = std::nullopt,
                   const std::string& message = "test commit") const {
        auto tree = git::write_tree(*m_repo, files);
        REQUIRE(tree);
        git::NewCommit c{
            .tree = *tree,
            .message = message,
            .author = {.name = "Tester", .email = "t@example.com", .time = 1700000000}};
        if (parent)
            c.parents.push_back(*parent);
        auto oid = git::write_commit(*m_repo, c);
        REQUIRE(oid);
        return *oid;
    }

private:
    git::Library m_library;
    TempDir m_dir;
    std::optional<git::Repository> m_repo;
};

} // namespace slipway::testing
