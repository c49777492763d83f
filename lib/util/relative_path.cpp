// Relative paths inside a root directory: normalized, never climbing out.
#include "util/relative_path.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace slipway::util {

namespace fs = std::filesystem;

bool path_under(std::string_view root, std::string_view path) {
    if (root == "." || root.empty())
        return true;
    return path == root ||
           (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/');
}

std::string_view base_name(std::string_view path) {
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::optional<std::string> normalize_relative(const std::string& dir) {
    if (dir.starts_with("/"))
        return std::nullopt;
    std::vector<std::string> parts;
    std::stringstream in(dir);
    std::string part;
    while (std::getline(in, part, '/')) {
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            if (parts.empty())
                return std::nullopt;
            parts.pop_back();
            continue;
        }
        parts.push_back(part);
    }
    if (parts.empty())
        return ".";
    std::string out = parts[0];
    for (std::size_t i = 1; i < parts.size(); ++i)
        out += "/" + parts[i];
    return out;
}

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

} // namespace slipway::util
