// Tests for signing/openpgp_signature: gpgv's status lines, each outcome.
#include "signing/openpgp_signature.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

using namespace slipway::signing;

namespace {
const std::string fpr = "0123456789ABCDEF0123456789ABCDEF01234567";
const std::string primary = "89ABCDEF0123456789ABCDEF0123456789ABCDEF";
} // namespace

TEST_CASE("GOODSIG with VALIDSIG is good, by the primary key") {
    auto v = parse_gpgv_status("[GNUPG:] NEWSIG\n"
                               "[GNUPG:] KEY_CONSIDERED " +
                               fpr +
                               " 0\n"
                               "[GNUPG:] SIG_ID abc 2026-01-01 1767225600\n"
                               "[GNUPG:] GOODSIG 0123456789ABCDEF Alice <alice@example.com>\n"
                               "[GNUPG:] VALIDSIG " +
                               fpr + " 2026-01-01 1767225600 0 4 0 22 10 00 " + primary + "\n");
    CHECK(v.outcome == OpenPgpOutcome::good);
    CHECK(v.fingerprint == primary);
    CHECK(v.subkey_fingerprint == fpr);
    CHECK(v.key_id == "0123456789ABCDEF");
}

TEST_CASE("each status that decides against a signature gives its outcome") {
    auto bad = parse_gpgv_status("[GNUPG:] BADSIG 0123456789ABCDEF Alice <alice@example.com>\n");
    CHECK(bad.outcome == OpenPgpOutcome::bad_signature);
    CHECK(bad.detail == "a bad signature by key 0123456789ABCDEF (Alice <alice@example.com>)");

    auto missing = parse_gpgv_status("[GNUPG:] ERRSIG 0123456789ABCDEF 22 10 00 1767225600 9 -\n"
                                     "[GNUPG:] NO_PUBKEY 0123456789ABCDEF\n");
    CHECK(missing.outcome == OpenPgpOutcome::unknown_key);
    CHECK(missing.detail == "the keyring has no key 0123456789ABCDEF");

    auto odd = parse_gpgv_status("[GNUPG:] ERRSIG 0123456789ABCDEF 99 10 00 1767225600 4 -\n");
    CHECK(odd.outcome == OpenPgpOutcome::malformed);

    auto expired = parse_gpgv_status("[GNUPG:] EXPKEYSIG 0123456789ABCDEF Alice\n"
                                     "[GNUPG:] VALIDSIG " +
                                     fpr + " x x x 4 0 22 10 00 " + primary + "\n");
    CHECK(expired.outcome == OpenPgpOutcome::expired_key);
    CHECK(expired.detail == "key 0123456789ABCDEF (Alice) has expired");

    CHECK(parse_gpgv_status("[GNUPG:] REVKEYSIG 0123456789ABCDEF Alice\n").outcome ==
          OpenPgpOutcome::revoked_key);
    CHECK(parse_gpgv_status("[GNUPG:] EXPSIG 0123456789ABCDEF Alice\n").outcome ==
          OpenPgpOutcome::expired_signature);
}

TEST_CASE("a GOODSIG next to a BADSIG, or without VALIDSIG, is not good") {
    CHECK(parse_gpgv_status("[GNUPG:] GOODSIG 0123456789ABCDEF A\n"
                            "[GNUPG:] VALIDSIG " +
                            fpr +
                            "\n"
                            "[GNUPG:] BADSIG FEDCBA9876543210 B\n")
              .outcome == OpenPgpOutcome::bad_signature);
    auto half = parse_gpgv_status("[GNUPG:] GOODSIG 0123456789ABCDEF A\n");
    CHECK(half.outcome == OpenPgpOutcome::malformed);
    CHECK(half.fingerprint.empty());
    CHECK(parse_gpgv_status("gpgv: some text\n").outcome == OpenPgpOutcome::malformed);
}

TEST_CASE("gpgv verifies a real OpenPGP signature against the keyring it is given") {
    slipway::test::TempDir dir;
    // A key in $HOME/.gnupg of the temp dir (sh() sets HOME there); its agent is stopped after.
    slipway::test::sh(dir.path(),
                      "mkdir -m 700 .gnupg && gpg --batch --pinentry-mode loopback --passphrase '' "
                      "--quick-gen-key 'Alice <alice@example.com>' ed25519 sign never 2>/dev/null "
                      "&& gpg --export > keyring.gpg 2>/dev/null && : > empty.gpg && "
                      "printf 'the payload\\n' > payload && "
                      "gpg --armor --detach-sign -o payload.asc payload 2>/dev/null; "
                      "status=$?; gpgconf --kill all; exit $status");
    const auto fpr = slipway::test::sh(
        dir.path(), "gpg --with-colons --list-keys 2>/dev/null | awk -F: '/^fpr/ {print $10; exit}'"
                    " ; gpgconf --kill all");
    const auto armored = slipway::test::sh(dir.path(), "cat payload.asc") + "\n";
    const OpenPgpVerifyOptions options{.temp_parent = dir.path()};

    auto good = verify_openpgp_signature("the payload\n", armored, dir / "keyring.gpg", options);
    REQUIRE(good);
    CHECK(good->outcome == OpenPgpOutcome::good);
    CHECK(good->fingerprint == fpr);

    auto altered =
        verify_openpgp_signature("another payload\n", armored, dir / "keyring.gpg", options);
    REQUIRE(altered);
    CHECK(altered->outcome == OpenPgpOutcome::bad_signature);
    CHECK(altered->key_id == fpr.substr(24));

    auto unknown = verify_openpgp_signature("the payload\n", armored, dir / "empty.gpg", options);
    REQUIRE(unknown);
    CHECK(unknown->outcome == OpenPgpOutcome::unknown_key);
    CHECK(unknown->detail == "the keyring has no key " + fpr.substr(24));
}
