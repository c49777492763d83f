// Tests for deploy/terraform_check: fmt and validate results the gate turns into findings.
#include "terraform/checks.hpp"

#include "deploy_fixture.hpp"

using namespace slipway;
using namespace slipway;
using namespace slipway::terraform;
using slipway::testing::ScopedEnv;
using slipway::testing::TempDir;
using slipway::testing::write_file;

namespace {

struct Checkout {
    TempDir dir;
    ScopedEnv cli_config{"TF_CLI_CONFIG_FILE", (dir / "empty.tfrc").string()};
    Checkout() { write_file(dir / "empty.tfrc", ""); }
};

} // namespace

TEST_CASE("terraform_fmt_check lists the files fmt would rewrite, relative to the checkout") {
    Checkout c;
    write_file(c.dir / "ws/infra/net/good.tf",
               "resource \"terraform_data\" \"a\" {\n  input = 1\n}\n");
    write_file(c.dir / "ws/infra/net/ugly.tf", "resource \"terraform_data\" \"b\" {\ninput=1\n}\n");
    write_file(c.dir / "ws/infra/net/sub/ugly.tf", "locals {\nx=1\n}\n");
    auto files = terraform::terraform_fmt_check(c.dir / "ws", "infra/net", {});
    REQUIRE(files);
    CHECK(*files == std::vector<std::string>{"infra/net/ugly.tf"});

    auto clean = terraform::terraform_fmt_check(c.dir / "ws", "./infra/net/sub/..", {});
    REQUIRE(clean);
    CHECK(*clean == std::vector<std::string>{"infra/net/ugly.tf"});
}

TEST_CASE("terraform_fmt_check of a formatted module is empty") {
    Checkout c;
    write_file(c.dir / "ws/main.tf", "locals {\n  x = 1\n}\n");
    auto files = terraform::terraform_fmt_check(c.dir / "ws", ".", {});
    REQUIRE(files);
    CHECK(files->empty());
    auto missing = terraform::terraform_fmt_check(c.dir / "ws", "nope", {});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message ==
          "terraform fmt: directory \"nope\" does not exist in the checked-out commit");
}

TEST_CASE("terraform_validate returns diagnostics with file, line and column") {
    Checkout c;
    write_file(c.dir / "ws/infra/net/main.tf",
               "resource \"terraform_data\" \"a\" {\n  input = var.nope\n}\n");
    auto diags = terraform::terraform_validate(c.dir / "ws", "infra/net", c.dir / "scratch", {});
    REQUIRE(diags);
    REQUIRE(diags->size() == 1);
    const auto& d = diags->front();
    CHECK(d.severity == "error");
    CHECK(d.summary == "Reference to undeclared input variable");
    CHECK(d.file == "infra/net/main.tf");
    CHECK(d.line == 2);
    CHECK(d.column == 11);
    CHECK_FALSE(std::filesystem::exists(c.dir / "ws/infra/net/.terraform"));
}

TEST_CASE("terraform_validate reports syntax errors and passes a valid module") {
    Checkout c;
    write_file(c.dir / "ws/main.tf", "resource \"x\" {\n  a = \n}\n");
    auto diags = terraform::terraform_validate(c.dir / "ws", ".", c.dir / "scratch1", {});
    REQUIRE(diags);
    REQUIRE_FALSE(diags->empty());
    CHECK(diags->front().summary == "Invalid expression");
    CHECK(diags->front().file == "main.tf");
    CHECK(diags->front().line == 2);

    write_file(c.dir / "ok/main.tf", "resource \"terraform_data\" \"a\" {\n  input = 1\n}\n");
    auto ok = terraform::terraform_validate(c.dir / "ok", ".", c.dir / "scratch2", {});
    REQUIRE(ok);
    CHECK(ok->empty());
}
