// Tests for ledger/records: the names stored in the database and their parsing.
#include "ledger/records.hpp"

#include <catch2/catch.hpp>

using namespace slipway::ledger;

TEST_CASE("every enum name parses back and other text does not") {
    for (auto k :
         {RecordKind::push, RecordKind::deploy_start, RecordKind::deploy_end, RecordKind::ref_sync})
        CHECK(parse_kind(kind_name(k)) == k);
    for (auto v : {Verdict::accepted, Verdict::rejected})
        CHECK(parse_verdict(verdict_name(v)) == v);
    for (auto o : {Outcome::success, Outcome::failure, Outcome::skipped, Outcome::unknown})
        CHECK(parse_outcome(outcome_name(o)) == o);
    for (auto s : {slipway::Severity::error, slipway::Severity::warning})
        CHECK(parse_severity(severity_name(s)) == s);
    CHECK(kind_name(RecordKind::deploy_end) == "deploy_end");
    CHECK(outcome_name(Outcome::unknown) == "unknown");
    CHECK_FALSE(parse_kind("Push"));
    CHECK_FALSE(parse_verdict("acepted"));
    CHECK_FALSE(parse_outcome(""));
    CHECK_FALSE(parse_outcome("Unknown"));
    CHECK_FALSE(parse_severity("fatal"));
}

TEST_CASE("the kind of a body follows its type") {
    CHECK(kind_of(PushRecord{}) == RecordKind::push);
    CHECK(kind_of(DeployStart{}) == RecordKind::deploy_start);
    CHECK(kind_of(DeployEnd{}) == RecordKind::deploy_end);
    CHECK(kind_of(RefSync{}) == RecordKind::ref_sync);
}

TEST_CASE("absent ids are empty or all zeros, of any length") {
    CHECK(is_absent_id(""));
    CHECK(is_absent_id(std::string(40, '0')));
    CHECK(is_absent_id(std::string(64, '0')));
    CHECK_FALSE(is_absent_id("0000001"));
    CHECK(genesis_hash == std::string(64, '0'));
}
