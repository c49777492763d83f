// What the ledger records: push attempts, deploy starts and ends, and ref confirmations.
#include "ledger/records.hpp"

namespace slipway::ledger {

std::string_view kind_name(RecordKind kind) {
    switch (kind) {
    case RecordKind::push:
        return "push";
    case RecordKind::deploy_start:
        return "deploy_start";
    case RecordKind::deploy_end:
        return "deploy_end";
    case RecordKind::ref_sync:
        return "ref_sync";
    case RecordKind::control:
        return "control";
    }
    return "?";
}

std::string_view control_action_name(ControlAction action) {
    switch (action) {
    case ControlAction::freeze:
        return "freeze";
    case ControlAction::thaw:
        return "thaw";
    case ControlAction::quarantine:
        return "quarantine";
    case ControlAction::unquarantine:
        return "unquarantine";
    case ControlAction::acknowledge:
        return "acknowledge";
    }
    return "?";
}

std::string_view verdict_name(Verdict verdict) {
    return verdict == Verdict::accepted ? "accepted" : "rejected";
}

std::string_view outcome_name(Outcome outcome) {
    switch (outcome) {
    case Outcome::success:
        return "success";
    case Outcome::failure:
        return "failure";
    case Outcome::skipped:
        return "skipped";
    case Outcome::unknown:
        return "unknown";
    }
    return "?";
}

std::string_view severity_name(Severity severity) {
    return severity == Severity::error ? "error" : "warning";
}

std::optional<RecordKind> parse_kind(std::string_view text) {
    for (auto kind : {RecordKind::push, RecordKind::deploy_start, RecordKind::deploy_end,
                      RecordKind::ref_sync, RecordKind::control})
        if (kind_name(kind) == text)
            return kind;
    return std::nullopt;
}

std::optional<Verdict> parse_verdict(std::string_view text) {
    for (auto verdict : {Verdict::accepted, Verdict::rejected})
        if (verdict_name(verdict) == text)
            return verdict;
    return std::nullopt;
}

std::optional<Outcome> parse_outcome(std::string_view text) {
    for (auto outcome : {Outcome::success, Outcome::failure, Outcome::skipped, Outcome::unknown})
        if (outcome_name(outcome) == text)
            return outcome;
    return std::nullopt;
}

std::optional<ControlAction> parse_control_action(std::string_view text) {
    for (auto action : {ControlAction::freeze, ControlAction::thaw, ControlAction::quarantine,
                        ControlAction::unquarantine, ControlAction::acknowledge})
        if (control_action_name(action) == text)
            return action;
    return std::nullopt;
}

std::optional<Severity> parse_severity(std::string_view text) {
    for (auto severity : {Severity::error, Severity::warning})
        if (severity_name(severity) == text)
            return severity;
    return std::nullopt;
}

RecordKind kind_of(const RecordBody& body) {
    switch (body.index()) {
    case 0:
        return RecordKind::push;
    case 1:
        return RecordKind::deploy_start;
    case 2:
        return RecordKind::deploy_end;
    case 3:
        return RecordKind::ref_sync;
    default:
        return RecordKind::control;
    }
}

bool is_absent_id(std::string_view id) {
    return id.find_first_not_of('0') == std::string_view::npos;
}

std::string normalized_id(std::string_view id) {
    return is_absent_id(id) ? std::string() : std::string(id);
}

} // namespace slipway::ledger
