// Tests for util/escape: what reaches a terminal shows control characters, never obeys them.
#include "util/escape.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace slipway;
using util::escape_controls;

TEST_CASE("escape: printable text, UTF-8 and tabs are unchanged") {
    CHECK(escape_controls("services/cart/deployment.yaml") == "services/cart/deployment.yaml");
    CHECK(escape_controls("push rejected — 2 problems, déjà vu, 日本") ==
          "push rejected — 2 problems, déjà vu, 日本");
    CHECK(escape_controls("a\tb") == "a\tb");
    CHECK_FALSE(util::needs_escaping("plain — text"));
}

TEST_CASE("escape: C0 controls, ESC sequences and DEL are shown, as git quotes paths") {
    CHECK(escape_controls("evil\x1b]0;title\x07.yaml") == "evil\\e]0;title\\a.yaml");
    CHECK(escape_controls("a\nremote: slipway: push accepted") ==
          "a\\nremote: slipway: push accepted");
    CHECK(escape_controls("cr\rover") == "cr\\rover");
    CHECK(escape_controls(std::string("nul\0x", 5)) == "nul\\000x");
    CHECK(escape_controls("del\x7f") == "del\\177");
    CHECK(escape_controls("\x01\x02") == "\\001\\002");
    CHECK(escape_controls("two\nlines", util::Newlines::keep) == "two\nlines");
}

TEST_CASE("escape: C1 controls, bidi overrides and invalid UTF-8 are shown") {
    CHECK(escape_controls("csi\xc2\x9b"
                          "31m") == "csi\\u{009B}31m");
    CHECK(escape_controls("abc\xe2\x80\xaetxt.yaml") == "abc\\u{202E}txt.yaml");
    CHECK(escape_controls("bad\xff\xfe") == "bad\\377\\376");
    CHECK(escape_controls("overlong\xc0\xaf") == "overlong\\300\\257");
    CHECK(escape_controls("cut\xe2\x80") == "cut\\342\\200");
    CHECK(util::needs_escaping("\x1b[2J"));
}

TEST_CASE("escape: a stream written through EscapingBuffer keeps lines, shows controls") {
    std::ostringstream target;
    {
        util::EscapingBuffer buffer(target.rdbuf());
        std::ostream out(&buffer);
        out << "ID  REF\n"
            << 4 << "   refs/heads/\x1b[31mred\n"
            << "unfinished \xc2\x9b";
    }
    CHECK(target.str() == "ID  REF\n4   refs/heads/\\e[31mred\nunfinished \\u{009B}");
}
