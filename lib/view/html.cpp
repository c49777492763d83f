// HTML for the status pages.
#include "view/html.hpp"

#include "util/escape.hpp"

namespace slipway::view {

namespace {

// Small, no web fonts, no images: tables scroll sideways on a phone instead of squeezing,
// and printing drops the colours' backgrounds but keeps the words ("failed") that carry them.
constexpr std::string_view style = R"(
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:.5rem 1rem;
line-height:1.4;color:#111;background:#fff}
h1{font-size:1.4rem}h3{font-size:1rem}h2{font-size:1.15rem;margin-top:1.5rem;border-bottom:1px solid #ccc}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}code,pre{font-family:ui-monospace,monospace;font-size:.9em}
pre{white-space:pre-wrap;word-break:break-all;background:#f7f7f7;padding:.5rem;border:1px solid #ddd}
.success{background:#e3f6e3}.failure,.rejected{background:#fbe0e0}.running,.unknown{background:#fff5cc}
.skipped{background:#eee}.frozen{background:#dde8ff}.note{color:#555;font-size:.9em}
nav a{margin-right:1rem}
@media print{nav{display:none}body{max-width:none}a{color:#000;text-decoration:none}
.success,.failure,.rejected,.running,.unknown,.skipped,.frozen{background:none}
pre{border:none}}
)";

} // namespace

std::string escape_html(std::string_view text) {
    const std::string visible = util::escape_controls(text, util::Newlines::keep);
    std::string out;
    out.reserve(visible.size() + visible.size() / 8);
    for (char c : visible) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string html_document(std::string_view title, std::string_view body) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'; img-src 'self'\">\n<title>";
    out += escape_html(title);
    out += "</title>\n<style>";
    out += style;
    out += "</style>\n</head>\n<body>\n";
    out += body;
    out += "\n</body>\n</html>\n";
    return out;
}

} // namespace slipway::view
