// Tests for view/html: every value escaped, the document frame without script.
#include "view/html.hpp"

#include <catch2/catch.hpp>

using slipway::view::escape_html;
using slipway::view::html_document;

TEST_CASE("escape_html turns markup into text") {
    CHECK(escape_html("refs/heads/<script>alert(1)</script>") ==
          "refs/heads/&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(escape_html("a & b") == "a &amp; b");
    CHECK(escape_html("\"x\" 'y'") == "&quot;x&quot; &#39;y&#39;");
    // An already escaped value is escaped again: shown as typed, never decoded.
    CHECK(escape_html("&lt;") == "&amp;lt;");
}

TEST_CASE("escape_html leaves plain text and UTF-8 alone and keeps newlines") {
    CHECK(escape_html("prod ← 1234567 in 2.0s") == "prod ← 1234567 in 2.0s");
    CHECK(escape_html("line 1\nline 2") == "line 1\nline 2");
    CHECK(escape_html("") == "");
}

TEST_CASE("escape_html makes control characters and bidi overrides visible") {
    CHECK(escape_html("a\x1b[31mb") == "a\\e[31mb");
    CHECK(escape_html("x\xe2\x80\xaey") == "x\\u{202E}y");
    CHECK(escape_html("bad \xff byte") == "bad \\377 byte");
}

TEST_CASE("html_document escapes its title and allows no script") {
    const auto page = html_document("<b>shop</b>", "<p>body</p>");
    CHECK(page.find("<title>&lt;b&gt;shop&lt;/b&gt;</title>") != std::string::npos);
    CHECK(page.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") !=
          std::string::npos);
    CHECK(page.find("default-src 'none'") != std::string::npos);
    CHECK(page.find("@media print") != std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("<p>body</p>") != std::string::npos);
}
