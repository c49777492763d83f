// The project's one error vocabulary: fallible functions return Result<T>, never throw.
#pragma once

#include <expected>
#include <string>
#include <utility>

// Error and Result live in `slipway` itself, not `slipway::util`: every layer speaks them.
namespace slipway {

/// What went wrong, as a sentence a user or admin can act on.
struct Error {
    std::string message;
};

/// A value or the Error explaining why there is none.
template <class T>
using Result = std::expected<T, Error>;

/// Success of a function that returns no value.
using Status = std::expected<void, Error>;

/// Makes the failure side of a Result from `message`.
inline std::unexpected<Error> fail(std::string message) {
    return std::unexpected<Error>(Error{std::move(message)});
}

/// Prefixes the message of `error` with `context` ("reading x: " + message).
inline std::unexpected<Error> fail(const std::string& context, const Error& error) {
    return std::unexpected<Error>(Error{context + ": " + error.message});
}

} // namespace slipway
