// Scalar typing: what type an unquoted YAML scalar has, the way Kubernetes reads YAML.
#pragma once

#include <cstdint>
#include <optional>
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

} // namespace slipway::manifest
