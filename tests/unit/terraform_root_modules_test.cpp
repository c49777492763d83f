// Tests for deploy/terraform_config: backends, local module sources, which root modules run.
#include "terraform/root_modules.hpp"

#include "deploy_fixture.hpp"

using namespace slipway;
using namespace slipway;
using namespace slipway::terraform;
using slipway::testing::TempDir;
using slipway::testing::write_file;
using Paths = std::vector<std::string>;

TEST_CASE("declared_backend finds a backend or cloud block, in HCL and JSON") {
    TempDir d;
    write_file(d / "none/main.tf", "resource \"terraform_data\" \"a\" {}\n");
    write_file(d / "s3/backend.tf",
               "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n  }\n}\n");
    write_file(d / "local/main.tf",
               "terraform {\n  backend \"local\" {\n    path = \"x\"\n  }\n}\n");
    write_file(d / "cloud/main.tf", "terraform {\n  cloud {\n    organization = \"o\"\n  }\n}\n");
    write_file(d / "json/main.tf.json", R"({"terraform": {"backend": {"gcs": {"bucket": "b"}}}})");
    write_file(d / "commented/main.tf",
               "terraform {\n  # backend \"s3\" {\n  // backend \"gcs\" {\n}\n");

    auto check = [&](const char* dir) {
        auto b = terraform::declared_backend(d / dir);
        REQUIRE(b);
        return *b;
    };
    CHECK(check("none") == std::nullopt);
    CHECK(check("s3") == "s3");
    CHECK(check("local") == "local");
    CHECK(check("cloud") == "cloud");
    CHECK(check("json") == "gcs");
    CHECK(check("commented") == std::nullopt);

    auto missing = terraform::declared_backend(d / "nope");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.starts_with("cannot read Terraform module directory " +
                                              (d / "nope").string() + ": "));
}

TEST_CASE("local_module_sources lists relative sources only, once each") {
    TempDir d;
    write_file(d / "root/main.tf",
               "module \"net\" {\n  source = \"../modules/net\"\n}\n"
               "module \"dns\" {\n  source  = \"./dns\"\n}\n"
               "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n"
               "module \"net2\" {\n  source = \"../modules/net\"\n}\n");
    write_file(d / "root/x.tf.json", R"({"module": {"m": {"source": "./json-mod"}}})");
    auto sources = terraform::local_module_sources(d / "root");
    REQUIRE(sources);
    CHECK(*sources == Paths{"../modules/net", "./dns", "./json-mod"});
}

TEST_CASE("changed_root_modules follows local modules and ignores unrelated changes") {
    TempDir d;
    write_file(d / "infra/net/main.tf", "module \"m\" {\n  source = \"../../modules/subnet\"\n}\n");
    write_file(d / "modules/subnet/main.tf", "module \"x\" {\n  source = \"../tags\"\n}\n");
    write_file(d / "modules/tags/main.tf", "output \"t\" { value = 1 }\n");
    write_file(d / "infra/dns/main.tf", "resource \"terraform_data\" \"a\" {}\n");
    const Paths roots{"infra/net", "infra/dns"};

    auto run = [&](std::optional<Paths> changed) {
        auto r = terraform::changed_root_modules(d.path(), roots, changed);
        REQUIRE(r);
        return *r;
    };
    CHECK(run(std::nullopt) == roots);
    CHECK(run(Paths{"README.md", "services/cart/deploy.yaml"}).empty());
    CHECK(run(Paths{"infra/dns/main.tf"}) == Paths{"infra/dns"});
    CHECK(run(Paths{"modules/tags/main.tf"}) == Paths{"infra/net"});
    CHECK(run(Paths{"infra/net/templates/user-data.sh", "infra/dns/x.tf"}) == roots);
    CHECK(run(Paths{"infra/network/main.tf"}).empty());
}

TEST_CASE("a root module at the repository root does not run for a nested root module's change") {
    TempDir d;
    write_file(d / "main.tf", "module \"m\" {\n  source = \"./modules/a\"\n}\n");
    write_file(d / "modules/a/main.tf", "");
    write_file(d / "stacks/b/main.tf", "");
    const Paths roots{".", "stacks/b"};
    auto r = terraform::changed_root_modules(d.path(), roots, Paths{"stacks/b/main.tf"});
    REQUIRE(r);
    CHECK(*r == Paths{"stacks/b"});
    auto r2 = terraform::changed_root_modules(d.path(), roots, Paths{"modules/a/main.tf"});
    REQUIRE(r2);
    CHECK(*r2 == Paths{"."});
    auto bad = terraform::changed_root_modules(d.path(), {"../x"}, Paths{});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "Terraform root module \"../x\" must be a relative path inside the repository");
}

TEST_CASE("large generated files are read without trouble, and malformed JSON is an error") {
    TempDir d;
    std::string big = "{\"locals\": {\"data\": \"" + std::string(2'000'000, 'x') +
                      "\"}, "
                      "\"module\": {\"m\": {\"source\": \"../shared\"}}}";
    write_file(d / "gen/main.tf.json", big);
    write_file(d / "gen/long.tf", "locals {\n  x = \"" + std::string(1'000'000, 'y') + "\"\n}\n");
    auto sources = terraform::local_module_sources(d / "gen");
    REQUIRE(sources);
    CHECK(*sources == Paths{"../shared"});
    auto backend = terraform::declared_backend(d / "gen");
    REQUIRE(backend);
    CHECK(*backend == std::nullopt);

    write_file(d / "broken/main.tf.json", "{\"module\": ");
    auto broken = terraform::local_module_sources(d / "broken");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message.starts_with("cannot read main.tf.json: "));
}

TEST_CASE("declared_backend sees no backend in a block comment or heredoc, and names a bad file") {
    TempDir d;
    write_file(d / "block-comment/main.tf",
               "/*\nterraform {\n  backend \"s3\" {\n    bucket = \"b\"\n  }\n}\n*/\n"
               "resource \"terraform_data\" \"a\" {}\n");
    write_file(d / "heredoc/main.tf",
               "locals {\n  doc = <<EOT\nterraform {\n  backend \"gcs\" {\n  }\n}\nEOT\n}\n");
    write_file(d / "after-comment/main.tf",
               "/* backend \"s3\" { */\nterraform {\n  backend \"local\" {\n  }\n}\n");
    write_file(d / "broken/main.tf", "terraform {\n  backend \"s3\" {\n}\n");
    auto check = [&](const char* dir) {
        auto b = terraform::declared_backend(d / dir);
        REQUIRE(b);
        return *b;
    };
    CHECK(check("block-comment") == std::nullopt);
    CHECK(check("heredoc") == std::nullopt);
    CHECK(check("after-comment") == "local");
    auto broken = terraform::declared_backend(d / "broken");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message ==
          "cannot read main.tf: line 1: the block `terraform` is never closed with }");
}

TEST_CASE("local_module_sources reads only a module block's source") {
    TempDir d;
    write_file(
        d / "root/main.tf",
        "resource \"aws_s3_object\" \"o\" {\n  source = \"./index.html\"\n}\n"
        "provisioner_holder \"x\" {\n  provisioner \"file\" {\n    source = \"./conf\"\n  }\n}\n"
        "/*\nmodule \"old\" {\n  source = \"./old\"\n}\n*/\n"
        "module \"net\" { source = \"./net\" }\n");
    auto sources = terraform::local_module_sources(d / "root");
    REQUIRE(sources);
    CHECK(*sources == Paths{"./net"});
}

TEST_CASE("changed_root_modules counts a root whose files do not parse as changed") {
    TempDir d;
    write_file(d / "staging/main.tf", "module \"m\" {\n  source = \"../modules/m\"\n}\n");
    write_file(d / "modules/m/bomb.tf.json", "a0: &a0 [lol, lol]\na1: [*a0, *a0]\n");
    write_file(d / "prod/main.tf", "resource {{{\n");
    write_file(d / "dns/main.tf", "resource \"terraform_data\" \"a\" {}\n");
    auto r =
        terraform::changed_root_modules(d.path(), {"staging", "prod", "dns"}, Paths{"README.md"});
    REQUIRE(r);
    CHECK(*r == Paths{"staging", "prod"});
}

TEST_CASE("a root module with a file that is not HCL counts as changed: terraform says where") {
    TempDir d;
    write_file(d / "a/main.tf", "resource \"terraform_data\" \"a\" {}\n");
    write_file(d / "b/main.tf", "resource \"terraform_data\" \"b\" {\n  x = \"unclosed\n}\n");
    auto r = terraform::changed_root_modules(d.path(), {"a", "b"}, Paths{"c/README.md"});
    REQUIRE(r);
    CHECK(*r == Paths{"b"});
}
