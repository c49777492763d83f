// What `slipway serve` answers to one request.
#include "admin/serve_request.hpp"

#include "view/html.hpp"

#include <algorithm>

namespace slipway::admin {

namespace {

Resolution error(int status, std::string reason) {
    Resolution r;
    r.status = status;
    r.reason = std::move(reason);
    r.body = std::to_string(status) + " " + r.reason + "\n";
    return r;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

} // namespace

bool is_page_file_name(std::string_view name) {
    return !name.empty() && name.size() <= 100 && name.front() != '.' &&
           std::all_of(name.begin(), name.end(), is_name_char);
}

std::string content_type_of(std::string_view name) {
    if (name.ends_with(".html"))
        return "text/html; charset=utf-8";
    if (name.ends_with(".prom"))
        return "text/plain; version=0.0.4; charset=utf-8";
    if (name.ends_with(".png"))
        return "image/png";
    return "text/plain; charset=utf-8";
}

Resolution resolve_request(std::string_view head, const std::vector<ServedRepository>& repos) {
    const auto line_end =
        head.find("\r\n") != std::string_view::npos ? head.find("\r\n") : head.find('\n');
    const std::string_view line = head.substr(0, line_end);
    const auto first = line.find(' ');
    const auto second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    if (second == std::string_view::npos || !line.substr(second + 1).starts_with("HTTP/"))
        return error(400, "Bad Request");
    const std::string_view method = line.substr(0, first);
    std::string_view target = line.substr(first + 1, second - first - 1);
    if (method != "GET" && method != "HEAD") {
        auto r = error(405, "Method Not Allowed");
        return r;
    }
    const bool head_only = method == "HEAD";
    if (auto q = target.find('?'); q != std::string_view::npos)
        target = target.substr(0, q);
    if (!target.starts_with('/'))
        return error(400, "Bad Request");
    target.remove_prefix(1);

    Resolution r;
    r.head_only = head_only;
    if (target.empty()) {
        r.status = 200;
        r.reason = "OK";
        r.content_type = "text/html; charset=utf-8";
        std::string items;
        for (const auto& repo : repos)
            items += "<li><a href=\"" + view::escape_html(repo.name) + "/\">" +
                     view::escape_html(repo.name) + "</a></li>\n";
        r.body = view::html_document("Slipway", "<h1>Repositories</h1>\n<ul>\n" + items + "</ul>");
        return r;
    }
    const auto slash = target.find('/');
    const std::string_view name = target.substr(0, slash);
    const auto repo = std::find_if(repos.begin(), repos.end(),
                                   [&](const ServedRepository& s) { return s.name == name; });
    if (!is_page_file_name(name) || repo == repos.end()) {
        auto e = error(404, "Not Found");
        e.head_only = head_only;
        return e;
    }
    if (slash == std::string_view::npos) {
        r.status = 301;
        r.reason = "Moved Permanently";
        r.location = "/" + repo->name + "/";
        r.body = "see " + r.location + "\n";
        return r;
    }
    std::string_view file = target.substr(slash + 1);
    if (file.empty())
        file = "index.html";
    if (!is_page_file_name(file)) {
        auto e = error(404, "Not Found");
        e.head_only = head_only;
        return e;
    }
    r.status = 200;
    r.reason = "OK";
    r.file = repo->www / std::string(file);
    r.content_type = content_type_of(file);
    return r;
}

} // namespace slipway::admin
