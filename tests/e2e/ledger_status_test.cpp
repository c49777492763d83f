// E2E: what the ledger says after real deploys: status per environment with pending commits,
// deploys in the log with their pusher, a deploy shown with its output.
#include "support/sandbox.hpp"

#include "util/json.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;

namespace {

// The deployment template, its services on master (deployed to preprod), released as v1.0.0
// (deployed to prod), then one more commit on master: deployed to preprod, pending for prod.
void scene(Sandbox& sb) {
    sb.ok("git init -q --bare -b master server.git && slipway install server.git --template "
          "deployment >/dev/null && git clone -q server.git work 2>/dev/null");
    sb.ok("cp -R " +
              slipway::e2e::quote(std::string(SLIPWAY_SOURCE_DIR) + "/templates/deployment/.") +
              " work/ && cd work && rm slipway.yaml && git add -A && git commit -q -m 'three "
              "services' && "
              "git push -q origin master 2>/dev/null && git tag -a v1.0.0 -m r && "
              "git push -q origin v1.0.0 2>/dev/null",
          {{"GL_USERNAME", "alice"}});
    sb.ok("cd work && sed -i 's/replicas: 2/replicas: 3/' services/cart/deployment.yaml && "
          "git commit -q -am 'cart: 3 replicas' && git push -q origin master 2>/dev/null",
          {{"GL_USERNAME", "bob"}});
}

} // namespace

TEST_CASE("status shows each environment's deployed commit, tag, pusher and pending commits") {
    Sandbox sb;
    scene(sb);
    const auto head = sb.ok("git -C work rev-parse --short=7 HEAD").substr(0, 7);
    const auto release = sb.ok("git -C work rev-parse --short=7 v1.0.0^{commit}").substr(0, 7);
    auto json = slipway::util::parse_json(sb.ok("slipway status server.git --json"));
    REQUIRE(json);
    const auto& envs = json->at("environments").as_array();
    REQUIRE(envs.size() == 3);
    CHECK(envs[0].at("name").as_string() == "staging");
    CHECK(envs[0].at("deployed").is_null());
    CHECK(envs[1].at("name").as_string() == "preprod");
    CHECK(envs[1].at("deployed").at("commit").as_string().starts_with(head));
    CHECK(envs[1].at("deployed").at("pusher").as_string() == "bob");
    CHECK(envs[2].at("deployed").at("commit").as_string().starts_with(release));
    CHECK(envs[2].at("deployed").at("tag").as_string() == "v1.0.0");
    CHECK(envs[2].at("deployed").at("pusher").as_string() == "alice");
    REQUIRE(envs[2].at("pending").as_array().size() == 1);
    CHECK(envs[2].at("pending").as_array()[0].at("summary").as_string() == "cart: 3 replicas");

    auto text = sb.ok("slipway status server.git");
    CHECK(text.find("prod         " + release + "   v1.0.0") != std::string::npos);
    CHECK(text.find("pending for prod (refs/tags/v*):\n  " + head + " cart: 3 replicas\n") !=
          std::string::npos);
}

TEST_CASE("deploys are in the log with their pusher and show their full output") {
    Sandbox sb;
    scene(sb);
    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --env prod --json"));
    REQUIRE(json);
    std::int64_t deploy_id = 0;
    for (const auto& e : json->at("entries").as_array())
        if (e.at("type").as_string() == "deploy") {
            CHECK(e.at("pusher").as_string() == "alice");
            CHECK(e.at("state").as_string() == "success");
            deploy_id = e.at("id").as_int();
        }
    REQUIRE(deploy_id != 0);
    auto shown = sb.ok("slipway show server.git " + std::to_string(deploy_id));
    CHECK(shown.find("kubernetes: rendered 6 objects into refs/slipway/rendered/prod") !=
          std::string::npos);
    auto all = sb.ok("slipway log server.git");
    CHECK(all.find("deploy  bob    success   preprod ← ") != std::string::npos);
    CHECK(all.find("push    bob    accepted  refs/heads/master ") != std::string::npos);
}
