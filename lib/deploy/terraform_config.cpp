// What a Terraform root module's files say: its backend, its local modules, whether it changed.
#include "deploy/terraform_config.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace slipway::deploy {

namespace fs = std::filesystem;

namespace {

// The configuration files directly in `dir`, sorted, with their text, comment lines dropped.
Result<std::vector<std::pair<fs::path, std::string>>> config_files(const fs::path& dir) {
    std::vector<std::pair<fs::path, std::string>> out;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec)
        return fail("cannot read Terraform module directory " + dir.string() + ": " + ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (!(name.ends_with(".tf") || name.ends_with(".tf.json")) || !it->is_regular_file(ec))
            continue;
        std::ifstream in(it->path());
        std::string text, line;
        while (std::getline(in, line)) {
            auto first = line.find_first_not_of(" \t");
            if (first != std::string::npos &&
                (line[first] == '#' || line.compare(first, 2, "//") == 0))
                continue;
            text += line;
            text += '\n';
        }
        out.emplace_back(it->path(), std::move(text));
    }
    if (ec)
        return fail("cannot read Terraform module directory " + dir.string() + ": " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

bool is_under(const std::string& path, const std::string& dir) {
    if (dir == ".")
        return true;
    return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
}

std::string join_relative(const std::string& dir, const std::string& rel) {
    return dir == "." ? rel : dir + "/" + rel;
}

} // namespace

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

Result<std::optional<std::string>> declared_backend(const fs::path& module_dir) {
    auto files = config_files(module_dir);
    if (!files)
        return std::unexpected(files.error());
    static const std::regex hcl_backend(R"re((^|\n)\s*backend\s+"([^"]+)"\s*\{)re");
    static const std::regex hcl_cloud(R"re((^|\n)\s*cloud\s*\{)re");
    static const std::regex json_backend(R"re("backend"\s*:\s*\{\s*"([^"]+)")re");
    static const std::regex json_cloud(R"re("cloud"\s*:\s*\{)re");
    for (const auto& [path, text] : *files) {
        std::smatch m;
        const bool json = path.string().ends_with(".json");
        if (!json && std::regex_search(text, m, hcl_backend))
            return std::optional<std::string>(m[2].str());
        if (json && std::regex_search(text, m, json_backend))
            return std::optional<std::string>(m[1].str());
        if (std::regex_search(text, json ? json_cloud : hcl_cloud))
            return std::optional<std::string>("cloud");
    }
    return std::optional<std::string>();
}

Result<std::vector<std::string>> local_module_sources(const fs::path& module_dir) {
    auto files = config_files(module_dir);
    if (!files)
        return std::unexpected(files.error());
    static const std::regex hcl_source(R"re((^|\n)\s*source\s*=\s*"(\.\.?/[^"]*)")re");
    static const std::regex json_source(R"re("source"\s*:\s*"(\.\.?/[^"]*)")re");
    std::vector<std::string> out;
    for (const auto& [path, text] : *files) {
        const bool json = path.string().ends_with(".json");
        const std::regex& re = json ? json_source : hcl_source;
        for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
            std::string source = (*it)[json ? 1 : 2].str();
            if (std::find(out.begin(), out.end(), source) == out.end())
                out.push_back(source);
        }
    }
    return out;
}

Result<std::vector<std::string>>
changed_root_modules(const fs::path& checkout, const std::vector<std::string>& root_modules,
                     const std::optional<std::vector<std::string>>& changed_paths) {
    if (!changed_paths)
        return root_modules;
    std::vector<std::string> roots;
    for (const auto& r : root_modules) {
        auto n = normalize_relative(r);
        if (!n)
            return fail("Terraform root module \"" + r +
                        "\" must be a relative path inside "
                        "the repository");
        roots.push_back(*n);
    }

    std::vector<std::string> out;
    for (std::size_t i = 0; i < roots.size(); ++i) {
        // The root and every local module it uses, transitively.
        std::set<std::string> dirs{roots[i]};
        std::vector<std::string> todo{roots[i]};
        while (!todo.empty()) {
            std::string dir = todo.back();
            todo.pop_back();
            std::error_code ec;
            if (!fs::is_directory(checkout / dir, ec))
                continue;
            auto sources = local_module_sources(checkout / dir);
            if (!sources)
                return std::unexpected(sources.error());
            for (const auto& s : *sources) {
                auto n = normalize_relative(join_relative(dir, s));
                if (n && dirs.insert(*n).second)
                    todo.push_back(*n);
            }
        }
        auto counts = [&](const std::string& path) {
            for (const auto& dir : dirs) {
                if (!is_under(path, dir))
                    continue;
                // A path inside another root module nested in `dir` belongs to that one,
                // unless this root also uses it as a module.
                bool elsewhere = false;
                for (std::size_t j = 0; j < roots.size(); ++j)
                    if (j != i && roots[j] != dir && is_under(roots[j], dir) &&
                        is_under(path, roots[j]) && !dirs.contains(roots[j]))
                        elsewhere = true;
                if (!elsewhere)
                    return true;
            }
            return false;
        };
        if (std::any_of(changed_paths->begin(), changed_paths->end(), counts))
            out.push_back(root_modules[i]);
    }
    return out;
}

} // namespace slipway::deploy
