// The gate: every ref rule over every update of a push, all findings collected.
#pragma once

#include "check/push_context.hpp"
#include "report/finding.hpp"

namespace slipway::check {

/// Runs every rule on every update of `ctx` and returns all findings (none: the push may
/// go ahead). An Error means the gate could not decide; the caller must reject the push.
Result<Findings> evaluate_refs(const PushContext& ctx);

} // namespace slipway::check
