// Tests for git/signed_object: splitting a raw tag as git does, and reading real signed and
// unsigned commits and tags.
#include "git/library.hpp"
#include "git/oid.hpp"
#include "git/signed_object.hpp"
#include "signing_fixture.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using git::SignatureFormat;

TEST_CASE("a tag's signature is its last armored block, the payload all before it") {
    const std::string head = "object 0123\ntype commit\ntag v1\ntagger A <a@x> 1 +0000\n\nmsg\n";
    const std::string pgp = "-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n";
    auto split = git::split_signed_tag(head + pgp);
    REQUIRE(split);
    CHECK(split->payload == head);
    CHECK(split->signature == pgp);
    // A message that quotes an armor line: the last one starts the signature.
    const std::string ssh = "-----BEGIN SSH SIGNATURE-----\nxyz\n-----END SSH SIGNATURE-----\n";
    auto twice = git::split_signed_tag(head + pgp + ssh);
    REQUIRE(twice);
    CHECK(twice->payload == head + pgp);
    CHECK(git::signature_format(twice->signature) == SignatureFormat::ssh);
    CHECK_FALSE(git::split_signed_tag(head));
    // Only at the start of a line.
    CHECK_FALSE(git::split_signed_tag(head + "see -----BEGIN PGP SIGNATURE-----\n"));
    CHECK(git::signature_format("-----BEGIN SIGNED MESSAGE-----") == SignatureFormat::x509);
}

TEST_CASE("signed and unsigned commits and tags read with their payloads") {
    git::Library lib;
    test::TempDir dir;
    const auto key = test::make_ssh_key(dir, "alice");
    test::sh(dir.path(), "git init -q r && cd r && git config gpg.format ssh && "
                         "git config user.signingkey ../alice.pub && "
                         "git commit -q --allow-empty -m plain && git tag -a -m a plain-tag && "
                         "git commit -q --allow-empty -S -m signed && git tag -s -m s signed-tag");
    auto repo = git::Repository::open(dir.path() / "r" / ".git");
    REQUIRE(repo);
    auto oid_of = [&](const std::string& rev) {
        return *git::parse_oid(test::sh(dir.path() / "r", "git rev-parse " + rev));
    };
    auto plain = git::read_signed_object(*repo, oid_of("HEAD~1"));
    REQUIRE(plain);
    CHECK(plain->format == SignatureFormat::none);
    CHECK(plain->email == "alice@example.com");
    auto signed_commit = git::read_signed_object(*repo, oid_of("HEAD"));
    REQUIRE(signed_commit);
    CHECK(signed_commit->format == SignatureFormat::ssh);
    CHECK(signed_commit->payload.find("gpgsig") == std::string::npos);
    CHECK(signed_commit->payload.starts_with("tree "));
    auto signed_tag = git::read_signed_object(*repo, oid_of("signed-tag"));
    REQUIRE(signed_tag);
    CHECK(signed_tag->kind == git::ObjectKind::tag);
    CHECK(signed_tag->name == "Alice Author");
    CHECK(signed_tag->format == SignatureFormat::ssh);
    CHECK(signed_tag->payload + signed_tag->signature ==
          test::sh(dir.path() / "r", "git cat-file tag signed-tag") + "\n");
    auto plain_tag = git::read_signed_object(*repo, oid_of("plain-tag"));
    REQUIRE(plain_tag);
    CHECK(plain_tag->format == SignatureFormat::none);
    CHECK_FALSE(git::read_signed_object(*repo, oid_of("HEAD^{tree}")));
}

TEST_CASE("a commit or tag over the size limit is judged by its header, never inflated") {
    git::Library lib;
    test::TempDir dir;
    // A commit whose message alone is 2 MiB: read as oversized, with nothing else.
    test::sh(dir.path(), "git init -q r && cd r && git commit -q --allow-empty -m x && "
                         "{ git cat-file commit HEAD; head -c 2097152 /dev/zero | tr '\\0' a; } "
                         "> big && git hash-object -t commit -w big > big.id");
    auto repo = git::Repository::open(dir.path() / "r" / ".git");
    REQUIRE(repo);
    auto big =
        git::read_signed_object(*repo, *git::parse_oid(test::sh(dir.path() / "r", "cat big.id")));
    REQUIRE(big);
    CHECK(big->oversized > git::max_signed_object_bytes);
    CHECK(big->format == SignatureFormat::none);
    CHECK(big->email.empty());
    auto small = git::read_signed_object(
        *repo, *git::parse_oid(test::sh(dir.path() / "r", "git rev-parse HEAD")));
    REQUIRE(small);
    CHECK(small->oversized == 0);
}
