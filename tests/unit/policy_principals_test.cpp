// Tests for policy/principals: users, nested groups, everyone.
#include "policy/policy.hpp"

#include <catch2/catch.hpp>

using namespace slipway::policy;

TEST_CASE("membership follows nested groups and the * wildcard") {
    auto p = parse_policy("version: 1\ngroups:\n  ops: [alice]\n  release: ['@ops', bob]\n"
                          "  all: ['*']\n",
                          "p");
    REQUIRE(p);
    const auto& pr = p->principals;
    CHECK(pr.includes({"@release"}, "alice"));
    CHECK(pr.includes({"@release"}, "bob"));
    CHECK_FALSE(pr.includes({"@release"}, "mallory"));
    CHECK(pr.includes({"carol"}, "carol"));
    CHECK(pr.includes({"@all"}, "mallory"));
    CHECK(pr.includes({"*"}, "anyone"));
    CHECK_FALSE(pr.includes({}, "anyone"));
}

TEST_CASE("users list their commit emails and unknown keys under a user are errors") {
    auto ok = parse_policy("version: 1\nusers:\n  alice:\n    emails: a@example.com\n", "p");
    REQUIRE(ok);
    CHECK(ok->principals.user("alice")->emails == std::vector<std::string>{"a@example.com"});
    CHECK(ok->principals.user("bob") == nullptr);
    auto bad = parse_policy("version: 1\nusers:\n  alice:\n    email: a@example.com\n", "p");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "p:4:5: unknown key \"email\" in user \"alice\" (did you mean \"emails\"?)");
}

namespace {

// `levels` levels of groups, each group including all `width` groups of the level below; the
// last level lists user "alice".
std::string layered_groups(int levels, int width) {
    std::string text = "version: 1\ngroups:\n";
    for (int l = 0; l < levels; ++l) {
        for (int g = 0; g < width; ++g) {
            text += "  g" + std::to_string(l) + "_" + std::to_string(g) + ": [";
            for (int m = 0; m < width; ++m) {
                text += m ? ", " : "";
                text += l + 1 < levels
                            ? "'@g" + std::to_string(l + 1) + "_" + std::to_string(m) + "'"
                            : std::string("alice");
            }
            text += "]\n";
        }
    }
    return text;
}

} // namespace

TEST_CASE("membership through many paths to the same groups looks into each group once") {
    // 9 levels of 10 includes: a billion paths from g0_0 to the last level.
    auto p = parse_policy(layered_groups(9, 10), "p");
    REQUIRE(p);
    CHECK_FALSE(p->principals.includes({"@g0_0"}, "mallory"));
    CHECK(p->principals.includes({"@g0_0"}, "alice"));
    CHECK(p->principals.includes({"@g0_9", "@g3_4"}, "alice"));
}

TEST_CASE("a cycle is reported once, at the group it leads back to") {
    auto p = parse_policy("version: 1\ngroups:\n  x: ['@a']\n  a: ['@b']\n  b: ['@a', carol]\n"
                          "  self: ['@self']\n",
                          "p");
    REQUIRE_FALSE(p);
    CHECK(p.error().message == "p:4:6: group \"a\" contains itself\n"
                               "p:6:9: group \"self\" contains itself");
}

TEST_CASE("thousands of nested groups are walked without recursion") {
    std::string text = "version: 1\ngroups:\n";
    const int n = 20000;
    for (int i = 0; i < n; ++i)
        text += "  g" + std::to_string(i) + ": ['@g" + std::to_string(i + 1) + "']\n";
    auto ok = parse_policy(text + "  g" + std::to_string(n) + ": [alice]\n", "p");
    REQUIRE(ok);
    CHECK(ok->principals.includes({"@g0"}, "alice"));
    CHECK_FALSE(ok->principals.includes({"@g0"}, "bob"));
    auto cyclic = parse_policy(text + "  g" + std::to_string(n) + ": ['@g0']\n", "p");
    REQUIRE_FALSE(cyclic);
    CHECK(cyclic.error().message == "p:3:7: group \"g0\" contains itself");
}

namespace {
// A real ed25519 key line (its blob's own type is ssh-ed25519).
const std::string alice_key =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG0m4OWgfGkGxbbJ9V0HNTxtsVwp2dGH2ApYqGg+sgHV alice@laptop";
} // namespace

TEST_CASE("users.<name>.keys holds SSH public keys, which become allowed signers") {
    auto p = parse_policy("version: 1\nusers:\n  alice:\n    keys: ['" + alice_key +
                              "']\n"
                              "  bob:\n    emails: b@example.com\n",
                          "p");
    REQUIRE(p);
    const auto* alice = p->principals.user("alice");
    REQUIRE(alice->keys.size() == 1);
    CHECK(alice->keys[0].type == "ssh-ed25519");
    CHECK(alice->keys[0].comment == "alice@laptop");
    auto signers = p->principals.allowed_signers();
    REQUIRE(signers.size() == 1);
    CHECK(signers[0].principal == "alice");
}

TEST_CASE("a bad key in users.<name>.keys is reported at its own line:col") {
    auto bad = parse_policy("version: 1\nusers:\n  alice:\n    keys:\n      - '" + alice_key +
                                "'\n      - ssh-ed25519 AAAA*\n      - ssh-dsa AAAA\n",
                            "p");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "p:6:9: users.alice.keys[1]: the key after ssh-ed25519 is not valid base64\n"
          "p:7:9: users.alice.keys[2]: \"ssh-dsa\" is not an SSH key type (ssh-ed25519, "
          "ssh-rsa, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, "
          "sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com)");
}

TEST_CASE("one SSH key cannot sign for two users, nor for a name ssh-keygen reads as a pattern") {
    auto shared = parse_policy("version: 1\nusers:\n  alice:\n    keys: '" + alice_key +
                                   "'\n  bob:\n    keys: '" + alice_key + "'\n",
                               "p");
    REQUIRE_FALSE(shared);
    CHECK_THAT(shared.error().message,
               Catch::Matches("p:6:11: users.bob.keys\\[0\\]: the key SHA256:.* is also "
                              "users.alice's; a key signs for one user only"));
    auto pattern =
        parse_policy("version: 1\nusers:\n  'a*':\n    keys: '" + alice_key + "'\n", "p");
    REQUIRE_FALSE(pattern);
    CHECK(pattern.error().message ==
          "p:4:11: users.a*.keys: the user name \"a*\" cannot sign with SSH keys: ssh-keygen "
          "would read it as a pattern; use letters, digits and ._@+- only");
}
