// What the ledger records: push attempts, deploy starts and ends, ref confirmations, and what
// operators decide about change control (freezes, quarantines, acknowledgments).
#pragma once

#include "report/finding.hpp"
#include "util/deflate.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace slipway::ledger {

enum class RecordKind { push, deploy_start, deploy_end, ref_sync, control };
enum class Verdict { accepted, rejected };
/// How a deploy or one of its targets ended. `skipped`: not run (overtaken by a newer push,
/// or an earlier target failed). `unknown`: a deploy whose process died before recording its
/// end, and whose evidence does not show that it succeeded: its targets may have applied, so
/// it is neither a success (promotion never counts it) nor a failure.
enum class Outcome { success, failure, skipped, unknown };

/// "push", "deploy_start", "deploy_end", "ref_sync", "control" — the value of `records.kind`.
std::string_view kind_name(RecordKind kind);
/// "accepted", "rejected".
std::string_view verdict_name(Verdict verdict);
/// "success", "failure", "skipped", "unknown".
std::string_view outcome_name(Outcome outcome);
/// "error", "warning".
std::string_view severity_name(Severity severity);

/// What an operator decided (a control record): an environment frozen or thawed, a commit
/// quarantined or released, a break-glass push acknowledged.
enum class ControlAction { freeze, thaw, quarantine, unquarantine, acknowledge };
/// "freeze", "thaw", "quarantine", "unquarantine", "acknowledge".
std::string_view control_action_name(ControlAction action);

/// The inverse of the *_name functions; nullopt for any other text.
std::optional<RecordKind> parse_kind(std::string_view text);
std::optional<Verdict> parse_verdict(std::string_view text);
std::optional<Outcome> parse_outcome(std::string_view text);
std::optional<Severity> parse_severity(std::string_view text);
std::optional<ControlAction> parse_control_action(std::string_view text);

/// One ref moving from `old_id` to `new_id`; all-zero (or empty) ids mean "absent".
struct RefChange {
    std::string ref;
    std::string old_id;
    std::string new_id;
    std::string environment; ///< the environment the ref feeds, per the policy; may be empty
    friend bool operator==(const RefChange&, const RefChange&) = default;
};

/// A signed push's certificate (`git push --signed`), as git verified it for the hooks
/// (GIT_PUSH_CERT*): git checks the signature and the nonce, the gate decides what they mean.
struct PushCertificate {
    std::string status;       ///< GIT_PUSH_CERT_STATUS: "G" good, "B" bad, "E" cannot check, ...
    std::string signer;       ///< GIT_PUSH_CERT_SIGNER: the signer as the key names it
    std::string key;          ///< GIT_PUSH_CERT_KEY: the signing key's id
    std::string nonce;        ///< GIT_PUSH_CERT_NONCE
    std::string nonce_status; ///< GIT_PUSH_CERT_NONCE_STATUS: "OK", "SLOP", "BAD", ...
    std::string text;         ///< the certificate itself, signature included
    friend bool operator==(const PushCertificate&, const PushCertificate&) = default;
};

/// Who signed one commit or tag a push brought, as the gate verified it (rule `signature`).
struct ObjectSigner {
    std::string object; ///< the object id (hex)
    std::string kind;   ///< "commit" or "tag"
    /// The policy user whose key made a good signature; empty when there is none.
    std::string signer;
    std::string key;    ///< the signing key (SSH SHA256: fingerprint, OpenPGP fingerprint or id)
    std::string status; ///< the verdict: "good", "unsigned", "bad", "unknown-key", ...
    friend bool operator==(const ObjectSigner&, const ObjectSigner&) = default;
};

/// One push attempt, accepted or rejected, as pre-receive saw it.
struct PushRecord {
    std::string pusher;
    std::string identity_source; ///< how `pusher` was established: "GL_USERNAME", "os-user"
    std::string protocol;        ///< "ssh", "http", "file"; empty when the server does not say
    std::string remote_address;  ///< empty when the server does not say
    std::vector<std::string> push_options;
    std::vector<RefChange> ref_updates;
    Verdict verdict = Verdict::rejected;
    std::string reason; ///< for a rejection without findings (internal error, ...); may be empty
    Findings findings;
    std::optional<PushCertificate> certificate; ///< nullopt: the push was not signed
    /// The commits and tags whose signatures the gate verified, in the order it did; empty when
    /// no rule asked (and in records before canonical format 4).
    std::vector<ObjectSigner> signatures;
    // No operator==: Finding has none.
};

/// A deploy beginning: what goes where, on whose behalf.
struct DeployStart {
    std::string environment;
    std::string ref;    ///< the source ref that triggered it
    std::string tag;    ///< the tag deployed, when it is a tag deploy
    std::string commit; ///< full commit id
    std::string pusher;
    std::int64_t push_id = 0; ///< the push record that caused it; 0 when unknown
    /// The deploy's log file (util::StateDir::log_file), so that whoever finds it dead can
    /// name it; empty when it had none, and in records of canonical format 1.
    std::string log;
    friend bool operator==(const DeployStart&, const DeployStart&) = default;
};

/// One target of a deploy and how it went. Its output is stored compressed: `stored` as is
/// when set, else `output` compressed on append.
struct TargetResult {
    std::string name;
    std::string kind; ///< "terraform", "kubernetes", "command"
    Outcome outcome = Outcome::failure;
    int exit_code = -1;
    std::int64_t duration_ms = 0;
    std::string output; ///< what the target printed (as kept); what reading a record fills in
    /// The output already compressed, with its size and SHA-256 (report::Output keeps it so,
    /// to hold no more than compressed bytes); when set, `output` is ignored on append. Never
    /// set by reading: a record read back holds `output`, and both give the same hash.
    std::optional<util::Deflated> stored;
    friend bool operator==(const TargetResult&, const TargetResult&) = default;
};

/// A deploy ending, referring to its DeployStart record.
struct DeployEnd {
    std::int64_t deploy_id = 0; ///< id of the deploy_start record
    Outcome outcome = Outcome::failure;
    std::string message; ///< one line for people ("applied 14 objects, pruned 3")
    std::vector<TargetResult> targets;
    std::vector<std::string> pruned;    ///< objects removed ("Deployment shop/legacy-billing")
    std::vector<RefChange> ref_updates; ///< refs the deploy moved (refs/slipway/deployed/...)
    friend bool operator==(const DeployEnd&, const DeployEnd&) = default;
};

/// Confirmation that refs now hold these values, written after they moved: by post-receive
/// for a push (so a crash between the ref update and the ledger is detectable), at install
/// as a baseline, or by an admin acknowledging a reported disagreement.
struct RefSync {
    std::int64_t push_id = 0; ///< the push it confirms; 0 for a baseline or an acknowledgment
    std::string source;       ///< "post-receive", "baseline", "acknowledged"
    std::vector<RefChange> ref_updates;
    friend bool operator==(const RefSync&, const RefSync&) = default;
};

/// A change-control decision by an operator (`slipway freeze`, `thaw`, `quarantine`,
/// `unquarantine`, `audit ack --break-glass`), with who, when (the record's time) and why.
struct ControlRecord {
    ControlAction action = ControlAction::freeze;
    std::string actor;           ///< who decided: the user running the command
    std::string environment;     ///< freeze, thaw: the environment; empty otherwise
    std::string commit;          ///< quarantine, unquarantine: the full commit id; empty otherwise
    std::string reason;          ///< why, as the operator gave it; may be empty for thaw/ack
    std::int64_t subject_id = 0; ///< acknowledge: the push record acknowledged; 0 otherwise
    friend bool operator==(const ControlRecord&, const ControlRecord&) = default;
};

/// The content of a record, whatever its kind.
using RecordBody = std::variant<PushRecord, DeployStart, DeployEnd, RefSync, ControlRecord>;

/// The kind of `body`.
RecordKind kind_of(const RecordBody& body);

/// Where a record sits in the chain.
struct RecordMeta {
    std::int64_t id = 0;
    std::int64_t time_ms = 0;
    int format = 0;        ///< canonical encoding version it was hashed with
    std::string prev_hash; ///< hash of the previous record; 64 zeros for the first
    std::string hash;      ///< SHA-256 of this record's canonical encoding
    friend bool operator==(const RecordMeta&, const RecordMeta&) = default;
};

/// A stored record.
struct Record {
    RecordMeta meta;
    RecordBody body;
};

/// The prev_hash of the first record.
inline const std::string genesis_hash(64, '0');

/// True when `id` names no object: empty or all '0'.
bool is_absent_id(std::string_view id);

/// `id`, or "" when it names no object (is_absent_id): one spelling of "absent" to compare.
std::string normalized_id(std::string_view id);

} // namespace slipway::ledger
