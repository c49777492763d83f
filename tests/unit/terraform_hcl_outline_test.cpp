// Tests for deploy/hcl_outline: blocks and plain-string attributes of HCL, nothing from inside
// comments, strings, heredocs or expressions.
#include "terraform/hcl_outline.hpp"

#include <catch2/catch.hpp>

using namespace slipway;
using namespace slipway::terraform;
using Path = std::vector<std::string>;

namespace {

terraform::HclOutline outline(std::string_view text) {
    auto out = terraform::outline_hcl(text);
    INFO(text);
    REQUIRE(out);
    return *out;
}

std::string error(std::string_view text) {
    auto out = terraform::outline_hcl(text);
    INFO(text);
    REQUIRE_FALSE(out);
    return out.error().message;
}

} // namespace

TEST_CASE("outline_hcl: nested blocks, their labels and lines, and plain string attributes") {
    auto o = outline("terraform {\n"
                     "  required_version = \">= 1.5\"\n"
                     "  backend \"s3\" {\n"
                     "    bucket = \"state\"\n"
                     "    key    = \"a/${var.x}\"\n"
                     "  }\n"
                     "}\n"
                     "module net {\n  source = \"./net\"\n  count = 2\n}\n");
    REQUIRE(o.blocks.size() == 3);
    CHECK(o.blocks[0].path == Path{"terraform"});
    CHECK(o.blocks[1].path == Path{"terraform", "backend"});
    CHECK(o.blocks[1].labels == Path{"s3"});
    CHECK(o.blocks[1].line == 3);
    CHECK(o.blocks[2].path == Path{"module"});
    CHECK(o.blocks[2].labels == Path{"net"});
    REQUIRE(o.attributes.size() == 5);
    CHECK(o.attributes[0].name == "required_version");
    CHECK(o.attributes[0].text == ">= 1.5");
    CHECK(o.attributes[1].path == Path{"terraform", "backend"});
    CHECK(o.attributes[1].text == "state");
    CHECK(o.attributes[2].name == "key");
    CHECK(o.attributes[2].text == std::nullopt); // a template
    CHECK(o.attributes[3].path == Path{"module"});
    CHECK(o.attributes[3].text == "./net");
    CHECK(o.attributes[3].line == 9);
    CHECK(o.attributes[4].name == "count");
    CHECK(o.attributes[4].text == std::nullopt);
}

TEST_CASE("outline_hcl: nothing is declared by comments, strings, heredocs or object values") {
    auto o = outline("/*\n"
                     "terraform {\n  backend \"s3\" {}\n}\n"
                     "*/\n"
                     "# backend \"gcs\" {\n"
                     "// module \"x\" {\n"
                     "locals {\n"
                     "  script = <<-EOT\n"
                     "    terraform {\n"
                     "      backend \"azurerm\" {\n"
                     "    EOT\n"
                     "  obj = {\n    backend = { s3 = \"}\" }\n    list = [\"{\", \"\\\"{\"]\n  }\n"
                     "  tpl = \"${jsonencode({ a = \"}\" })} %{ if true }x%{ endif }\"\n"
                     "  lit = \"$${not} %%{a} \\\"q\\\"\"\n"
                     "  cmp = a == b ? c : d\n"
                     "}\n");
    REQUIRE(o.blocks.size() == 1);
    CHECK(o.blocks[0].path == Path{"locals"});
    REQUIRE(o.attributes.size() == 5);
    CHECK(o.attributes[0].name == "script");
    CHECK(o.attributes[1].name == "obj");
    CHECK(o.attributes[1].line == 13);
    CHECK(o.attributes[2].name == "tpl");
    CHECK(o.attributes[2].text == std::nullopt);
    CHECK(o.attributes[3].text == "${not} %{a} \"q\"");
    CHECK(o.attributes[4].name == "cmp");
    CHECK(o.attributes[4].line == 19);
}

TEST_CASE("outline_hcl: heredocs in lists, for expressions and comments inside values") {
    auto o =
        outline("resource \"helm_release\" \"k\" {\n"
                "  values = [\n    <<-EOT\n    a: ${b}\n    }\n    EOT\n  ]\n"
                "  subnets = [for k, v in local.azs : cidrsubnet(local.cidr, 4, k)]\n"
                "  tags = merge(local.tags, {\n    # a comment {\n    \"x\" = local.name\n  })\n"
                "  dynamic \"setting\" {\n    for_each = var.s\n    content {\n"
                "      name = setting.key\n    }\n  }\n"
                "}\n");
    REQUIRE(o.blocks.size() == 3);
    CHECK(o.blocks[1].path == Path{"resource", "dynamic"});
    CHECK(o.blocks[2].path == Path{"resource", "dynamic", "content"});
    CHECK(o.blocks[2].line == 15);
    REQUIRE(o.attributes.size() == 5);
    CHECK(o.attributes[1].name == "subnets");
    CHECK(o.attributes[1].line == 8);
    CHECK(o.attributes[2].name == "tags");
    CHECK(o.attributes[4].path == Path{"resource", "dynamic", "content"});
}

TEST_CASE("outline_hcl: one-line blocks, CRLF line ends and a byte order mark") {
    auto o = outline("\xEF\xBB\xBFvariable \"a\" { default = \"x\" }\r\n"
                     "resource \"terraform_data\" \"b\" {}\r\n"
                     "output \"c\" {\r\n  value = 1\r\n}\r\n");
    REQUIRE(o.blocks.size() == 3);
    CHECK(o.blocks[0].path == Path{"variable"});
    CHECK(o.blocks[1].labels == Path{"terraform_data", "b"});
    CHECK(o.blocks[2].path == Path{"output"});
    CHECK(o.blocks[2].line == 3);
    REQUIRE(o.attributes.size() == 2);
    CHECK(o.attributes[0].path == Path{"variable"});
    CHECK(o.attributes[0].text == "x");
    CHECK(o.attributes[1].path == Path{"output"});
}

TEST_CASE("outline_hcl: what is not HCL is an error naming the line") {
    CHECK(error("terraform {\n  backend \"s3\" {\n}\n") ==
          "line 1: the block `terraform` is never closed with }");
    CHECK(error("/* open\nterraform {}\n") == "line 1: a comment /* is never closed with */");
    CHECK(error("a = \"open\nb = 1\n") ==
          "line 1: a string is not closed with \" on the line it starts");
    CHECK(error("a = <<EOT\ntext\n") == "line 1: the heredoc <<EOT is never closed");
    CHECK(error("a = <<\n") == "line 1: a heredoc needs a name and a newline after <<");
    CHECK(error("a = \"${b\"\n") == "line 1: a string is not closed with \" on the line it starts");
    CHECK(error("a = [1,\n 2\n") == "line 1: `[` is never closed");
    CHECK(error("a = (1]\n") == "line 1: unexpected `]`");
    CHECK(error("}\n") == "line 1: expected an attribute or a block, found `}`");
    CHECK(error("x\n") == "line 1: expected `=` or `{` after `x`, found the end of the line");
    CHECK(error("\n\nx \"a\" = 1\n") == "line 3: expected `=` or `{` after `x`, found `=`");
    CHECK(error("a =\n") == "line 1: the attribute `a` has no value");
    CHECK(error("= 1\n") == "line 1: expected an attribute or a block, found `=`");
}
