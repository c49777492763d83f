// TempDir: a fresh directory that is removed, with everything in it, when it goes away.
#pragma once

#include "util/result.hpp"

#include <filesystem>
#include <string_view>

namespace slipway::util {

/// Owns a directory made with mkdtemp; removes it recursively on destruction.
class TempDir {
public:
    /// Makes `<parent>/<prefix>XXXXXX`, creating `parent` first when missing. Fails with the
    /// reason when it cannot.
    static Result<TempDir> make(const std::filesystem::path& parent, std::string_view prefix);

    TempDir(TempDir&& other) noexcept
        : m_path(std::move(other.m_path)) {
        other.m_path.clear();
    }
    TempDir& operator=(TempDir&&) = delete;
    TempDir(const TempDir&) = delete;
    ~TempDir();

    const std::filesystem::path& path() const { return m_path; }

private:
    explicit TempDir(std::filesystem::path path)
        : m_path(std::move(path)) {}
    std::filesystem::path m_path;
};

} // namespace slipway::util
