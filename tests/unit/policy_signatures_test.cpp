// Tests for policy/signatures: `signatures:` on ref rules and environments, `signing:`, and
// the keyring's existence check.
#include "policy/policy.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway::policy;

TEST_CASE("signatures on a ref rule and an environment parse into their demands") {
    auto p = parse_policy("version: 1\ngroups:\n  release: [alice]\n"
                          "refs:\n  - match: refs/heads/main\n"
                          "    signatures: {commits: required, signers: ['@release', bob]}\n"
                          "environments:\n  - name: prod\n    refs: refs/heads/prod\n"
                          "    signatures: {tags: required, commits: off}\n"
                          "    targets: [{command: {run: ['true']}}]\n"
                          "signing:\n  openpgp_keyring: keys/release.gpg\n",
                          "p");
    REQUIRE(p);
    REQUIRE(p->refs[0].signatures);
    CHECK(p->refs[0].signatures->commits);
    CHECK_FALSE(p->refs[0].signatures->tags);
    CHECK(p->refs[0].signatures->signers == std::vector<std::string>{"@release", "bob"});
    REQUIRE(p->environments[0].signatures);
    CHECK(p->environments[0].signatures->tags);
    CHECK_FALSE(p->environments[0].signatures->commits);
    CHECK_FALSE(p->environments[0].signatures->signers);
    CHECK(p->signing.openpgp_keyring == "keys/release.gpg");
    CHECK(openpgp_keyring_path(p->signing, "/srv/repo.git") == "/srv/repo.git/keys/release.gpg");
    CHECK(openpgp_keyring_path(SigningSettings{"/etc/k.gpg", {}}, "/srv/repo.git") == "/etc/k.gpg");
}

TEST_CASE("a bad signatures: or signing: is reported at its line:col") {
    auto bad =
        parse_policy("version: 1\nrefs:\n  - match: refs/heads/main\n"
                     "    signatures: {commits: yes, signers: ['@nobody'], tag: x}\n"
                     "  - match: refs/heads/x\n    signatures: {commits: off}\n"
                     "  - match: refs/heads/y\n    signatures: {tags: required, signers: []}\n"
                     "signing: {openpgp_keyring: '', keyring: x}\n",
                     "p");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "p:4:54: unknown key \"tag\" in signatures (did you mean \"tags\"?)\n"
          "p:4:27: signatures.commits is `required` or `off`, not \"yes\"\n"
          "p:4:41: unknown group \"nobody\" (define it under groups:)\n"
          "p:4:17: signatures requires nothing: set commits: required, tags: required or both\n"
          "p:6:17: signatures requires nothing: set commits: required, tags: required or both\n"
          "p:8:43: signatures.signers: [] would refuse every signature; leave signers out to "
          "accept any policy user's\n"
          "p:9:32: unknown key \"keyring\" in signing; known keys: openpgp_keyring\n"
          "p:9:28: signing.openpgp_keyring is empty; name a keyring file (`gpg --export "
          "<fingerprints> > keyring.gpg`)");
}

TEST_CASE("policy check's keyring test finds the file relative to the policy's directory") {
    slipway::test::TempDir dir;
    auto p = parse_policy("version: 1\nsigning:\n  openpgp_keyring: release.gpg\n", "p");
    REQUIRE(p);
    auto missing = check_signing_files(p->signing, dir.path(), "slipway.yaml");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message ==
          "slipway.yaml:3:20: OpenPGP keyring \"release.gpg\" does not exist on this machine (a "
          "file is needed; relative paths are relative to the repository's git dir)");
    dir.write("release.gpg", "keys");
    CHECK(check_signing_files(p->signing, dir.path(), "slipway.yaml"));
    CHECK(check_signing_files(SigningSettings{}, dir.path(), "slipway.yaml"));
}
