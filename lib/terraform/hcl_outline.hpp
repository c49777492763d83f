// The block structure of an HCL (Terraform native syntax) file: which blocks it opens, inside
// which, and the attributes whose value is one plain string. Not an expression parser.
#pragma once

#include "util/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::terraform {

/// A block: `backend "s3" {` inside `terraform {` has path {"terraform", "backend"} and
/// labels {"s3"}.
struct HclBlock {
    std::vector<std::string> path; ///< the types of the enclosing blocks, then its own
    std::vector<std::string> labels;
    int line = 0; ///< 1-based line of its type
};

/// An attribute (`name = expression`) of a block, or of the file when `path` is empty.
struct HclAttribute {
    std::vector<std::string> path; ///< the types of the enclosing blocks
    std::string name;
    /// The value when the expression is one quoted string without `${`/`%{` templates,
    /// escapes decoded; nullopt for any other expression.
    std::optional<std::string> text;
    int line = 0;
};

/// What outline_hcl() found, in the order of the file.
struct HclOutline {
    std::vector<HclBlock> blocks;
    std::vector<HclAttribute> attributes;
};

/// Reads the structure of `text`, skipping what cannot declare anything: comments (`#`, `//`,
/// `/* */`), the insides of strings and heredocs, and expressions (an object `{ ... }` on the
/// right of `=` is a value, not a block). Fails with "line N: ..." on what is not HCL's body
/// syntax: an unterminated string, comment or heredoc, an unbalanced bracket, a statement that
/// is neither `name = value` nor `type "label" {`.
Result<HclOutline> outline_hcl(std::string_view text);

} // namespace slipway::terraform
