// Where something was written in the policy file, for messages that point at it.
#pragma once

namespace slipway::policy {

/// 1-based position of a node in the policy file; 0 when unknown.
struct Position {
    int line = 0;
    int column = 0;
};

} // namespace slipway::policy
