// Tests for check/manifest_identity_store: deltas applied in one step, pending deltas kept for
// the reference they were made from, lookups by kind and name, a corrupt file discarded.
#include "review/identity_store.hpp"

#include "support/temp_repo.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace slipway;
using namespace slipway;
using namespace slipway::review;
using slipway::test::TempDir;

namespace {

manifest::ObjectIdentity id(const std::string& kind, const std::string& name, int line = 4,
                            const std::string& ns = "") {
    return {.api_version = "apps/v1",
            .kind = kind,
            .namespace_name = ns,
            .name = name,
            .line = line,
            .column = 9};
}

review::IdentityIndex::File file(const std::string& blob,
                                 std::vector<manifest::ObjectIdentity> ids) {
    return {blob, std::move(ids)};
}

// A tree of services a and b, and a kustomization in c reading base/.
review::TargetDelta first_tree() {
    review::TargetDelta d{.kustomizations =
                              std::map<std::string, review::IdentityIndex::Kustomization>{},
                          .replaces_all = true};
    d.files["services/a/deploy.yaml"] = file("aaaa", {id("Deployment", "a")});
    d.files["services/b/deploy.yaml"] =
        file("bbbb", {id("Deployment", "b"), id("Service", "b", 20)});
    (*d.kustomizations)["services/c"] = {.refs = {"services/base"},
                                         .inputs = {"services/base", "services/c"},
                                         .identities = {id("Deployment", "c", 1)}};
    (*d.kustomizations)["services/base"] = {.inputs = {"services/base"}};
    return d;
}

review::ManifestIdentityStore open(const std::filesystem::path& file) {
    auto store = review::ManifestIdentityStore::open(file);
    REQUIRE(store);
    return std::move(*store);
}

std::vector<std::string> where(const std::vector<review::StoredObject>& objects) {
    std::vector<std::string> out;
    for (const auto& o : objects)
        out.push_back((o.from_kustomization ? "k:" : "f:") + o.path + ":" +
                      std::to_string(o.identity.line));
    return out;
}

} // namespace

TEST_CASE("a new identity store holds no tree, and a delta makes it hold one") {
    TempDir dir;
    auto store = open(dir.path() / "sub" / "store.sqlite");
    REQUIRE(store.tree() == std::string());
    REQUIRE(store.update("", first_tree(), "t1", "", nullptr) == true);
    CHECK(store.tree() == std::string("t1"));
    auto files = store.files();
    REQUIRE(files);
    CHECK(*files == std::map<std::string, std::string>{{"services/a/deploy.yaml", "aaaa"},
                                                       {"services/b/deploy.yaml", "bbbb"}});
    auto kustomizations = store.kustomizations();
    REQUIRE(kustomizations);
    CHECK(*kustomizations == *first_tree().kustomizations);
    CHECK(store.is_kustomization("services/c") == true);
    CHECK(store.is_kustomization("services") == false);
    // Only c is top-level: c renders base as part of itself.
    CHECK(store.top_kustomizations_reading("services/base") ==
          std::vector<std::string>{"services/c"});
    CHECK(store.top_kustomizations_reading("services/c") == std::vector<std::string>{"services/c"});
    CHECK(store.top_kustomizations_reading("services")->empty());
}

TEST_CASE("objects by kind and name: files first, by path, then kustomizations") {
    TempDir dir;
    auto store = open(dir.path() / "store.sqlite");
    auto d = first_tree();
    d.files["services/0/deploy.yaml"] =
        file("0000", {id("Deployment", "c", 7), id("Deployment", "c", 30)});
    REQUIRE(store.update("", d, "t1", "", nullptr) == true);
    auto found = store.objects_named("Deployment", "c");
    REQUIRE(found);
    CHECK(where(*found) == std::vector<std::string>{"f:services/0/deploy.yaml:7",
                                                    "f:services/0/deploy.yaml:30",
                                                    "k:services/c:1"});
    CHECK((*found)[0].identity == id("Deployment", "c", 7));
    CHECK(store.objects_named("Deployment", "nobody")->empty());
    CHECK(where(*store.objects_named("Service", "b")) ==
          std::vector<std::string>{"f:services/b/deploy.yaml:20"});
}

TEST_CASE("a delta changes only the paths it names, and moves the reference tree") {
    TempDir dir;
    auto store = open(dir.path() / "store.sqlite");
    REQUIRE(store.update("", first_tree(), "t1", "", nullptr) == true);
    review::TargetDelta d;
    d.files["services/a/deploy.yaml"] = std::nullopt;
    d.files["services/b/deploy.yaml"] = file("b2b2", {id("Deployment", "b", 5)});
    d.rendered["services/c"] = {id("Deployment", "c2", 2)};
    d.rendered["services/nowhere"] = {id("Deployment", "x", 2)}; // not a kustomization: ignored
    REQUIRE(store.update("t1", d, "t2", "", nullptr) == true);
    CHECK(store.tree() == std::string("t2"));
    CHECK(*store.files() == std::map<std::string, std::string>{{"services/b/deploy.yaml", "b2b2"}});
    CHECK(store.objects_named("Deployment", "a")->empty());
    CHECK(store.objects_named("Service", "b")->empty());
    CHECK(where(*store.objects_named("Deployment", "b")) ==
          std::vector<std::string>{"f:services/b/deploy.yaml:5"});
    CHECK(store.objects_named("Deployment", "c")->empty());
    CHECK(where(*store.objects_named("Deployment", "c2")) ==
          std::vector<std::string>{"k:services/c:2"});
    CHECK(store.objects_named("Deployment", "x")->empty());
}

TEST_CASE("a pending delta is found only for the reference it was made from, and promoted") {
    TempDir dir;
    auto store = open(dir.path() / "store.sqlite");
    REQUIRE(store.update("", first_tree(), "t1", "", nullptr) == true);
    review::TargetDelta to_t2;
    to_t2.files["services/new/deploy.yaml"] = file("nnnn", {id("Deployment", "new")});
    review::TargetDelta to_t3;
    to_t3.files["services/a/deploy.yaml"] = std::nullopt;
    REQUIRE(store.update("t1", {}, "t1", "t2", &to_t2) == true);
    REQUIRE(store.update("t1", {}, "t1", "t3", &to_t3) == true);
    auto pending = store.pending("t2");
    REQUIRE(pending);
    REQUIRE(*pending);
    CHECK((*pending)->files == to_t2.files);
    CHECK_FALSE(*store.pending("t9"));

    // A push judged against t2 (accepted, then) moves the reference there: t3's delta was
    // made from t1 and no longer applies.
    REQUIRE(store.update("t1", **pending, "t2", "t4", &to_t3) == true);
    CHECK(store.tree() == std::string("t2"));
    CHECK(where(*store.objects_named("Deployment", "new")) ==
          std::vector<std::string>{"f:services/new/deploy.yaml:4"});
    CHECK_FALSE(*store.pending("t3"));
    CHECK(*store.pending("t4"));
}

TEST_CASE("an update from a reference another process moved changes nothing") {
    TempDir dir;
    const auto path = dir.path() / "store.sqlite";
    auto one = open(path);
    auto two = open(path);
    REQUIRE(one.update("", first_tree(), "t1", "", nullptr) == true);
    review::TargetDelta d;
    d.files["services/a/deploy.yaml"] = std::nullopt;
    CHECK(two.update("", d, "t9", "t10", &d) == false);
    CHECK(two.tree() == std::string("t1"));
    CHECK(two.files()->size() == 2);
    CHECK_FALSE(*two.pending("t10"));
}

TEST_CASE("a snapshot keeps its answers while another connection writes") {
    TempDir dir;
    const auto path = dir.path() / "store.sqlite";
    auto reader = open(path);
    auto writer = open(path);
    REQUIRE(writer.update("", first_tree(), "t1", "", nullptr) == true);
    {
        auto snapshot = reader.snapshot();
        REQUIRE(snapshot);
        CHECK(reader.tree() == std::string("t1"));
        review::TargetDelta d;
        d.files["services/a/deploy.yaml"] = std::nullopt;
        REQUIRE(writer.update("t1", d, "t2", "", nullptr) == true);
        CHECK(reader.tree() == std::string("t1"));
        CHECK(reader.objects_named("Deployment", "a")->size() == 1);
    }
    CHECK(reader.tree() == std::string("t2"));
}

TEST_CASE("a file that is not a store does not open, and is discarded") {
    TempDir dir;
    const auto path = dir.path() / "store.sqlite";
    std::ofstream(path) << std::string(8192, 'x');
    CHECK_FALSE(review::ManifestIdentityStore::open(path));
    review::ManifestIdentityStore::discard(path);
    CHECK_FALSE(std::filesystem::exists(path));
    auto store = open(path);
    CHECK(store.tree() == std::string());
}

TEST_CASE("deltas round-trip through their text, and anything else is none") {
    auto d = first_tree();
    d.files["services/gone.yaml"] = std::nullopt;
    auto again = review::decode_delta(review::encode_delta(d));
    REQUIRE(again);
    CHECK(again->files == d.files);
    CHECK(again->kustomizations == d.kustomizations);
    CHECK(again->replaces_all);

    review::TargetDelta small;
    small.files["a\tb.yaml"] = file("ab", {id("Pod", "p\nq")});
    small.rendered["k"] = {id("Service", "s")};
    again = review::decode_delta(review::encode_delta(small));
    REQUIRE(again);
    CHECK(again->files == small.files);
    CHECK_FALSE(again->kustomizations);
    CHECK(again->rendered == small.rendered);
    CHECK_FALSE(again->replaces_all);

    const std::string text = review::encode_delta(small);
    CHECK_FALSE(review::decode_delta(text.substr(0, text.size() - 3)));
    CHECK_FALSE(review::decode_delta(text + "x"));
    CHECK_FALSE(review::decode_delta("slipway-delta 2 some same\n"));
    CHECK_FALSE(review::decode_delta(""));
}
