// Unit-test fixtures: a temp directory removed at scope exit, and git run inside it.
#pragma once

#include "util/process.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace slipway::test {

/// A fresh directory under the system temp dir, removed when destroyed.
class TempDir {
public:
    TempDir() {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "slipway-unit-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        m_path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& child) const { return m_path / child; }
    /// Writes `text` at `relative`, creating directories.
    void write(const std::string& relative, const std::string& text) const {
        auto p = m_path / relative;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
    }

private:
    std::filesystem::path m_path;
};

/// Runs `sh -c script` in `dir` with git isolated from the machine (HOME in `dir`, no system
/// config, fixed identities and dates); REQUIREs success and returns stdout.
inline std::string sh(const std::filesystem::path& dir, const std::string& script) {
    util::Command c;
    c.argv = {"sh", "-c", script};
    c.cwd = dir;
    c.leftovers = util::Leftovers::keep; // a script may leave a server running on purpose
    c.env = {{"HOME", dir.string()},
             {"GIT_CONFIG_NOSYSTEM", "1"},
             {"GIT_AUTHOR_NAME", "Alice Author"},
             {"GIT_AUTHOR_EMAIL", "alice@example.com"},
             {"GIT_COMMITTER_NAME", "Alice Author"},
             {"GIT_COMMITTER_EMAIL", "alice@example.com"},
             {"GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z"},
             {"GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z"}};
    auto r = util::run_capture(c);
    REQUIRE(r);
    INFO("script: " << script << "\nstderr: " << r->err);
    REQUIRE(r->exit.ok());
    std::string out = r->out;
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

} // namespace slipway::test
