// Pushes, deploys, ref changes and findings in words.
#include "view/describe.hpp"

#include "ledger/timestamp.hpp"

namespace slipway::view {

std::string short_id(const std::string& id) {
    return ledger::is_absent_id(id) ? std::string("-") : id.substr(0, 7);
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

std::string_view change_name(const ledger::RefChange& change) {
    if (ledger::is_absent_id(change.old_id))
        return "create";
    if (ledger::is_absent_id(change.new_id))
        return "delete";
    return "update";
}

std::string describe_change(const ledger::RefChange& change) {
    auto kind = change_name(change);
    if (kind == "create")
        return change.ref + " (new) " + short_id(change.new_id);
    if (kind == "delete")
        return change.ref + " (deleted, was " + short_id(change.old_id) + ")";
    return change.ref + " " + short_id(change.old_id) + ".." + short_id(change.new_id);
}

std::string describe_finding(const Finding& f) {
    std::string location = f.path;
    if (!location.empty() && f.line > 0) {
        location += ":" + std::to_string(f.line);
        if (f.column > 0)
            location += ":" + std::to_string(f.column);
    }
    std::string text;
    if (!f.ref.empty())
        text += f.ref + ": ";
    if (!location.empty())
        text += location + ": ";
    text += std::string(ledger::severity_name(f.severity)) + ": " + f.message;
    if (!f.rule.empty())
        text += " [" + f.rule + "]";
    return text;
}

bool authenticated(const ledger::PushRecord& p) {
    if (p.identity_source == "os-user")
        return p.protocol == "local";
    return !p.identity_source.empty() && p.identity_source != "none";
}

std::string push_result(const ledger::PushEntry& entry) {
    std::string result(ledger::verdict_name(entry.push.verdict));
    if (entry.landing == ledger::Landing::not_landed ||
        entry.landing == ledger::Landing::partly_landed)
        result += ", " + std::string(ledger::landing_name(entry.landing));
    if (entry.break_glass)
        result += entry.acknowledged_by ? ", break-glass (acknowledged #" +
                                              std::to_string(*entry.acknowledged_by) + ")"
                                        : std::string(", BREAK-GLASS not acknowledged");
    return result;
}

std::string push_summary(const ledger::PushRecord& p) {
    std::vector<std::string> changes;
    for (const auto& c : p.ref_updates)
        changes.push_back(describe_change(c));
    std::string text = join(changes, ", ");
    if (!p.findings.empty())
        text += " (" + plural(p.findings.size(), "finding", "findings") + ")";
    else if (!p.reason.empty())
        text += " (" + p.reason + ")";
    return text;
}

std::string deploy_summary(const ledger::DeployEntry& d) {
    std::string text = d.start.environment + " ← " + short_id(d.start.commit);
    if (!d.start.tag.empty())
        text += " tag " + d.start.tag;
    else if (!d.start.ref.empty())
        text += " from " + d.start.ref;
    if (d.end)
        text += " in " + ledger::format_duration(d.duration_ms());
    return text;
}

std::string break_glass_reason(const ledger::PushRecord& push) {
    constexpr std::string_view option = "slipway.break-glass=";
    for (const auto& o : push.push_options)
        if (o.starts_with(option))
            return o.substr(option.size());
    return "";
}

std::string status_result(const EnvironmentStatus& s) {
    if (!s.last_attempt)
        return "never deployed";
    std::string state(s.last_attempt->state());
    if (s.deployed && s.deployed->start_meta.id == s.last_attempt->start_meta.id)
        return state;
    return state + " (" + short_id(s.last_attempt->start.commit) + ")";
}

} // namespace slipway::view
