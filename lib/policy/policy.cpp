// Parsing slipway.yaml into a Policy.
#include "policy/policy.hpp"

#include "manifest/yaml_loader.hpp"
#include "policy/parse.hpp"
#include "util/files.hpp"

#include <algorithm>
#include <type_traits>

namespace slipway::policy {

namespace {

// `output:`: how the verdict is written for the forge in front. A prefix is printable ASCII,
// short, and never a line of its own.
std::string parse_output(Reader& reader, const YamlNode& node) {
    auto f = reader.fields(node, "output", {"rejection_prefix"});
    if (!f || !f->has("rejection_prefix"))
        return "";
    auto prefix = reader.string((*f)["rejection_prefix"], "output rejection_prefix");
    if (!prefix)
        return "";
    const bool printable =
        std::all_of(prefix->begin(), prefix->end(), [](char c) { return c >= 0x20 && c < 0x7f; });
    if (!printable || prefix->size() > 32) {
        reader.error((*f)["rejection_prefix"],
                     "output rejection_prefix is at most 32 printable ASCII characters (GitLab's "
                     "is \"GL-HOOK-ERR: \")");
        return "";
    }
    return *prefix;
}

// "<source>:<line>:<col>: <message>" for a finding of the YAML loader.
std::string located(const std::string& source, const Finding& f) {
    if (f.line == 0)
        return source + ": " + f.message;
    return source + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
           f.message;
}

// Duplicate and non-mapping keys, which the Reader reports in its own words where it reads
// the mapping: the loader's finding stands only where the Reader said nothing.
bool about_keys(const Finding& f) {
    return f.message.starts_with("duplicate key ") ||
           f.message.starts_with("a mapping key must be a plain value");
}

// `limits:`; each key a whole number within its bounds, problems to `reader`.
void parse_push_limits(Reader& reader, const YamlNode& node, PushLimits& out) {
    auto f = reader.fields(node, "limits",
                           {"checkout_bytes", "checkout_files", "tree_depth", "findings",
                            "findings_per_file", "push_options", "push_option_bytes",
                            "push_options_bytes", "deploy_output_bytes"});
    if (!f)
        return;
    auto read = [&](const char* key, auto& into, long long max) {
        if (f->has(key))
            if (auto v = reader.integer((*f)[key], std::string("limits.") + key, 1, max))
                into = static_cast<std::remove_reference_t<decltype(into)>>(*v);
    };
    read("checkout_bytes", out.checkout_bytes, 1LL << 40);
    read("checkout_files", out.checkout_files, 100000000);
    read("tree_depth", out.tree_depth, static_cast<long long>(max_tree_depth));
    read("findings", out.findings, 100000);
    read("findings_per_file", out.findings_per_file, 100000);
    read("push_options", out.push_options, 100000);
    read("push_option_bytes", out.push_option_bytes, 1LL << 20);
    read("push_options_bytes", out.push_options_bytes, 1LL << 30);
    read("deploy_output_bytes", out.deploy_output_bytes,
         static_cast<long long>(max_deploy_output_bytes));
}

} // namespace

Result<Policy> parse_policy(std::string_view text, const std::string& source) {
    // The manifest loader, with its limits: a policy is hostile input too (aliases, depth,
    // size), and tags are applied or refused as everywhere else.
    const manifest::LoadedFile file = manifest::load_yaml(source, text, manifest::Limits{});
    std::vector<const Finding*> key_findings;
    std::string yaml_errors;
    for (const auto& f : file.findings) {
        if (file.complete && about_keys(f))
            key_findings.push_back(&f);
        else
            yaml_errors += (yaml_errors.empty() ? "" : "\n") + located(source, f);
    }
    if (!yaml_errors.empty())
        return fail(yaml_errors);
    if (file.documents.size() > 1)
        return fail(source + ":" + std::to_string(file.documents[1].line) +
                    ":1: the policy is one YAML document; remove the second (from its ---)");
    if (file.documents.empty() || file.documents.front().root == manifest::no_node) {
        return fail(source + ": the policy is empty; it needs at least `version: 1`");
    }
    const YamlNode root(file.tree, file.documents.front().root);
    Reader reader(source);
    Policy policy;
    auto f =
        reader.fields(root, "the policy",
                      {"version", "identity", "groups", "users", "signing", "refs", "environments",
                       "manifests", "terraform", "limits", "sandbox", "break_glass", "output"});
    if (!f)
        return fail(reader.errors().front());
    if (!f->has("version"))
        reader.error(root, "the policy has no \"version\"; start it with `version: 1`");
    else if (auto v = reader.integer((*f)["version"], "version", 1, 1))
        policy.version = static_cast<int>(*v);
    policy.identity = parse_identity(reader, (*f)["identity"]);
    policy.principals = parse_principals(reader, (*f)["groups"], (*f)["users"]);
    policy.refs = parse_ref_rules(reader, (*f)["refs"], policy.principals);
    policy.environments = parse_environments(reader, (*f)["environments"], policy.principals);
    policy.manifests = parse_manifests(reader, (*f)["manifests"], policy.environments);
    policy.terraform = parse_terraform_checks(reader, (*f)["terraform"], policy.principals);
    policy.signing = parse_signing(reader, (*f)["signing"]);
    if (f->has("limits"))
        parse_push_limits(reader, (*f)["limits"], policy.limits);
    if (f->has("break_glass"))
        if (auto who = reader.strings((*f)["break_glass"], "break_glass")) {
            check_references(reader, (*f)["break_glass"], policy.principals, *who);
            policy.break_glass = *who;
        }
    for (const Finding* k : key_findings) {
        const std::string at =
            source + ":" + std::to_string(k->line) + ":" + std::to_string(k->column) + ": ";
        if (std::none_of(reader.errors().begin(), reader.errors().end(),
                         [&](const std::string& e) { return e.starts_with(at); }))
            reader.error(Position{k->line, k->column}, k->message);
    }
    if (f->has("sandbox")) {
        auto mode = reader.string((*f)["sandbox"], "sandbox");
        if (mode && *mode == "off")
            policy.sandbox = util::Sandboxing::off;
        else if (mode && *mode != "on")
            reader.error((*f)["sandbox"],
                         "sandbox is `on` (the default) or `off`, not \"" + *mode + "\"");
    }
    policy.manifests.kustomize.sandbox = policy.sandbox;
    if (f->has("output"))
        policy.rejection_prefix = parse_output(reader, (*f)["output"]);
    if (!reader.errors().empty()) {
        std::string all;
        for (const auto& e : reader.errors())
            all += (all.empty() ? "" : "\n") + e;
        return fail(all);
    }
    return policy;
}

Result<Policy> load_policy(const std::filesystem::path& path) {
    SLIPWAY_TRY_LET(text, util::read_file(path));
    return parse_policy(*text, path.string());
}

} // namespace slipway::policy
