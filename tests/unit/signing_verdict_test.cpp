// Tests for signing/verdict: the text form, and the cache: hit, miss, corrupt entry, and a
// verdict never reused under other trust material.
#include "signing/verdict.hpp"
#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace slipway::signing;

namespace {
const SignatureVerdict good{.status = SignatureStatus::good,
                            .format = "openpgp",
                            .key = "89ABCDEF0123456789ABCDEF0123456789ABCDEF",
                            .subkey = "0123456789ABCDEF0123456789ABCDEF01234567",
                            .detail = ""};
const std::string oid = "3f2a9c1000000000000000000000000000000000";
} // namespace

TEST_CASE("a signature verdict round-trips through its text, and nothing else decodes") {
    CHECK(decode_signature_verdict(encode_signature_verdict(good)) == good);
    SignatureVerdict bad{.status = SignatureStatus::bad,
                         .format = "ssh",
                         .key = "SHA256:abc",
                         .detail = "line one\nline two"};
    auto back = decode_signature_verdict(encode_signature_verdict(bad));
    REQUIRE(back);
    CHECK(back->detail == "line one line two");
    const auto text = encode_signature_verdict(good);
    CHECK_FALSE(decode_signature_verdict(text.substr(0, text.size() - 4)));
    CHECK_FALSE(decode_signature_verdict("slipway-signature 1\nexcellent\n\n\n\n\nend\n"));
    CHECK_FALSE(decode_signature_verdict(""));
}

TEST_CASE("the signature cache hits what it stored and misses everything else") {
    slipway::test::TempDir dir;
    SignatureCache cache(dir.path());
    const auto key = SignatureCache::key(oid, "trust-a");
    CHECK_FALSE(cache.load(key));
    cache.store(key, good);
    CHECK(cache.load(key) == good);
    CHECK(cache.hits() == 1);
    CHECK(cache.misses() == 1);
    // Other trust material (a changed allowed-signers list or keyring): another entry.
    CHECK(SignatureCache::key(oid, "trust-b") != key);
    CHECK_FALSE(cache.load(SignatureCache::key(oid, "trust-b")));
    // A corrupt entry is a miss.
    const auto path = dir.path() / "signatures" / key.substr(0, 2) / key.substr(2);
    REQUIRE(std::filesystem::exists(path));
    std::ofstream(path, std::ios::trunc) << "slipway-signature 1\ngood\n";
    CHECK_FALSE(cache.load(key));
    // No directory: caching is off.
    SignatureCache off;
    off.store(key, good);
    CHECK_FALSE(off.load(key));
}
