// `slipway serve`: a tiny read-only HTTP/1.0 server of the generated status pages, for a
// quick look without configuring nginx or Apache. One request at a time, each with a short
// timeout; GET and HEAD only.
#pragma once

#include "admin/serve_request.hpp"
#include "util/result.hpp"

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::admin {

/// Listens on `listen` ("127.0.0.1:8080", an IPv4 address and a port) and answers requests
/// (resolve_request) until SIGTERM or SIGINT; says where it listens on `out` first. Fails when
/// the address is not one or cannot be bound.
Status serve_pages(const std::vector<ServedRepository>& repos, std::string_view listen,
                   std::ostream& out);

} // namespace slipway::admin
