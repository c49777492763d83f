// The `refs:` section: rules attached to refs by glob, and which rules apply to a ref.
#pragma once

#include "policy/position.hpp"
#include "policy/principals.hpp"
#include "policy/signatures.hpp"
#include "util/pattern.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace slipway::policy {

/// What a rule demands of tags it matches.
struct TagRules {
    std::optional<util::Pattern> pattern;    ///< the tag name (without refs/tags/) must match
    bool annotated = false;                  ///< lightweight tags are refused
    bool immutable = false;                  ///< an existing tag never moves or goes away
    std::vector<std::string> reachable_from; ///< branches (full ref names) one must contain
};

/// One entry of `refs:`. Every rule whose `match` globs match a ref applies to it; their
/// demands add up.
struct RefRule {
    std::vector<std::string> match; ///< globs over full ref names ("refs/heads/release/*")
    Position position;              ///< where the rule starts in the file
    bool is_protected = false;      ///< no force-push, no deletion
    bool four_eyes = false;         ///< pusher must not be the author of every new commit
    std::optional<std::vector<std::string>> push; ///< who may push; absent: anyone
    std::optional<util::Pattern> branch_name;     ///< short names of new branches must match
    std::optional<TagRules> tag;
    /// `push_certificate: required`: a push updating the ref must be signed (`git push
    /// --signed`) by the pusher's own key.
    bool push_certificate = false;
    /// `signatures:`: new commits and/or annotated tags must be signed by a policy user.
    std::optional<SignatureRules> signatures;
};

/// Longest short ref name ("feature/x", "v1.2.3") the gate matches against a pattern. Git keeps
/// a ref as a file, 255 bytes per path component, so no real name comes near; a longer one is
/// refused (`branch-name`, `tag-pattern`) before any matching.
inline constexpr std::size_t max_ref_name_bytes = 1024;

/// The rules of `rules` whose globs match `ref`, in file order.
std::vector<const RefRule*> rules_for(const std::vector<RefRule>& rules, const std::string& ref);

} // namespace slipway::policy
