// What `slipway serve` answers to one request: GET (or HEAD) of a repository's generated
// page, and nothing else. Names are matched, never joined as paths, so no request reaches a
// file outside the pages directories.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::admin {

/// A repository whose pages are served, under `/<name>/`.
struct ServedRepository {
    std::string name;          ///< view::repository_name: "shop.git"
    std::filesystem::path www; ///< view::www_dir
};

/// The answer to a request, before the file (if any) is read.
struct Resolution {
    int status = 404;
    std::string reason = "Not Found";
    bool head_only = false; ///< HEAD: headers, no body
    /// The file to send (with status 200); nullopt: send `body`.
    std::optional<std::filesystem::path> file;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::string location; ///< for a redirect (301)
};

/// True for a file name a page directory may hold and a request may name: 1 to 100 of
/// [A-Za-z0-9._-], not starting with '.'.
bool is_page_file_name(std::string_view name);

/// Resolves the request whose head (request line and headers) is `head` against `repos`:
///  - anything but GET and HEAD: 405; a line that is not `METHOD TARGET HTTP/x.y`: 400;
///  - `/`: a list of the repositories (HTML, escaped);
///  - `/<name>`: 301 to `/<name>/`; `/<name>/`: its `index.html`;
///  - `/<name>/<file>` with is_page_file_name(file): that file of its pages directory;
///  - anything else (`..`, `%2e`, more levels, unknown names): 404.
/// A query string is ignored.
Resolution resolve_request(std::string_view head, const std::vector<ServedRepository>& repos);

/// The Content-Type of a page file, by its extension.
std::string content_type_of(std::string_view file_name);

} // namespace slipway::admin
