// Tests for ledger/canonical: the exact bytes of format 1, which stored hashes depend on.
#include "ledger/canonical.hpp"
#include "util/deflate.hpp"
#include "util/sha256.hpp"

#include <catch2/catch.hpp>

using namespace slipway::ledger;

namespace {

RecordMeta meta(std::int64_t id, std::string prev = genesis_hash) {
    return {.id = id, .time_ms = 1714564803042, .format = 1, .prev_hash = std::move(prev)};
}

} // namespace

// If one of these fails, existing ledgers would stop verifying: add a format, don't edit one.
TEST_CASE("format 1 of a push is pinned byte for byte") {
    PushRecord push{.pusher = "alice",
                    .identity_source = "GL_USERNAME",
                    .protocol = "ssh",
                    .remote_address = "10.0.0.5",
                    .push_options = {"ci.skip"},
                    .ref_updates = {{"refs/heads/master", "a1", "b2", "preprod"}},
                    .verdict = Verdict::rejected,
                    .reason = "",
                    .findings = {{.ref = "refs/heads/master",
                                  .path = "svc/d.yaml",
                                  .line = 21,
                                  .column = 18,
                                  .severity = slipway::Severity::error,
                                  .message = "image \"x:latest\" is not pinned",
                                  .rule = "image-pinned"}}};
    auto encoding = canonical_encoding(meta(1), push);
    REQUIRE(encoding);
    CHECK(
        *encoding ==
        R"({"body":{"findings":[{"column":18,"line":21,"message":"image \"x:latest\" is not pinned",)"
        R"("path":"svc/d.yaml","ref":"refs/heads/master","rule":"image-pinned","severity":"error"}],)"
        R"("identity_source":"GL_USERNAME","protocol":"ssh","push_options":["ci.skip"],)"
        R"("pusher":"alice","reason":"","ref_updates":[{"environment":"preprod","new":"b2",)"
        R"("old":"a1","ref":"refs/heads/master"}],"remote_address":"10.0.0.5",)"
        R"("verdict":"rejected"},"format":1,"id":1,"kind":"push",)"
        R"("prev":"0000000000000000000000000000000000000000000000000000000000000000",)"
        R"("time":1714564803042})");
    CHECK(record_hash(meta(1), push) == slipway::util::sha256_hex(*encoding));
}

TEST_CASE("format 1 of deploys and confirmations is pinned and output enters by its hash") {
    DeployStart start{.environment = "preprod",
                      .ref = "refs/heads/master",
                      .tag = "",
                      .commit = "c3",
                      .pusher = "bob",
                      .push_id = 1};
    CHECK(canonical_encoding(meta(2, "h1"), start) ==
          R"({"body":{"commit":"c3","environment":"preprod","push_id":1,"pusher":"bob",)"
          R"("ref":"refs/heads/master","tag":""},"format":1,"id":2,"kind":"deploy_start",)"
          R"("prev":"h1","time":1714564803042})");

    DeployEnd end{.deploy_id = 2,
                  .outcome = Outcome::success,
                  .message = "ok",
                  .targets = {{"k8s", "kubernetes", Outcome::success, 0, 1200, "applied\n"}},
                  .pruned = {"Deployment shop/old"},
                  .ref_updates = {{"refs/slipway/deployed/preprod", "0", "c3", "preprod"}}};
    CHECK(
        canonical_encoding(meta(3, "h2"), end) ==
        R"({"body":{"deploy_id":2,"message":"ok","outcome":"success",)"
        R"("pruned":["Deployment shop/old"],"ref_updates":[{"environment":"preprod","new":"c3",)"
        R"("old":"0","ref":"refs/slipway/deployed/preprod"}],"targets":[{"duration_ms":1200,)"
        R"("exit_code":0,"kind":"kubernetes","name":"k8s","outcome":"success","output_sha256":")" +
            slipway::util::sha256_hex("applied\n") +
            R"(","output_size":8}]},"format":1,"id":3,"kind":"deploy_end","prev":"h2",)"
            R"("time":1714564803042})");

    RefSync sync{.push_id = 1, .source = "post-receive", .ref_updates = {}};
    CHECK(canonical_encoding(meta(4, "h3"), sync) ==
          R"({"body":{"push_id":1,"ref_updates":[],"source":"post-receive"},"format":1,"id":4,)"
          R"("kind":"ref_sync","prev":"h3","time":1714564803042})");
}

TEST_CASE("every field changes the hash and an unknown format has none") {
    RefSync sync{.push_id = 1, .source = "post-receive", .ref_updates = {{"r", "a", "b", ""}}};
    auto base = record_hash(meta(4), sync);
    REQUIRE(base);
    auto changed = sync;
    changed.ref_updates[0].environment = "x";
    CHECK(record_hash(meta(4), changed) != base);
    CHECK(record_hash(meta(5), sync) != base);
    auto later = meta(4);
    later.time_ms += 1;
    CHECK(record_hash(later, sync) != base);
    CHECK(record_hash(meta(4, "other"), sync) != base);
    auto unknown = meta(4);
    unknown.format = 5;
    CHECK_FALSE(canonical_encoding(unknown, sync));
    CHECK_FALSE(record_hash(unknown, sync));
}

TEST_CASE("format 2 adds the deploy start's log and leaves the other kinds as in format 1") {
    auto v2 = [](std::int64_t id, std::string prev) {
        auto m = meta(id, std::move(prev));
        m.format = 2;
        return m;
    };
    DeployStart start{.environment = "preprod",
                      .ref = "refs/heads/master",
                      .tag = "",
                      .commit = "c3",
                      .pusher = "bob",
                      .push_id = 1,
                      .log = "/srv/d.git/slipway/logs/preprod/20261202T060000Z-c3.log"};
    CHECK(canonical_encoding(v2(2, "h1"), start) ==
          R"({"body":{"commit":"c3","environment":"preprod",)"
          R"("log":"/srv/d.git/slipway/logs/preprod/20261202T060000Z-c3.log","push_id":1,)"
          R"("pusher":"bob","ref":"refs/heads/master","tag":""},"format":2,"id":2,)"
          R"("kind":"deploy_start","prev":"h1","time":1714564803042})");
    auto no_log = start;
    no_log.log.clear();
    CHECK(canonical_encoding(v2(2, "h1"), no_log) ==
          R"({"body":{"commit":"c3","environment":"preprod","log":"","push_id":1,)"
          R"("pusher":"bob","ref":"refs/heads/master","tag":""},"format":2,"id":2,)"
          R"("kind":"deploy_start","prev":"h1","time":1714564803042})");
    // A format 1 record has no log; one given a log later no longer encodes as it was hashed.
    CHECK(record_hash(meta(2, "h1"), start) != record_hash(meta(2, "h1"), no_log));

    DeployEnd end{.deploy_id = 2, .outcome = Outcome::unknown, .message = "m"};
    CHECK(canonical_encoding(v2(3, "h2"), end) ==
          R"({"body":{"deploy_id":2,"message":"m","outcome":"unknown","pruned":[],)"
          R"("ref_updates":[],"targets":[]},"format":2,"id":3,"kind":"deploy_end",)"
          R"("prev":"h2","time":1714564803042})");
}

TEST_CASE("output compressed as it came enters the hash as the same text given plain") {
    auto deflater = slipway::util::Deflater::open();
    REQUIRE(deflater);
    REQUIRE(deflater->write("applied\n"));
    auto stored = deflater->finish();
    REQUIRE(stored);
    DeployEnd plain{.deploy_id = 2,
                    .outcome = Outcome::success,
                    .message = "ok",
                    .targets = {{"k8s", "kubernetes", Outcome::success, 0, 1200, "applied\n"}},
                    .pruned = {},
                    .ref_updates = {}};
    DeployEnd compressed = plain;
    compressed.targets[0].output.clear();
    compressed.targets[0].stored = *stored;
    CHECK(canonical_encoding(meta(3, "h2"), compressed) ==
          canonical_encoding(meta(3, "h2"), plain));
    // What the digest says, not the text beside it, is what counts once it is set.
    compressed.targets[0].stored->sha256 = slipway::util::sha256_hex("applied!\n");
    CHECK(record_hash(meta(3, "h2"), compressed) != record_hash(meta(3, "h2"), plain));
}

TEST_CASE("format 3 adds control records and leaves the other kinds as in format 2") {
    auto v3 = [](std::int64_t id, std::string prev) {
        auto m = meta(id, std::move(prev));
        m.format = 3;
        return m;
    };
    ControlRecord freeze{.action = ControlAction::freeze,
                         .actor = "carol",
                         .environment = "prod",
                         .reason = "INC-9"};
    CHECK(canonical_encoding(v3(7, "h6"), freeze) ==
          R"({"body":{"action":"freeze","actor":"carol","commit":"","environment":"prod",)"
          R"("reason":"INC-9","subject_id":0},"format":3,"id":7,"kind":"control","prev":"h6",)"
          R"("time":1714564803042})");
    // A control record marked with an older format (rewritten) hashes differently.
    auto v2 = v3(7, "h6");
    v2.format = 2;
    CHECK(record_hash(v2, freeze) != record_hash(v3(7, "h6"), freeze));
    RefSync sync{.push_id = 1, .source = "post-receive", .ref_updates = {}};
    auto as_v2 = v3(4, "h3");
    as_v2.format = 2;
    auto a = canonical_encoding(v3(4, "h3"), sync).value();
    auto b = canonical_encoding(as_v2, sync).value();
    CHECK(a.replace(a.find("\"format\":3"), 10, "\"format\":2") == b);
}

TEST_CASE("format 4 adds the verified signers of a push's commits and tags") {
    auto v4 = [](std::int64_t id, std::string prev) {
        auto m = meta(id, std::move(prev));
        m.format = 4;
        return m;
    };
    PushRecord push{.pusher = "alice",
                    .identity_source = "REMOTE_USER",
                    .protocol = "ssh",
                    .verdict = Verdict::accepted};
    push.signatures = {
        {.object = "c1",
         .kind = "commit",
         .signer = "alice",
         .key = "SHA256:abc",
         .status = "good"},
        {.object = "t1", .kind = "tag", .signer = "", .key = "", .status = "unsigned"}};
    const auto encoded = canonical_encoding(v4(5, "h4"), push).value();
    CHECK(
        encoded.find(R"("reason":"","ref_updates":[],"remote_address":"",)"
                     R"("signatures":[{"key":"SHA256:abc","kind":"commit","object":"c1",)"
                     R"("signer":"alice","status":"good"},{"key":"","kind":"tag",)"
                     R"("object":"t1","signer":"","status":"unsigned"}],"verdict":"accepted"})") !=
        std::string::npos);
    CHECK(encoded.find(R"("format":4)") != std::string::npos);
    // Every field counts.
    auto changed = push;
    changed.signatures[0].signer = "mallory";
    CHECK(record_hash(v4(5, "h4"), changed) != record_hash(v4(5, "h4"), push));
    // A push of format 3 had none: one given signatures since no longer encodes as hashed.
    auto v3 = v4(5, "h4");
    v3.format = 3;
    auto none = push;
    none.signatures.clear();
    CHECK(record_hash(v3, push) != record_hash(v3, none));
    CHECK(canonical_encoding(v4(5, "h4"), none).value().find(R"("signatures":[])") !=
          std::string::npos);
}
