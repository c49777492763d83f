// The ledger as Prometheus metrics.
#include "view/metrics.hpp"

#include "ledger/queries.hpp"
#include "ledger/records.hpp"

#include <cstdio>
#include <set>

namespace slipway::view {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

std::string labels(const Labels& pairs) {
    std::string out = "{";
    for (const auto& [name, value] : pairs) {
        if (out.size() > 1)
            out += ',';
        out += name + "=\"" + escape_label_value(value) + "\"";
    }
    return out + "}";
}

// A number as the format reads it: seconds to the millisecond the ledger keeps, trailing
// zeros dropped ("1", "0.25").
std::string number(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    std::string text = buffer;
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

struct Family {
    std::string name;
    std::string type;
    std::string help;
    std::string samples;
};

void header(std::string& out, const Family& f) {
    out += "# HELP " + f.name + " " + f.help + "\n# TYPE " + f.name + " " + f.type + "\n";
    out += f.samples;
}

} // namespace

std::string escape_label_value(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

Result<RepositoryMetrics> collect_metrics(ledger::Ledger& ledger, const std::string& repository,
                                          const std::vector<EnvironmentSpec>& environments) {
    RepositoryMetrics m{.repository = repository};
    SLIPWAY_TRY_LET(entries, ledger::read_log(ledger, {}));
    constexpr std::size_t bucket_count = std::size(deploy_duration_buckets);
    for (const auto& entry : *entries) {
        if (const auto* p = std::get_if<ledger::PushEntry>(&entry)) {
            const std::string verdict(ledger::verdict_name(p->push.verdict));
            ++m.pushes[verdict];
            std::set<std::string> rules;
            for (const auto& f : p->push.findings)
                rules.insert(f.rule.empty() ? "none" : f.rule);
            for (const auto& rule : rules)
                ++m.pushes_by_rule[{verdict, rule}];
            continue;
        }
        const auto& d = std::get<ledger::DeployEntry>(entry);
        const std::string& env = d.start.environment;
        ++m.deploys[{env, std::string(d.state())}];
        if (!d.end || !d.end_meta)
            continue;
        auto& h = m.durations[env];
        if (h.buckets.empty())
            h.buckets.assign(bucket_count, 0);
        const double seconds = static_cast<double>(d.duration_ms()) / 1000.0;
        for (std::size_t i = 0; i < bucket_count; ++i)
            if (seconds <= deploy_duration_buckets[i])
                ++h.buckets[i];
        ++h.count;
        h.sum_seconds += seconds;
        if (d.end->outcome == ledger::Outcome::success) {
            auto& last = m.last_success_ms[env];
            last = std::max(last, d.end_meta->time_ms);
        }
    }
    SLIPWAY_TRY_LET(status, collect_status(ledger, environments, {}));
    for (const auto& s : *status)
        m.frozen[s.environment.name] = s.is_frozen();
    return m;
}

std::string format_metrics(const std::vector<RepositoryMetrics>& repositories) {
    Family pushes{"slipway_pushes_total", "counter",
                  "Push attempts recorded in the ledger, by verdict.", ""};
    Family rules{"slipway_push_rule_total", "counter",
                 "Pushes with at least one finding of a rule, by verdict and rule.", ""};
    Family deploys{"slipway_deploys_total", "counter",
                   "Deploys recorded in the ledger, by environment and result (success, failure, "
                   "skipped, unknown, running).",
                   ""};
    Family durations{"slipway_deploy_duration_seconds", "histogram",
                     "How long finished deploys ran, by environment.", ""};
    Family last{"slipway_last_successful_deploy_timestamp_seconds", "gauge",
                "When the last successful deploy to an environment ended, in seconds since the "
                "epoch.",
                ""};
    Family frozen{"slipway_environment_frozen", "gauge",
                  "1 while an environment is frozen (a window of the policy or an operator's "
                  "freeze), else 0.",
                  ""};
    for (const auto& r : repositories) {
        const std::string& repo = r.repository;
        for (const auto& [verdict, n] : r.pushes)
            pushes.samples += pushes.name + labels({{"repository", repo}, {"verdict", verdict}}) +
                              " " + std::to_string(n) + "\n";
        for (const auto& [key, n] : r.pushes_by_rule)
            rules.samples +=
                rules.name +
                labels({{"repository", repo}, {"verdict", key.first}, {"rule", key.second}}) + " " +
                std::to_string(n) + "\n";
        for (const auto& [key, n] : r.deploys)
            deploys.samples +=
                deploys.name +
                labels({{"repository", repo}, {"environment", key.first}, {"result", key.second}}) +
                " " + std::to_string(n) + "\n";
        for (const auto& [env, h] : r.durations) {
            for (std::size_t i = 0; i < h.buckets.size(); ++i)
                durations.samples += durations.name + "_bucket" +
                                     labels({{"repository", repo},
                                             {"environment", env},
                                             {"le", number(deploy_duration_buckets[i])}}) +
                                     " " + std::to_string(h.buckets[i]) + "\n";
            const Labels base = {{"repository", repo}, {"environment", env}};
            Labels inf = base;
            inf.push_back({"le", "+Inf"});
            durations.samples +=
                durations.name + "_bucket" + labels(inf) + " " + std::to_string(h.count) + "\n";
            durations.samples +=
                durations.name + "_sum" + labels(base) + " " + number(h.sum_seconds) + "\n";
            durations.samples +=
                durations.name + "_count" + labels(base) + " " + std::to_string(h.count) + "\n";
        }
        for (const auto& [env, ms] : r.last_success_ms)
            last.samples += last.name + labels({{"repository", repo}, {"environment", env}}) + " " +
                            number(static_cast<double>(ms) / 1000.0) + "\n";
        for (const auto& [env, is_frozen] : r.frozen)
            frozen.samples += frozen.name + labels({{"repository", repo}, {"environment", env}}) +
                              " " + (is_frozen ? "1" : "0") + "\n";
    }
    std::string out;
    for (const auto* f : {&pushes, &rules, &deploys, &durations, &last, &frozen})
        header(out, *f);
    return out;
}

} // namespace slipway::view
