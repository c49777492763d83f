// The gate's checkout budget as the pusher hears of it: a refused checkout is the push's fault.
#pragma once

#include "git/checkout.hpp"
#include "report/finding.hpp"

#include <string>

namespace slipway::check {

/// The finding for `refusal`, a checkout of ref `ref` (empty: some ref of the push) for `what`
/// ("kustomize", "terraform") that git::CheckoutBudget refused before writing anything: a file
/// over the scope's limit is a `yaml-limits` finding at that file (manifests.limits.
/// max_file_bytes); too many bytes or files for the push is a `checkout-limits` finding
/// naming limits.checkout_bytes or limits.checkout_files.
Finding checkout_finding(const std::string& ref, const git::CheckoutRefusal& refusal,
                         const std::string& what);

} // namespace slipway::check
