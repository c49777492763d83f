// What a Terraform root module's files say: its backend, its local modules, whether it changed.
#include "terraform/root_modules.hpp"
#include "util/json.hpp"
#include "util/relative_path.hpp"

#include "terraform/hcl_outline.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

namespace slipway::terraform {

namespace fs = std::filesystem;

namespace {

// One configuration file directly in a module directory.
struct ConfigFile {
    fs::path path;
    bool json = false;
    std::string text;
};

// The `*.tf` and `*.tf.json` files directly in `dir`, sorted by name.
Result<std::vector<ConfigFile>> config_files(const fs::path& dir) {
    std::vector<ConfigFile> out;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec)
        return fail("cannot read Terraform module directory " + dir.string() + ": " + ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        const auto name = it->path().filename().string();
        const bool json = name.ends_with(".tf.json");
        if (!(json || name.ends_with(".tf")) || !it->is_regular_file(ec))
            continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        out.push_back({it->path(), json, text.str()});
    }
    if (ec)
        return fail("cannot read Terraform module directory " + dir.string() + ": " + ec.message());
    std::sort(out.begin(), out.end(),
              [](const ConfigFile& a, const ConfigFile& b) { return a.path < b.path; });
    return out;
}

// Runs `walk` over the outline of HCL `file`; fails with a message naming the file.
template <class F>
Status walk_hcl(const ConfigFile& file, F&& walk) {
    auto outline = outline_hcl(file.text);
    if (!outline)
        return fail("cannot read " + file.path.filename().string(), outline.error());
    walk(*outline);
    return {};
}

// Calls `on_map` with every object in `node`, recursively.
template <class F>
void each_map(const util::Json& node, F&& on_map) {
    if (node.type() == util::Json::Type::object) {
        on_map(node);
        for (const auto& [key, value] : node.as_object())
            each_map(value, on_map);
    } else if (node.type() == util::Json::Type::array) {
        for (const auto& item : node.as_array())
            each_map(item, on_map);
    }
}

// Runs `walk` over `file` parsed as JSON (strict: no YAML, no aliases); fails with a message
// naming the file.
template <class F>
Status walk_json(const ConfigFile& file, F&& walk) {
    auto doc = util::parse_json(file.text);
    if (!doc)
        return fail("cannot read " + file.path.filename().string(), doc.error());
    walk(*doc);
    return {};
}

bool is_local_source(const std::string& s) {
    return s.starts_with("./") || s.starts_with("../");
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

Result<std::optional<std::string>> declared_backend(const fs::path& module_dir) {
    SLIPWAY_TRY_LET(files, config_files(module_dir));
    for (const auto& file : *files) {
        std::optional<std::string> found;
        if (!file.json) {
            auto s = walk_hcl(file, [&](const HclOutline& outline) {
                for (const auto& b : outline.blocks) {
                    if (b.path == std::vector<std::string>{"terraform", "backend"} &&
                        b.labels.size() == 1)
                        found = b.labels[0];
                    else if (b.path == std::vector<std::string>{"terraform", "cloud"})
                        found = "cloud";
                    if (found)
                        return;
                }
            });
            if (!s)
                return std::unexpected(s.error());
        } else {
            auto s = walk_json(file, [&](const util::Json& doc) {
                each_map(doc.at("terraform"), [&](const util::Json& map) {
                    if (found)
                        return;
                    if (map.contains("cloud"))
                        found = "cloud";
                    else if (const auto& b = map.at("backend");
                             b.type() == util::Json::Type::object && b.size() > 0)
                        found = b.as_object().begin()->first;
                });
            });
            if (!s)
                return std::unexpected(s.error());
        }
        if (found)
            return found;
    }
    return std::optional<std::string>();
}

Result<std::vector<std::string>> local_module_sources(const fs::path& module_dir) {
    SLIPWAY_TRY_LET(files, config_files(module_dir));
    std::vector<std::string> out;
    auto add = [&](const std::string& source) {
        if (is_local_source(source) && std::find(out.begin(), out.end(), source) == out.end())
            out.push_back(source);
    };
    for (const auto& file : *files) {
        if (!file.json) {
            auto s = walk_hcl(file, [&](const HclOutline& outline) {
                for (const auto& a : outline.attributes)
                    if (a.path == std::vector<std::string>{"module"} && a.name == "source" &&
                        a.text)
                        add(*a.text);
            });
            if (!s)
                return std::unexpected(s.error());
            continue;
        }
        auto s = walk_json(file, [&](const util::Json& doc) {
            each_map(doc.at("module"), [&](const util::Json& map) {
                if (const auto& source = map.at("source");
                    source.type() == util::Json::Type::string)
                    add(source.as_string());
            });
        });
        if (!s)
            return std::unexpected(s.error());
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
        auto n = util::normalize_relative(r);
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
        bool unreadable = false;
        while (!todo.empty()) {
            std::string dir = todo.back();
            todo.pop_back();
            std::error_code ec;
            if (!fs::is_directory(checkout / dir, ec))
                continue;
            auto sources = local_module_sources(checkout / dir);
            if (!sources) {
                // A file that is not HCL to us: the modules it uses are unknown, and it is the
                // pusher's to fix. The root runs, and terraform says where the error is.
                unreadable = true;
                continue;
            }
            for (const auto& s : *sources) {
                auto n = util::normalize_relative(join_relative(dir, s));
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
        if (unreadable || std::any_of(changed_paths->begin(), changed_paths->end(), counts))
            out.push_back(root_modules[i]);
    }
    return out;
}

} // namespace slipway::terraform
