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

// Passing a failure up is the most common thing a fallible function does; these two say it in
// one line. Both evaluate their expression once and return its Error, unchanged, from the enclosing
// function (which must return a Result or Status). To add context, use fail(context, error).

/// Evaluates the expression (a Result or Status) and returns its Error when it failed.
#define SLIPWAY_TRY(...)                                                                           \
    do {                                                                                           \
        if (auto slipway_try_ = (__VA_ARGS__); !slipway_try_)                                      \
            return std::unexpected(std::move(slipway_try_).error());                               \
    } while (false)

/// Declares `auto name =` the expression (a Result) and returns its Error when it failed; `*name`
/// is then the value.
#define SLIPWAY_TRY_LET(name, ...)                                                                 \
    auto name = (__VA_ARGS__);                                                                     \
    if (!name)                                                                                     \
    return std::unexpected(std::move(name).error())
