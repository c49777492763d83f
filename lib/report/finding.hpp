// A Finding: one problem the gate found in a push, as the pusher will read it.
#pragma once

#include <string>
#include <vector>

// Like Error, Finding lives in `slipway` itself, not `slipway::report`: the manifest rules, the
// gate, the ledger and the CLI all speak it.
namespace slipway {

enum class Severity { error, warning };

/// One problem with a push. A policy violation is a Finding, not an Error: the gate collects
/// all of them and reports them together.
struct Finding {
    std::string ref;  ///< the ref update it concerns ("refs/heads/master"); empty for the push
    std::string path; ///< file inside the pushed tree; empty when not about a file
    int line = 0;     ///< 1-based; 0 when unknown
    int column = 0;   ///< 1-based; 0 when unknown
    Severity severity = Severity::error;
    std::string message; ///< one sentence: what is wrong and how to fix it
    std::string rule;    ///< kebab-case rule id the user can search for ("force-push")
};

using Findings = std::vector<Finding>;

/// Number of findings in `findings` whose severity is error.
inline std::size_t count_errors(const Findings& findings) {
    std::size_t n = 0;
    for (const auto& f : findings)
        n += f.severity == Severity::error ? 1 : 0;
    return n;
}

} // namespace slipway
