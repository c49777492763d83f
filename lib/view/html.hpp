// HTML for the status pages: escaping every value, and the frame every page shares (no
// JavaScript, readable on a phone, printable).
#pragma once

#include <string>
#include <string_view>

namespace slipway::view {

/// `text` safe inside an HTML element or a quoted attribute value: `&`, `<`, `>`, `"` and `'`
/// become character references, and what a terminal would act on (controls, bidirectional
/// overrides, bytes that are not UTF-8) is first made visible as util::escape_controls does,
/// newlines kept. A ref or finding containing `<script>` shows as that text.
std::string escape_html(std::string_view text);

/// A whole HTML document: `title` (escaped here) and `body` (HTML the caller built from
/// escaped values), with the viewport for phones, the one style sheet, and a
/// Content-Security-Policy that allows no script at all, whoever serves the file.
std::string html_document(std::string_view title, std::string_view body);

} // namespace slipway::view
