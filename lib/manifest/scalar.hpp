// Scalar typing: what type an unquoted YAML scalar has, the way Kubernetes reads YAML.
#pragma once

#include "util/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slipway::manifest {

/// The JSON type a YAML scalar becomes once Kubernetes converts the document to JSON.
enum class ScalarType : std::uint8_t { null, boolean, integer, number, string };

/// The type of the plain (unquoted) scalar `text` under the YAML 1.1 rules Kubernetes uses
/// (go-yaml v2 behind sigs.k8s.io/yaml): "", "~", "null" are null; "true", "yes", "on" (and
/// their false twins, in three casings) are booleans; decimal, 0x, 0o, 0b and leading-zero
/// octal integers (underscores allowed) are integers; decimal floats and ".inf"/".nan" are
/// numbers; everything else (timestamps included) is a string. Quoted scalars are strings and
/// never reach this function.
ScalarType resolve_plain(std::string_view text);

/// The value of `text` when resolve_plain() says integer; nullopt otherwise or on overflow.
std::optional<std::int64_t> parse_integer(std::string_view text);

/// The value of `text` when resolve_plain() says integer or number; nullopt otherwise.
std::optional<double> parse_number(std::string_view text);

/// "null", "boolean", "integer", "number" or "string": how messages name `type`.
std::string_view type_name(ScalarType type);

/// True when `text`, written unquoted, would not read back as this very string for one of the
/// readers of a rendering: Kubernetes (resolve_plain: "80", "yes", "~", "0x1f"), a YAML 1.1
/// reader (sexagesimal "1:20" and "1:20.5", timestamps "2001-12-14", "0b1", "=", "<<") or a
/// YAML 1.2 core reader ("1e3", "0o17"). A writer quotes such strings.
bool plain_is_ambiguous(std::string_view text);

/// A scalar's value once its tag is applied.
struct TaggedScalar {
    ScalarType type = ScalarType::string;
    /// The value's text when the tag changes it: `!!binary` decoded, `!!timestamp` in RFC 3339
    /// as kustomize writes it ("2001-12-14T00:00:00Z"), `!!bool` as true or false.
    std::optional<std::string> text;
};

/// Applies `tag` (as libyaml resolves it: "tag:yaml.org,2002:int" for `!!int`, "!" for the
/// non-specific tag, "!Ref" as written) to the scalar `text`, the way kustomize (go-yaml v3)
/// reads it: `!!str` and `!` make a string; `!!int` (any base, underscores), `!!float`,
/// `!!bool` (true or false only), `!!null` type it and fail when the text is not such a value;
/// `!!binary` decodes standard base64 (line breaks ignored) into UTF-8 text; `!!timestamp`
/// takes the forms go-yaml v3 accepts. Any other tag (`!Ref`, `!!set`, `!!python/...`) fails:
/// Kubernetes has no meaning for it, and kubectl would silently drop it. The Error is a
/// sentence naming the tag as written (`!!int`), without a position.
Result<TaggedScalar> apply_tag(std::string_view tag, std::string_view text);

/// Tag `tag` (as libyaml resolves it) on a mapping (`mapping` true) or a sequence: fine for
/// `!`, `!!map` on a mapping and `!!seq` on a sequence; otherwise an Error like apply_tag's.
Status check_container_tag(std::string_view tag, bool mapping);

/// `tag` as the file spells it: "!!int" for "tag:yaml.org,2002:int", else `tag` itself.
std::string written_tag(std::string_view tag);

} // namespace slipway::manifest
