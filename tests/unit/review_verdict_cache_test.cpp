// Tests for review/verdict_cache: entries round-trip, anything else is a miss.
#include "review/verdict_cache.hpp"
#include "util/sqlite.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace slipway;
using namespace slipway;
using namespace slipway::review;

namespace {

manifest::ObjectIdentity id(const std::string& name, int line) {
    return {.api_version = "apps/v1",
            .kind = "Deployment",
            .namespace_name = "ns\twith\\odd\nbytes",
            .name = name,
            .line = line,
            .column = 9};
}

// Findings as text, for comparing verdicts (Finding has no operator==).
std::string text_of(const review::CachedVerdict& v) {
    std::string out;
    for (const auto& f : v.findings)
        out += std::to_string(f.line) + ":" + std::to_string(f.column) + ":" +
               (f.severity == Severity::error ? "e:" : "w:") + f.rule + ":" + f.message + "\n";
    return out;
}

bool same(const std::optional<review::CachedVerdict>& a, const review::CachedVerdict& b) {
    return a && text_of(*a) == text_of(b) && a->identities == b.identities;
}

} // namespace

TEST_CASE("a verdict and an index round-trip through their text, odd bytes included") {
    review::CachedVerdict v;
    v.findings.push_back({.line = 3,
                          .column = 4,
                          .severity = Severity::warning,
                          .message = "tab\there, newline\nthere, backslash \\",
                          .rule = "schema"});
    v.findings.push_back({.message = "no position", .rule = "yaml-limits"});
    v.identities = {id("a", 5), id("b", 20)};
    CHECK(same(review::decode_verdict(review::encode_verdict(v)), v));
    CHECK(same(review::decode_verdict(review::encode_verdict({})), review::CachedVerdict{}));

    review::IdentityIndex index;
    index.files["services/a.yaml"] = {"0123abcd", {id("a", 5)}};
    index.files["services/empty.yaml"] = {"feed", {}};
    index.kustomizations["overlays/prod"] = {
        .refs = {"base"}, .inputs = {"base", "overlays/prod"}, .identities = {id("p", 1)}};
    auto again = review::decode_index(review::encode_index(index));
    REQUIRE(again);
    CHECK(*again == index);
}

TEST_CASE("truncated, edited or foreign text is no entry") {
    review::CachedVerdict v;
    v.identities = {id("a", 5)};
    const std::string text = review::encode_verdict(v);
    CHECK_FALSE(review::decode_verdict(text.substr(0, text.size() - 2)));
    CHECK_FALSE(review::decode_verdict("slipway-verdict 2\nend\n"));
    CHECK_FALSE(review::decode_verdict("slipway-verdict 1\nF\tx\t1\te\tr\tm\nend\n"));
    CHECK_FALSE(review::decode_verdict("slipway-verdict 1\nF\t1\t1\tx\tr\tm\nend\n"));
    CHECK_FALSE(review::decode_verdict("slipway-verdict 1\nI\t1\t1\tv1\tPod\t\t\nend\n"));
    CHECK_FALSE(review::decode_verdict("slipway-verdict 1\nZ\nend\n"));
    CHECK_FALSE(review::decode_index("slipway-identities 1\nI\t1\t1\tv1\tPod\t\tp\nend\n"));
    CHECK_FALSE(review::decode_index("slipway-identities 1\nP\ta\tb\nP\ta\tb\nend\n"));
}

TEST_CASE("the verdict cache on disk: stores, hits, misses, and a corrupt entry is a miss") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "slipway-cache-test";
    fs::remove_all(dir);
    const std::string key = review::ManifestCache::key("material");
    CHECK(key.size() == 64);
    review::CachedVerdict v;
    v.findings.push_back({.line = 1, .column = 2, .message = "m", .rule = "r"});
    {
        review::ManifestCache cache(dir);
        CHECK_FALSE(cache.load_verdict(key));
        cache.store_verdict(key, v);
        CHECK(same(cache.load_verdict(key), v)); // before the flush too
        CHECK(cache.hits() == 1);
        CHECK(cache.misses() == 1);
        cache.flush();
    }
    CHECK(fs::exists(dir / "verdicts.sqlite"));
    {
        review::ManifestCache cache(dir); // another push
        CHECK(same(cache.load_verdict(key), v));
    }
    {
        auto db = util::Database::open(dir / "verdicts.sqlite", util::Create::no);
        REQUIRE(db);
        REQUIRE(db->run("UPDATE verdicts SET verdict = 'garbage'"));
    }
    review::ManifestCache cache(dir);
    CHECK_FALSE(cache.load_verdict(key));
    CHECK(cache.misses() == 1);

    review::ManifestCache off;
    off.store_verdict(key, v);
    CHECK_FALSE(off.load_verdict(key));
    fs::remove_all(dir);
}

TEST_CASE("a corrupt verdict store is a miss and is replaced, and verdict files of earlier "
          "versions go") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "slipway-cache-test-corrupt";
    fs::remove_all(dir);
    fs::create_directories(dir / "verdicts" / "ab");
    std::ofstream(dir / "verdicts" / "ab" / "cdef") << "slipway-verdict 1\nend\n";
    std::ofstream(dir / "verdicts.sqlite") << std::string(8192, 'x'); // not a database
    const std::string key = review::ManifestCache::key("material");
    review::CachedVerdict v;
    v.identities = {id("a", 5)};
    {
        review::ManifestCache cache(dir);
        CHECK_FALSE(cache.load_verdict(key));
        cache.store_verdict(key, v);
    } // flushed when it goes
    review::ManifestCache cache(dir);
    CHECK(same(cache.load_verdict(key), v));
    CHECK_FALSE(fs::exists(dir / "verdicts"));
    fs::remove_all(dir);
}
