// The `old new ref` lines git hands to pre-receive and post-receive, and what each one does.
#pragma once

#include "git/objects.hpp"
#include "git/repository.hpp"
#include "util/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slipway::git {

/// One line of hook input: move `ref` from `old_id` to `new_id` (zero ids: none).
struct RefUpdate {
    std::string old_id;
    std::string new_id;
    std::string ref;
};

/// Parses hook input, one `old new ref` per line; blank lines are skipped. An error names the
/// first bad line.
Result<std::vector<RefUpdate>> parse_ref_updates(std::string_view input);

enum class Change { create, update, remove };
enum class RefKind { branch, tag, other };

/// "create", "update" or "delete".
const char* change_name(Change change);

/// A ref update with the facts the rules need, read from the repository once.
struct ClassifiedUpdate {
    RefUpdate update;
    Change change = Change::update;
    RefKind ref_kind = RefKind::other;
    std::string short_name;             ///< "master" for refs/heads/master, "v1" for refs/tags/v1
    std::optional<git_oid> old_oid;     ///< absent for a create
    std::optional<git_oid> new_oid;     ///< absent for a delete
    std::optional<ObjectKind> new_kind; ///< kind of the new object itself (tag = annotated)
    std::optional<Peeled> new_peeled;   ///< the new object after peeling tags
    /// For an update of one commit to another: whether old is in new's history.
    bool fast_forward = true;
};

/// The kind of `ref` by its namespace, and its name without the namespace.
RefKind ref_kind_of(std::string_view ref);
std::string short_ref_name(std::string_view ref);

/// Reads what the repository knows about `update`. Fails when an object it names is missing
/// or the ids are malformed.
Result<ClassifiedUpdate> classify(const Repository& repo, const RefUpdate& update);

} // namespace slipway::git
