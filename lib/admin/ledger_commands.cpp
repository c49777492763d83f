// The read-only admin commands over the ledger: status, log, show, audit verify, audit head.
#include "admin/ledger_commands.hpp"

#include "ledger/timestamp.hpp"
#include "ledger/verify.hpp"
#include "util/json.hpp"
#include "view/describe.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace slipway::admin {

namespace {

using ledger::DeployEntry;
using ledger::PushEntry;
using ledger::RefChange;
using util::Json;
using view::authenticated;
using view::break_glass_reason;
using view::change_name;
using view::deploy_summary;
using view::describe_change;
using view::describe_finding;
using view::join;
using view::plural;
using view::push_result;
using view::push_summary;
using view::short_id;
using view::status_result;

// ---- small text helpers ---------------------------------------------------------------

std::string full_id(const std::string& id) {
    return ledger::is_absent_id(id) ? std::string("(none)") : id;
}

// Columns line up on screen: count code points, not bytes (names and arrows are UTF-8).
std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.push_back(0);
            widths[i] = std::max(widths[i], display_width(row[i]));
        }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line.append(widths[i] - display_width(row[i]) + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << '\n';
    }
}

using Fields = std::vector<std::pair<std::string, std::string>>;

// "  label:   value" lines, values aligned; empty values are left out.
void print_fields(std::ostream& out, const Fields& fields) {
    std::size_t width = 0;
    for (const auto& [label, value] : fields)
        if (!value.empty())
            width = std::max(width, display_width(label));
    for (const auto& [label, value] : fields)
        if (!value.empty())
            out << "  " << label << ':' << std::string(width - display_width(label) + 1, ' ')
                << value << '\n';
}

// Ref changes as aligned rows: ref, full old → new ids, [environment].
void print_ref_changes(std::ostream& out, const std::vector<RefChange>& changes) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : changes)
        rows.push_back({"  " + c.ref, full_id(c.old_id) + " → " + full_id(c.new_id),
                        c.environment.empty() ? "" : "[" + c.environment + "]"});
    print_table(out, rows);
}

// ---- JSON ---------------------------------------------------------------------------

void put_time(Json& j, const std::string& key, std::int64_t ms) {
    j[key] = ledger::format_utc_ms(ms);
    j[key + "_ms"] = ms;
}

Json id_or_null(std::int64_t id) {
    return id == 0 ? Json() : Json(id);
}

Json ref_changes_json(const std::vector<RefChange>& changes) {
    Json out = Json::array();
    for (const auto& c : changes) {
        Json j;
        j["ref"] = c.ref;
        j["old"] = c.old_id;
        j["new"] = c.new_id;
        j["environment"] = c.environment;
        j["change"] = change_name(c);
        out.push_back(std::move(j));
    }
    return out;
}

Json strings_json(const std::vector<std::string>& values) {
    Json out = Json::array();
    for (const auto& v : values)
        out.push_back(v);
    return out;
}

Json push_json(const PushEntry& entry) {
    const auto& p = entry.push;
    Json j;
    j["type"] = "push";
    j["id"] = entry.meta.id;
    put_time(j, "time", entry.meta.time_ms);
    j["pusher"] = p.pusher;
    j["identity_source"] = p.identity_source;
    j["authenticated"] = authenticated(p);
    j["protocol"] = p.protocol;
    j["remote_address"] = p.remote_address;
    j["push_options"] = strings_json(p.push_options);
    j["ref_updates"] = ref_changes_json(p.ref_updates);
    j["verdict"] = ledger::verdict_name(p.verdict);
    j["reason"] = p.reason;
    Json findings = Json::array();
    for (const auto& f : p.findings) {
        Json fj;
        fj["ref"] = f.ref;
        fj["path"] = f.path;
        fj["line"] = f.line;
        fj["column"] = f.column;
        fj["severity"] = ledger::severity_name(f.severity);
        fj["message"] = f.message;
        fj["rule"] = f.rule;
        findings.push_back(std::move(fj));
    }
    j["findings"] = std::move(findings);
    if (const auto& c = p.certificate) {
        Json cj;
        cj["status"] = c->status;
        cj["signer"] = c->signer;
        cj["key"] = c->key;
        cj["nonce"] = c->nonce;
        cj["nonce_status"] = c->nonce_status;
        cj["text"] = c->text;
        j["certificate"] = std::move(cj);
    } else {
        j["certificate"] = Json();
    }
    Json signatures = Json::array();
    for (const auto& sig : p.signatures) {
        Json sj;
        sj["object"] = sig.object;
        sj["kind"] = sig.kind;
        sj["signer"] = sig.signer;
        sj["key"] = sig.key;
        sj["status"] = sig.status;
        signatures.push_back(std::move(sj));
    }
    j["signatures"] = std::move(signatures);
    j["confirmed_by"] = entry.confirmed_by ? Json(*entry.confirmed_by) : Json();
    j["landing"] =
        p.verdict == ledger::Verdict::accepted ? Json(ledger::landing_name(entry.landing)) : Json();
    j["not_landed"] = strings_json(entry.not_landed);
    if (entry.break_glass) {
        Json bg;
        bg["acknowledged_by"] = entry.acknowledged_by ? Json(*entry.acknowledged_by) : Json();
        j["break_glass"] = std::move(bg);
    } else {
        j["break_glass"] = Json();
    }
    j["hash"] = entry.meta.hash;
    j["prev_hash"] = entry.meta.prev_hash;
    return j;
}

Json deploy_json(const DeployEntry& entry, ledger::Output output) {
    const auto& s = entry.start;
    Json j;
    j["type"] = "deploy";
    j["id"] = entry.start_meta.id;
    j["environment"] = s.environment;
    j["ref"] = s.ref;
    j["tag"] = s.tag;
    j["commit"] = s.commit;
    j["pusher"] = s.pusher;
    j["push_id"] = id_or_null(s.push_id);
    j["log"] = s.log;
    j["state"] = entry.state();
    put_time(j, "started", entry.start_meta.time_ms);
    j["hash"] = entry.start_meta.hash;
    j["prev_hash"] = entry.start_meta.prev_hash;
    Json targets = Json::array();
    if (entry.end && entry.end_meta) {
        const auto& e = *entry.end;
        j["end_id"] = entry.end_meta->id;
        put_time(j, "ended", entry.end_meta->time_ms);
        j["duration_ms"] = entry.duration_ms();
        j["message"] = e.message;
        j["end_hash"] = entry.end_meta->hash;
        for (const auto& t : e.targets) {
            Json tj;
            tj["name"] = t.name;
            tj["kind"] = t.kind;
            tj["outcome"] = ledger::outcome_name(t.outcome);
            tj["exit_code"] = t.exit_code;
            tj["duration_ms"] = t.duration_ms;
            if (output == ledger::Output::include)
                tj["output"] = t.output;
            targets.push_back(std::move(tj));
        }
        j["pruned"] = strings_json(e.pruned);
        j["ref_updates"] = ref_changes_json(e.ref_updates);
    } else {
        for (auto key : {"end_id", "ended", "ended_ms", "duration_ms", "message", "end_hash"})
            j[key] = Json();
        j["pruned"] = Json::array();
        j["ref_updates"] = Json::array();
    }
    j["targets"] = std::move(targets);
    return j;
}

Json confirmation_json(const ledger::ConfirmationEntry& entry) {
    Json j;
    j["type"] = "ref_sync";
    j["id"] = entry.meta.id;
    put_time(j, "time", entry.meta.time_ms);
    j["push_id"] = id_or_null(entry.sync.push_id);
    j["source"] = entry.sync.source;
    j["ref_updates"] = ref_changes_json(entry.sync.ref_updates);
    j["hash"] = entry.meta.hash;
    j["prev_hash"] = entry.meta.prev_hash;
    return j;
}

Json control_json(const ledger::ControlEntry& entry) {
    Json j;
    j["type"] = "control";
    j["id"] = entry.meta.id;
    put_time(j, "time", entry.meta.time_ms);
    j["action"] = ledger::control_action_name(entry.control.action);
    j["actor"] = entry.control.actor;
    j["environment"] = entry.control.environment;
    j["commit"] = entry.control.commit;
    j["reason"] = entry.control.reason;
    j["subject_id"] = id_or_null(entry.control.subject_id);
    j["hash"] = entry.meta.hash;
    j["prev_hash"] = entry.meta.prev_hash;
    return j;
}

void print_json(std::ostream& out, const Json& j) {
    out << j.dump(util::JsonStyle::pretty) << '\n';
}

// ---- text of pushes and deploys ---------------------------------------------------

// "alice <alice@example.com> (key 6F3A..., signature G, nonce OK)"; "" for an unsigned push
// (the line is then left out).
std::string signed_by(const ledger::PushRecord& p) {
    if (!p.certificate)
        return "";
    const auto& c = *p.certificate;
    return c.signer + " (key " + c.key + ", signature " + c.status + ", nonce " + c.nonce_status +
           ")";
}

void print_push(std::ostream& out, const PushEntry& entry) {
    const auto& p = entry.push;
    out << "push #" << entry.meta.id << ": " << push_result(entry) << '\n';
    std::string pusher = p.pusher;
    if (!p.identity_source.empty())
        pusher +=
            " (from " + p.identity_source + (authenticated(p) ? "" : ", unauthenticated") + ")";
    std::string via = p.protocol;
    if (!p.remote_address.empty())
        via += (via.empty() ? "from " : " from ") + p.remote_address;
    std::string confirmed;
    if (p.verdict == ledger::Verdict::accepted)
        confirmed = entry.confirmed_by ? "by record #" + std::to_string(*entry.confirmed_by)
                                       : "no: post-receive has not recorded it";
    std::string landed;
    if (entry.landing == ledger::Landing::not_landed)
        landed = "no: git refused every ref after the gate (another push won the race, or a "
                 "later hook said no)";
    else if (entry.landing == ledger::Landing::partly_landed)
        landed = "partly: git refused " + join(entry.not_landed, ", ") + " after the gate";
    else if (entry.landing == ledger::Landing::landed)
        landed = "yes";
    print_fields(out, {{"time", ledger::format_utc(entry.meta.time_ms)},
                       {"pusher", pusher},
                       {"via", via},
                       {"options", join(p.push_options, ", ")},
                       {"reason", p.reason},
                       {"signed", signed_by(p)},
                       {"confirmed", confirmed},
                       {"landed", landed},
                       {"hash", entry.meta.hash},
                       {"prev hash", entry.meta.prev_hash}});
    if (!p.ref_updates.empty()) {
        out << "ref updates:\n";
        print_ref_changes(out, p.ref_updates);
    }
    if (!p.signatures.empty()) {
        // "  3f2a9c1 commit  signed by alice (key SHA256:..., good)"
        out << "signatures (" << p.signatures.size() << "):\n";
        for (const auto& sig : p.signatures)
            out << "  " << sig.object.substr(0, 7) << ' ' << sig.kind << "  "
                << (sig.signer.empty() ? std::string("no policy user's signature")
                                       : "signed by " + sig.signer)
                << " (" << (sig.key.empty() ? "" : "key " + sig.key + ", ") << sig.status << ")\n";
    }
    if (!p.findings.empty()) {
        out << "findings (" << p.findings.size() << "):\n";
        for (const auto& f : p.findings)
            out << "  " << describe_finding(f) << '\n';
    }
}

void print_deploy(std::ostream& out, const DeployEntry& d) {
    out << "deploy #" << d.start_meta.id << ": " << d.state() << '\n';
    std::string ended = d.end_meta ? ledger::format_utc(d.end_meta->time_ms) + " (" +
                                         ledger::format_duration(d.duration_ms()) + ")"
                                   : "not recorded: still running, or interrupted";
    print_fields(out, {{"environment", d.start.environment},
                       {"commit", d.start.commit},
                       {"tag", d.start.tag},
                       {"ref", d.start.ref},
                       {"pusher", d.start.pusher},
                       {"push", d.start.push_id ? "#" + std::to_string(d.start.push_id) : ""},
                       {"started", ledger::format_utc(d.start_meta.time_ms)},
                       {"log", d.start.log},
                       {"ended", ended},
                       {"end record", d.end_meta ? "#" + std::to_string(d.end_meta->id) : ""},
                       {"message", d.end ? d.end->message : ""},
                       {"hash", d.start_meta.hash},
                       {"end hash", d.end_meta ? d.end_meta->hash : ""}});
    if (!d.end)
        return;
    const auto& e = *d.end;
    if (!e.targets.empty()) {
        out << "targets:\n";
        std::vector<std::vector<std::string>> rows = {{"  NAME", "KIND", "RESULT", "EXIT", "TIME"}};
        for (const auto& t : e.targets)
            rows.push_back({"  " + t.name, t.kind, std::string(ledger::outcome_name(t.outcome)),
                            std::to_string(t.exit_code), ledger::format_duration(t.duration_ms)});
        print_table(out, rows);
    }
    if (!e.pruned.empty()) {
        out << "pruned:\n";
        for (const auto& p : e.pruned)
            out << "  " << p << '\n';
    }
    if (!e.ref_updates.empty()) {
        out << "refs moved:\n";
        print_ref_changes(out, e.ref_updates);
    }
    for (const auto& t : e.targets) {
        out << "--- output of " << t.name << " (" << t.kind << ", exit " << t.exit_code
            << ") ---\n";
        out << t.output;
        if (!t.output.empty() && t.output.back() != '\n')
            out << '\n';
    }
}

void print_confirmation(std::ostream& out, const ledger::ConfirmationEntry& c) {
    out << "ref sync #" << c.meta.id << ": "
        << (c.sync.push_id ? "confirms push #" + std::to_string(c.sync.push_id)
                           : std::string("no push"))
        << '\n';
    print_fields(out, {{"time", ledger::format_utc(c.meta.time_ms)},
                       {"source", c.sync.source},
                       {"hash", c.meta.hash},
                       {"prev hash", c.meta.prev_hash}});
    if (!c.sync.ref_updates.empty()) {
        out << "ref updates:\n";
        print_ref_changes(out, c.sync.ref_updates);
    }
}

void print_control(std::ostream& out, const ledger::ControlEntry& c) {
    out << "control #" << c.meta.id << ": " << ledger::control_action_name(c.control.action)
        << '\n';
    print_fields(out, {{"time", ledger::format_utc(c.meta.time_ms)},
                       {"by", c.control.actor},
                       {"environment", c.control.environment},
                       {"commit", c.control.commit},
                       {"reason", c.control.reason},
                       {"push", c.control.subject_id ? "#" + std::to_string(c.control.subject_id)
                                                     : std::string()},
                       {"hash", c.meta.hash},
                       {"prev hash", c.meta.prev_hash}});
}

// ---- status -----------------------------------------------------------------------------

Json change_control_json(const EnvironmentStatus& s, Json j) {
    Json freeze;
    if (s.frozen_by_window)
        freeze["window"] = *s.frozen_by_window;
    if (s.frozen) {
        Json by;
        by["record_id"] = s.frozen->meta.id;
        by["actor"] = s.frozen->control.actor;
        by["reason"] = s.frozen->control.reason;
        put_time(by, "since", s.frozen->meta.time_ms);
        freeze["operator"] = std::move(by);
    }
    j["frozen"] = s.frozen_by_window || s.frozen;
    j["freeze"] = s.frozen_by_window || s.frozen ? std::move(freeze) : Json();
    Json uses = Json::array();
    for (const auto& p : s.break_glass) {
        Json u;
        u["push_id"] = p.meta.id;
        u["pusher"] = p.push.pusher;
        u["reason"] = break_glass_reason(p.push);
        put_time(u, "time", p.meta.time_ms);
        uses.push_back(std::move(u));
    }
    j["break_glass_unacknowledged"] = std::move(uses);
    return j;
}

// `status --at`: the deploy record behind each row, to take to `slipway show`.
void print_deploy_records(const std::vector<EnvironmentStatus>& rows, std::ostream& out) {
    out << "\ndeploy records:\n";
    for (const auto& s : rows) {
        out << "  " << s.environment.name << ": ";
        if (!s.deployed) {
            out << "nothing had been deployed successfully\n";
            continue;
        }
        const auto& d = *s.deployed;
        out << "deploy #" << d.start_meta.id << " of " << d.start.commit
            << (d.start.tag.empty() ? "" : " (tag " + d.start.tag + ")") << ", pushed by "
            << d.start.pusher
            << (d.start.push_id ? " in push #" + std::to_string(d.start.push_id) : "")
            << ", deployed " << ledger::format_utc(d.end_meta->time_ms) << "\n";
    }
}

// Per environment, its freeze and the break-glass uses no admin acknowledged, when it has any.
void print_change_control(const std::vector<EnvironmentStatus>& rows, std::ostream& out) {
    for (const auto& s : rows) {
        if (!s.frozen_by_window && !s.frozen && s.break_glass.empty())
            continue;
        out << "\n" << s.environment.name << ":\n";
        if (s.frozen_by_window)
            out << "  FROZEN by the window " << *s.frozen_by_window << "\n";
        if (s.frozen)
            out << "  FROZEN by " << s.frozen->control.actor << " since "
                << ledger::format_utc(s.frozen->meta.time_ms) << " (#" << s.frozen->meta.id
                << "): " << s.frozen->control.reason << "\n";
        for (const auto& p : s.break_glass)
            out << "  BREAK-GLASS not acknowledged: push #" << p.meta.id << " by " << p.push.pusher
                << " at " << ledger::format_utc(p.meta.time_ms) << ": "
                << break_glass_reason(p.push) << " (`slipway audit ack <repo> --break-glass "
                << p.meta.id << "`)\n";
    }
}

Json status_json(const std::vector<EnvironmentStatus>& rows) {
    Json environments = Json::array();
    for (const auto& s : rows) {
        Json j;
        j["name"] = s.environment.name;
        j["source_refs"] = strings_json(s.environment.source_refs);
        j["deployed"] = s.deployed ? deploy_json(*s.deployed, ledger::Output::omit) : Json();
        j["last_attempt"] =
            s.last_attempt ? deploy_json(*s.last_attempt, ledger::Output::omit) : Json();
        Json pending = Json::array();
        for (const auto& p : s.pending) {
            Json pj;
            pj["id"] = p.id;
            pj["summary"] = p.summary;
            pending.push_back(std::move(pj));
        }
        j["pending"] = std::move(pending);
        environments.push_back(change_control_json(s, std::move(j)));
    }
    Json out;
    out["environments"] = std::move(environments);
    return out;
}

constexpr std::size_t pending_shown = 10;

Result<std::int64_t> parse_positive(std::string_view text) {
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || value <= 0)
        return fail("not a positive number");
    return value;
}

} // namespace

void print_status(const std::vector<EnvironmentStatus>& rows, Format format, std::ostream& out,
                  std::optional<std::int64_t> at_ms) {
    if (format == Format::json) {
        Json j = status_json(rows);
        if (at_ms)
            put_time(j, "at", *at_ms);
        print_json(out, j);
        return;
    }
    if (rows.empty()) {
        out << "no environments are defined in the policy\n";
        return;
    }
    if (at_ms)
        out << "as of " << ledger::format_utc(*at_ms) << " (the ledger's records up to then)\n";
    std::vector<std::vector<std::string>> table = {
        {"ENVIRONMENT", "DEPLOYED", "TAG", "WHEN", "BY", "RESULT", "PENDING"}};
    for (const auto& s : rows) {
        const auto* d = s.deployed ? &*s.deployed : nullptr;
        table.push_back(
            {s.environment.name, d ? short_id(d->start.commit) : "-",
             d && !d->start.tag.empty() ? d->start.tag : "-",
             d && d->end_meta ? ledger::format_utc(d->end_meta->time_ms) : "-",
             d ? d->start.pusher : "-", status_result(s),
             s.pending.empty() ? "none" : plural(s.pending.size(), "commit", "commits")});
    }
    print_table(out, table);
    for (const auto& s : rows) {
        if (s.pending.empty())
            continue;
        out << "\npending for " << s.environment.name;
        if (!s.environment.source_refs.empty())
            out << " (" << join(s.environment.source_refs, ", ") << ")";
        out << ":\n";
        for (std::size_t i = 0; i < s.pending.size() && i < pending_shown; ++i)
            out << "  " << short_id(s.pending[i].id) << " " << s.pending[i].summary << '\n';
        if (s.pending.size() > pending_shown)
            out << "  ... and " << s.pending.size() - pending_shown << " more\n";
    }
    if (at_ms)
        print_deploy_records(rows, out);
    print_change_control(rows, out);
}

Result<int> run_status(ledger::Ledger& ledger, const std::vector<EnvironmentSpec>& environments,
                       const PendingLookup& pending, Format format, std::ostream& out,
                       const StatusOptions& options) {
    SLIPWAY_TRY_LET(rows, collect_status(ledger, environments, pending, options));
    print_status(*rows, format, out, options.at_ms);
    return 0;
}

Result<int> run_log(ledger::Ledger& ledger, const ledger::LogFilter& filter, Format format,
                    std::ostream& out) {
    SLIPWAY_TRY_LET(entries, ledger::read_log(ledger, filter));
    if (format == Format::json) {
        Json list = Json::array();
        for (const auto& e : *entries) {
            if (auto* p = std::get_if<PushEntry>(&e))
                list.push_back(push_json(*p));
            else
                list.push_back(deploy_json(std::get<DeployEntry>(e), ledger::Output::omit));
        }
        Json doc;
        doc["count"] = entries->size();
        doc["entries"] = std::move(list);
        print_json(out, doc);
        return 0;
    }
    if (entries->empty()) {
        out << "no matching records\n";
        return 0;
    }
    std::vector<std::vector<std::string>> table = {
        {"ID", "TIME", "TYPE", "USER", "RESULT", "WHAT"}};
    for (const auto& e : *entries) {
        if (auto* p = std::get_if<PushEntry>(&e))
            table.push_back({std::to_string(p->meta.id), ledger::format_utc(p->meta.time_ms),
                             "push", p->push.pusher, push_result(*p), push_summary(p->push)});
        else {
            const auto& d = std::get<DeployEntry>(e);
            table.push_back({std::to_string(d.start_meta.id),
                             ledger::format_utc(d.start_meta.time_ms), "deploy", d.start.pusher,
                             std::string(d.state()), deploy_summary(d)});
        }
    }
    print_table(out, table);
    return 0;
}

Result<int> run_show(ledger::Ledger& ledger, std::int64_t id, Format format, std::ostream& out) {
    SLIPWAY_TRY_LET(shown, ledger::show_record(ledger, id, ledger::Output::include));
    if (!*shown)
        return fail("no record #" + std::to_string(id) + " in the ledger " +
                    ledger.path().string() + "; `slipway log` lists them");
    if (format == Format::json) {
        if (auto* p = std::get_if<PushEntry>(&**shown))
            print_json(out, push_json(*p));
        else if (auto* d = std::get_if<DeployEntry>(&**shown))
            print_json(out, deploy_json(*d, ledger::Output::include));
        else if (auto* c = std::get_if<ledger::ControlEntry>(&**shown))
            print_json(out, control_json(*c));
        else
            print_json(out, confirmation_json(std::get<ledger::ConfirmationEntry>(**shown)));
        return 0;
    }
    if (auto* p = std::get_if<PushEntry>(&**shown))
        print_push(out, *p);
    else if (auto* d = std::get_if<DeployEntry>(&**shown))
        print_deploy(out, *d);
    else if (auto* c = std::get_if<ledger::ControlEntry>(&**shown))
        print_control(out, *c);
    else
        print_confirmation(out, std::get<ledger::ConfirmationEntry>(**shown));
    return 0;
}

Result<int> run_audit_verify(ledger::Ledger& ledger, const std::optional<std::string>& kept_head,
                             Format format, std::ostream& out) {
    SLIPWAY_TRY_LET(report, ledger::verify_chain(ledger, kept_head));
    // A chain of no records has nothing wrong in it, but `slipway install` starts every ledger
    // with a baseline: one without records lost its history (deleted, emptied, or salvaged
    // from a damaged file with nothing left), and calling it intact would hide that.
    if (report->ok() && report->records == 0)
        report->problem = ledger::ChainProblem{
            .record_id = 0,
            .reason = "the ledger holds no records, but `slipway install` starts every ledger "
                      "with a baseline: its history is gone; restore a backup (`slipway audit "
                      "restore`) or start a new chain (`slipway audit rebaseline`)"};
    if (format == Format::json) {
        Json j;
        j["ok"] = report->ok();
        j["records"] = report->records;
        Json head;
        head["id"] = report->head.id;
        head["hash"] = report->head.hash;
        j["head"] = std::move(head);
        j["kept_head"] = kept_head ? Json(*kept_head) : Json();
        if (report->problem) {
            Json problem;
            problem["record_id"] = id_or_null(report->problem->record_id);
            problem["reason"] = report->problem->reason;
            j["problem"] = std::move(problem);
        } else {
            j["problem"] = Json();
        }
        print_json(out, j);
    } else if (report->ok()) {
        out << "OK: " << plural(static_cast<std::size_t>(report->records), "record", "records")
            << ", chain intact";
        if (kept_head)
            out << ", kept head found";
        out << "; head #" << report->head.id << " " << report->head.hash << '\n';
    } else {
        out << "FAILED: ";
        if (report->problem->record_id != 0)
            out << "record #" << report->problem->record_id << ": ";
        out << report->problem->reason << '\n';
    }
    return report->ok() ? 0 : 1;
}

Result<int> run_audit_head(ledger::Ledger& ledger, Format format, std::ostream& out) {
    SLIPWAY_TRY_LET(head, ledger.head());
    if (format == Format::json) {
        Json j;
        j["id"] = head->id;
        j["hash"] = head->hash;
        if (head->id != 0) {
            put_time(j, "time", head->time_ms);
        } else {
            j["time"] = Json();
            j["time_ms"] = Json();
        }
        print_json(out, j);
    } else {
        out << head->hash << '\n';
    }
    return 0;
}

Result<std::int64_t> parse_since(std::string_view text, std::int64_t now_ms) {
    if (auto absolute = ledger::parse_utc(text))
        return *absolute;
    if (text.size() >= 2) {
        std::int64_t unit = 0;
        switch (text.back()) {
        case 's':
            unit = 1000;
            break;
        case 'm':
            unit = 60'000;
            break;
        case 'h':
            unit = 3'600'000;
            break;
        case 'd':
            unit = 86'400'000;
            break;
        case 'w':
            unit = 7 * 86'400'000LL;
            break;
        default:
            break;
        }
        auto count = parse_positive(text.substr(0, text.size() - 1));
        if (unit != 0 && count && *count < (INT64_MAX / unit))
            return now_ms - *count * unit;
    }
    return fail("`" + std::string(text) +
                "` is not a time; use 2024-05-01, 2024-05-01T12:00:03Z, or an age like 30m, "
                "2h, 7d");
}

Result<std::int64_t> parse_record_id(std::string_view text) {
    std::string_view digits = text.starts_with('#') ? text.substr(1) : text;
    auto id = parse_positive(digits);
    if (!id)
        return fail("`" + std::string(text) +
                    "` is not a record id; use a number from `slipway log`, e.g. 42");
    return *id;
}

} // namespace slipway::admin
