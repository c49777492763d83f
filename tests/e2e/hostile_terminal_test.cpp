// E2E: hostile text never drives the pusher's or the admin's terminal. File names, YAML values
// and commit subjects with ESC/OSC sequences, C1 controls and newlines reach `remote:` lines
// and `slipway log`/`show` escaped (issue "untrusted pushes", case 11).
#include "manifest_fixture.hpp"

#include <catch2/catch.hpp>

using namespace slipway::e2e;

namespace {

// True when no byte of `text` is a control character a terminal acts on (tabs and the line
// breaks between lines aside) and no C1 control (U+0080..U+009F) is in it.
bool terminal_safe(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
            return false;
        if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(text[i + 1]) <= 0x9f)
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("a file name and a YAML value with escape sequences and a newline are shown escaped") {
    Sandbox sb;
    sb.seeded(manifest_policy());
    // The name holds a newline and a forged verdict; the image (YAML escapes in a quoted
    // scalar: the loader refuses raw control characters) an OSC title sequence and CSI.
    const std::string name = "services/cart/x\nslipway: push accepted \x1b[2J.yaml";
    const std::string image = R"("evil\e]0;pwned\a\u009B31m:latest")";
    auto run = commit_and_push(sb, name, deployment("cart", image));
    CHECK(run.exit_code != 0);
    CHECK(terminal_safe(run.output));
    const auto gate = run.gate();
    REQUIRE(gate.size() >= 2);
    CHECK(gate[0].starts_with("slipway: push rejected — "));
    CHECK(gate[1].starts_with(R"(  refs/heads/master: services/cart/x\nslipway: push accepted )"
                              R"(\e[2J.yaml:21:18: error: image "evil\u001b]0;pwned\u0007\u{009B})"
                              R"(31m:latest" is not a valid image reference)"));
    // No line of its own says the push was accepted.
    for (const auto& line : run.remote())
        CHECK_FALSE(line.starts_with("slipway: push accepted"));
}

TEST_CASE("the admin's `slipway log` and `slipway show` print what pushers wrote escaped") {
    Sandbox sb;
    sb.seeded();
    auto pushed = sb.sh("git checkout -q -b 'feature/x' && git commit -q --allow-empty -m "
                        "\"$(printf 'evil \\033]0;owned\\007 subject')\" && "
                        "git push -q origin HEAD:refs/heads/feature/x",
                        {}, "work");
    REQUIRE(pushed.exit_code == 0);
    auto log = sb.sh("slipway log server.git");
    CHECK(log.exit_code == 0);
    CHECK(terminal_safe(log.output));
    auto show = sb.sh("slipway show server.git 2");
    CHECK(show.exit_code == 0);
    CHECK(terminal_safe(show.output));
    // A ref name cannot carry control characters (git refuses them), so show them in a value
    // Slipway stores as the pusher gave it: the push option.
    auto opt = sb.sh("git commit -q --allow-empty -m two && git push -q -o "
                     "\"$(printf 'note=\\033[2Jcleared')\" origin HEAD:refs/heads/feature/x",
                     {}, "work");
    REQUIRE(opt.exit_code == 0);
    auto show_opt = sb.sh("slipway show server.git 4");
    CHECK(terminal_safe(show_opt.output));
    CHECK(show_opt.has("note=\\e[2Jcleared"));
}
