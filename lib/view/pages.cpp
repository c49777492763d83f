// The status pages as HTML text.
#include "view/pages.hpp"

#include "ledger/timestamp.hpp"
#include "view/describe.hpp"
#include "view/html.hpp"

#include <map>

namespace slipway::view {

namespace {

using ledger::DeployEntry;
using ledger::PushEntry;

std::string e(std::string_view text) {
    return escape_html(text);
}

std::string link(const std::string& href, const std::string& text) {
    return "<a href=\"" + e(href) + "\">" + e(text) + "</a>";
}

std::string push_link(const PageSet& pages, std::int64_t id) {
    const std::string text = "push #" + std::to_string(id);
    return pages.pushes.count(id) ? link(push_page_name(id), text) : e(text);
}

std::string deploy_link(const PageSet& pages, std::int64_t id) {
    const std::string text = "deploy #" + std::to_string(id);
    return pages.deploys.count(id) ? link(deploy_page_name(id), text) : e(text);
}

// A state word with the class that colours it; the word itself says it, for print and for
// people who do not see colours.
std::string state_cell(std::string_view state, const std::string& content) {
    return "<td class=\"" + e(state) + "\">" + content + "</td>";
}

std::string code(std::string_view text) {
    return "<code>" + e(text) + "</code>";
}

std::string duration(const DeployEntry& d) {
    return d.end ? ledger::format_duration(d.duration_ms()) : std::string("-");
}

std::string header(const std::string& repository, std::string_view what) {
    return "<nav><a href=\"index.html\">" + e(repository) + " overview</a></nav>\n<h1>" + e(what) +
           "</h1>\n";
}

std::string table(const std::vector<std::string>& heads, const std::string& rows) {
    std::string out = "<div class=\"scroll\"><table>\n<tr>";
    for (const auto& h : heads)
        out += "<th>" + e(h) + "</th>";
    return out + "</tr>\n" + rows + "</table></div>\n";
}

std::string fields(const std::vector<std::pair<std::string, std::string>>& rows) {
    std::string out = "<div class=\"scroll\"><table>\n";
    for (const auto& [label, html] : rows)
        if (!html.empty())
            out += "<tr><th>" + e(label) + "</th><td>" + html + "</td></tr>\n";
    return out + "</table></div>\n";
}

std::string findings_list(const Findings& findings) {
    if (findings.empty())
        return "";
    std::string out = "<ul class=\"findings\">\n";
    for (const auto& f : findings)
        out += "<li class=\"finding\">" + code(describe_finding(f)) + "</li>\n";
    return out + "</ul>\n";
}

std::string environments_section(const Overview& o, const PageSet& pages) {
    std::string rows;
    for (const auto& s : o.environments) {
        const auto* d = s.deployed ? &*s.deployed : nullptr;
        const std::string state = s.last_attempt ? std::string(s.last_attempt->state()) : "none";
        std::string result = e(status_result(s));
        if (s.last_attempt)
            result += " (" + deploy_link(pages, s.last_attempt->start_meta.id) + ")";
        std::string freeze = s.is_frozen() ? "frozen" : "";
        rows += "<tr class=\"environment\" data-environment=\"" + e(s.environment.name) +
                "\"><th>" + e(s.environment.name) + "</th><td>" +
                (d ? (pages.deploys.count(d->start_meta.id)
                          ? link(deploy_page_name(d->start_meta.id), short_id(d->start.commit))
                          : code(short_id(d->start.commit)))
                   : std::string("-")) +
                "</td><td>" + e(d && !d->start.tag.empty() ? d->start.tag : "-") + "</td><td>" +
                e(d && d->end_meta ? ledger::format_utc(d->end_meta->time_ms) : "-") + "</td><td>" +
                e(d ? d->start.pusher : "-") + "</td>" + state_cell(state, result) + "<td>" +
                e(d ? duration(*d) : "-") + "</td><td>" +
                e(s.pending.empty() ? "none" : plural(s.pending.size(), "commit", "commits")) +
                "</td>" + (freeze.empty() ? "<td></td>" : state_cell("frozen", "frozen")) +
                "</tr>\n";
    }
    if (o.environments.empty())
        return "<h2>Environments</h2>\n<p>No environments are defined in the policy.</p>\n";
    return "<h2>Environments</h2>\n" + table({"environment", "deployed", "tag", "when", "pushed by",
                                              "last result", "duration", "pending", "freeze"},
                                             rows);
}

// Commits (newest deploy first) against environments: the last deploy of each commit to
// each environment, marked where it runs now.
std::string matrix_section(const Overview& o, const PageSet& pages) {
    std::vector<std::string> commits;
    std::map<std::pair<std::string, std::string>, const DeployEntry*> latest;
    std::map<std::string, std::string> tags;
    auto add = [&](const DeployEntry& d) {
        if (std::find(commits.begin(), commits.end(), d.start.commit) == commits.end())
            commits.push_back(d.start.commit);
        auto key = std::make_pair(d.start.commit, d.start.environment);
        if (!latest.count(key) || latest[key]->start_meta.id < d.start_meta.id)
            latest[key] = &d;
        if (!d.start.tag.empty())
            tags.emplace(d.start.commit, d.start.tag);
    };
    for (const auto& entry : o.recent)
        if (const auto* d = std::get_if<DeployEntry>(&entry))
            add(*d);
    if (commits.empty() || o.environments.empty())
        return "";
    std::vector<std::string> heads = {"commit"};
    for (const auto& s : o.environments)
        heads.push_back(s.environment.name);
    std::string rows;
    for (const auto& commit : commits) {
        rows += "<tr><th>" + code(short_id(commit)) +
                (tags.count(commit) ? " " + e(tags[commit]) : std::string()) + "</th>";
        for (const auto& s : o.environments) {
            auto it = latest.find({commit, s.environment.name});
            if (it == latest.end()) {
                rows += "<td></td>";
                continue;
            }
            const bool here = s.deployed && s.deployed->start.commit == commit;
            rows += state_cell(it->second->state(),
                               e(it->second->state()) + (here ? " (runs here)" : "") + " " +
                                   deploy_link(pages, it->second->start_meta.id));
        }
        rows += "</tr>\n";
    }
    return "<h2>Environments × commits</h2>\n<p class=\"note\">The last deploy of each recent "
           "commit to each environment.</p>\n" +
           table(heads, rows);
}

std::string promotion_section(const Overview& o) {
    std::string items;
    for (const auto& s : o.environments) {
        std::string from = s.environment.promote_from
                               ? "promoted from " + *s.environment.promote_from
                               : "from " + (s.environment.source_refs.empty()
                                                ? std::string("(no ref)")
                                                : join(s.environment.source_refs, ", "));
        items += "<li>" + e(s.environment.name) + ": " + e(from) + "</li>\n";
    }
    return items.empty() ? "" : "<h2>Promotion path</h2>\n<ul>\n" + items + "</ul>\n";
}

std::string pending_section(const Overview& o) {
    constexpr std::size_t shown = 10;
    std::string out;
    for (const auto& s : o.environments) {
        if (s.pending.empty())
            continue;
        out += "<h3>" + e("pending for " + s.environment.name) + "</h3>\n<ul class=\"pending\">\n";
        for (std::size_t i = 0; i < s.pending.size() && i < shown; ++i)
            out += "<li>" + code(short_id(s.pending[i].id)) + " " + e(s.pending[i].summary) +
                   "</li>\n";
        if (s.pending.size() > shown)
            out += "<li>" + e("... and " + std::to_string(s.pending.size() - shown) + " more") +
                   "</li>\n";
        out += "</ul>\n";
    }
    return out.empty() ? "" : "<h2>Pending</h2>\n" + out;
}

std::string change_control_section(const Overview& o, const PageSet& pages) {
    std::string out;
    for (const auto& s : o.environments) {
        if (s.frozen_by_window)
            out += "<li class=\"frozen\">" +
                   e(s.environment.name + ": FROZEN by the window " + *s.frozen_by_window) +
                   "</li>\n";
        if (s.frozen)
            out += "<li class=\"frozen\">" +
                   e(s.environment.name + ": FROZEN by " + s.frozen->control.actor + " since " +
                     ledger::format_utc(s.frozen->meta.time_ms) + " (#" +
                     std::to_string(s.frozen->meta.id) + "): " + s.frozen->control.reason) +
                   "</li>\n";
        for (const auto& p : s.break_glass)
            out += "<li class=\"break-glass\">" +
                   e(s.environment.name + ": BREAK-GLASS not acknowledged: ") +
                   push_link(pages, p.meta.id) +
                   e(" by " + p.push.pusher + " at " + ledger::format_utc(p.meta.time_ms) + ": " +
                     break_glass_reason(p.push)) +
                   "</li>\n";
    }
    return "<h2>Freeze and break-glass</h2>\n" +
           (out.empty() ? std::string("<p>No environment is frozen; no break-glass push waits "
                                      "for review.</p>\n")
                        : "<ul>\n" + out + "</ul>\n");
}

std::string rejected_section(const Overview& o, const PageSet& pages) {
    std::string out = "<h2>Rejected pushes</h2>\n";
    if (o.rejected.empty())
        return out + "<p>None recorded.</p>\n";
    for (const auto& p : o.rejected) {
        out += "<div class=\"rejected-push\"><p>" + push_link(pages, p.meta.id) + " " +
               e("by " + p.push.pusher + " at " + ledger::format_utc(p.meta.time_ms) + ": " +
                 push_summary(p.push)) +
               "</p>\n" + findings_list(p.push.findings) + "</div>\n";
    }
    return out;
}

std::string recent_section(const Overview& o, const PageSet& pages) {
    std::string rows;
    for (const auto& entry : o.recent) {
        if (const auto* p = std::get_if<PushEntry>(&entry)) {
            const std::string state =
                p->push.verdict == ledger::Verdict::accepted ? "success" : std::string("rejected");
            rows += "<tr><td>" + push_link(pages, p->meta.id) + "</td><td>" +
                    e(ledger::format_utc(p->meta.time_ms)) + "</td><td>" + e(p->push.pusher) +
                    "</td>" + state_cell(state, e(push_result(*p))) + "<td>" +
                    e(push_summary(p->push)) + "</td></tr>\n";
        } else {
            const auto& d = std::get<DeployEntry>(entry);
            rows += "<tr><td>" + deploy_link(pages, d.start_meta.id) + "</td><td>" +
                    e(ledger::format_utc(d.start_meta.time_ms)) + "</td><td>" + e(d.start.pusher) +
                    "</td>" + state_cell(d.state(), e(d.state())) + "<td>" + e(deploy_summary(d)) +
                    "</td></tr>\n";
        }
    }
    if (rows.empty())
        return "";
    return "<h2>Recent pushes and deploys</h2>\n" +
           table({"record", "time", "user", "result", "what"}, rows);
}

} // namespace

std::string push_page_name(std::int64_t id) {
    return "push-" + std::to_string(id) + ".html";
}

std::string deploy_page_name(std::int64_t id) {
    return "deploy-" + std::to_string(id) + ".html";
}

std::string overview_page(const Overview& o, const PageSet& pages) {
    std::string body = "<h1>" + e(o.repository) + "</h1>\n<p class=\"note\">" +
                       e("Generated " + ledger::format_utc(o.generated_ms) +
                         " from the ledger; `slipway status` says the same.") +
                       "</p>\n";
    if (!o.policy_problem.empty())
        body += "<p class=\"failure\">" +
                e("The policy cannot be read, so every push is refused and no environment is "
                  "shown: " +
                  o.policy_problem) +
                "</p>\n";
    body += environments_section(o, pages);
    body += matrix_section(o, pages);
    body += promotion_section(o);
    body += pending_section(o);
    body += change_control_section(o, pages);
    body += rejected_section(o, pages);
    body += recent_section(o, pages);
    return html_document(o.repository + ": status", body);
}

std::string push_page(const std::string& repository, const PushEntry& entry, const PageSet& pages) {
    (void)pages;
    const auto& p = entry.push;
    const std::string verdict = p.verdict == ledger::Verdict::accepted ? "success" : "rejected";
    std::string body = header(repository, "push #" + std::to_string(entry.meta.id));
    std::string connection = p.protocol;
    if (!p.remote_address.empty())
        connection += (connection.empty() ? "from " : " from ") + p.remote_address;
    body += fields(
        {{"result", "<span class=\"" + verdict + "\">" + e(push_result(entry)) + "</span>"},
         {"time", e(ledger::format_utc(entry.meta.time_ms))},
         {"pusher", e(p.pusher + (p.identity_source.empty()
                                      ? std::string()
                                      : " (from " + p.identity_source +
                                            (authenticated(p) ? "" : ", unauthenticated") + ")"))},
         {"via", e(connection)},
         {"options", e(join(p.push_options, ", "))},
         {"reason", e(p.reason)},
         {"landed", p.verdict == ledger::Verdict::accepted ? e(ledger::landing_name(entry.landing))
                                                           : std::string()},
         {"hash", code(entry.meta.hash)}});
    std::string rows;
    for (const auto& c : p.ref_updates)
        rows += "<tr><td>" + code(c.ref) + "</td><td>" + e(change_name(c)) + "</td><td>" +
                code(short_id(c.old_id)) + " → " + code(short_id(c.new_id)) + "</td><td>" +
                e(c.environment) + "</td></tr>\n";
    if (!rows.empty())
        body += "<h2>Ref updates</h2>\n" + table({"ref", "change", "commits", "environment"}, rows);
    if (!p.findings.empty())
        body += "<h2>Findings (" + std::to_string(p.findings.size()) + ")</h2>\n" +
                findings_list(p.findings);
    return html_document(repository + ": push #" + std::to_string(entry.meta.id), body);
}

std::string deploy_page(const std::string& repository, const DeployEntry& d, const PageSet& pages,
                        std::size_t output_shown) {
    std::string body = header(repository, "deploy #" + std::to_string(d.start_meta.id) + " to " +
                                              d.start.environment);
    body += fields({{"result", "<span class=\"" + e(d.state()) + "\">" + e(d.state()) + "</span>"},
                    {"environment", e(d.start.environment)},
                    {"commit", code(d.start.commit)},
                    {"tag", e(d.start.tag)},
                    {"ref", e(d.start.ref)},
                    {"pushed by", e(d.start.pusher)},
                    {"push", d.start.push_id ? push_link(pages, d.start.push_id) : std::string()},
                    {"started", e(ledger::format_utc(d.start_meta.time_ms))},
                    {"ended", d.end_meta ? e(ledger::format_utc(d.end_meta->time_ms))
                                         : e("not recorded: still running, or interrupted")},
                    {"duration", e(duration(d))},
                    {"message", d.end ? e(d.end->message) : std::string()}});
    if (!d.end)
        return html_document(repository + ": deploy #" + std::to_string(d.start_meta.id), body);
    const auto& end = *d.end;
    std::string rows;
    for (const auto& t : end.targets)
        rows += "<tr><td>" + e(t.name) + "</td><td>" + e(t.kind) + "</td>" +
                state_cell(ledger::outcome_name(t.outcome), e(ledger::outcome_name(t.outcome))) +
                "<td>" + std::to_string(t.exit_code) + "</td><td>" +
                e(ledger::format_duration(t.duration_ms)) + "</td></tr>\n";
    if (!rows.empty())
        body += "<h2>Targets</h2>\n" + table({"name", "kind", "result", "exit", "time"}, rows);
    if (!end.pruned.empty()) {
        body += "<h2>Pruned</h2>\n<ul>\n";
        for (const auto& p : end.pruned)
            body += "<li>" + e(p) + "</li>\n";
        body += "</ul>\n";
    }
    for (const auto& t : end.targets) {
        body += "<h2>" + e("Output of " + t.name) + "</h2>\n";
        std::string_view output = t.output;
        if (output.size() > output_shown) {
            body += "<p class=\"note\">" +
                    e("The last " + std::to_string(output_shown) + " of " +
                      std::to_string(output.size()) + " bytes; `slipway show <repo> " +
                      std::to_string(d.start_meta.id) + "` has all of it.") +
                    "</p>\n";
            output = output.substr(output.size() - output_shown);
        }
        body += "<pre>" + e(output) + "</pre>\n";
    }
    return html_document(repository + ": deploy #" + std::to_string(d.start_meta.id), body);
}

} // namespace slipway::view
