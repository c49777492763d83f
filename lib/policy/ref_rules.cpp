// The `refs:` section of the policy.
#include "policy/ref_rules.hpp"

#include "policy/parse.hpp"
#include "util/glob.hpp"

namespace slipway::policy {

namespace {

std::optional<TagRules> parse_tag_rules(Reader& reader, const YamlNode& node) {
    auto f = reader.fields(node, "tag", {"pattern", "annotated", "immutable", "reachable_from"});
    if (!f)
        return std::nullopt;
    TagRules t;
    if (f->has("pattern"))
        t.pattern = reader.pattern((*f)["pattern"], "tag pattern");
    if (f->has("annotated"))
        t.annotated = reader.boolean((*f)["annotated"], "annotated").value_or(false);
    if (f->has("immutable"))
        t.immutable = reader.boolean((*f)["immutable"], "immutable").value_or(false);
    if (f->has("reachable_from")) {
        auto node_r = (*f)["reachable_from"];
        if (auto refs = reader.strings(node_r, "reachable_from")) {
            for (const auto& r : *refs) {
                if (!r.starts_with("refs/heads/") || util::has_wildcard(r))
                    reader.error(node_r, "reachable_from names branches by full ref name, "
                                         "without wildcards (\"refs/heads/master\"), not \"" +
                                             r + "\"");
                else
                    t.reachable_from.push_back(r);
            }
        }
    }
    return t;
}

std::optional<RefRule> parse_rule(Reader& reader, const YamlNode& node,
                                  const Principals& principals) {
    auto f = reader.fields(node, "ref rule",
                           {"match", "protected", "four_eyes", "push", "branch_name", "tag",
                            "push_certificate", "signatures"});
    if (!f)
        return std::nullopt;
    RefRule rule;
    rule.position = Reader::position(node);
    if (!f->has("match")) {
        reader.error(node, "ref rule has no \"match\" (the refs it applies to, e.g. "
                           "refs/heads/master)");
        return std::nullopt;
    }
    if (auto globs = reader.strings((*f)["match"], "match")) {
        for (const auto& g : *globs) {
            if (!g.starts_with("refs/"))
                reader.error((*f)["match"], "match \"" + g +
                                                "\" must be a full ref name starting with refs/ "
                                                "(e.g. refs/heads/" +
                                                g + ")");
            else
                rule.match.push_back(g);
        }
    }
    if (f->has("protected"))
        rule.is_protected = reader.boolean((*f)["protected"], "protected").value_or(false);
    if (f->has("four_eyes"))
        rule.four_eyes = reader.boolean((*f)["four_eyes"], "four_eyes").value_or(false);
    if (f->has("push_certificate"))
        rule.push_certificate =
            parse_required(reader, (*f)["push_certificate"], "push_certificate");
    if (f->has("signatures"))
        rule.signatures = parse_signature_rules(reader, (*f)["signatures"], principals);
    if (f->has("push")) {
        YamlNode push = (*f)["push"];
        if (push.is_sequence() && push.size() == 0) {
            rule.push = std::vector<std::string>{};
        } else if (auto who = reader.strings(push, "push")) {
            check_references(reader, push, principals, *who);
            rule.push = *who;
        }
    }
    if (f->has("branch_name"))
        rule.branch_name = reader.pattern((*f)["branch_name"], "branch_name");
    if (f->has("tag"))
        rule.tag = parse_tag_rules(reader, (*f)["tag"]);
    return rule;
}

} // namespace

bool parse_required(Reader& reader, const YamlNode& node, const std::string& key) {
    auto value = reader.string(node, key);
    if (value && *value == "required")
        return true;
    if (value && *value != "off")
        reader.error(node, key + " is `required` or `off`, not \"" + *value + "\"");
    return false;
}

std::vector<RefRule> parse_ref_rules(Reader& reader, const YamlNode& node,
                                     const Principals& principals) {
    std::vector<RefRule> rules;
    if (!node.is_defined() || node.is_null())
        return rules;
    auto items = reader.sequence(node, "refs");
    if (!items)
        return rules;
    for (const auto& item : *items)
        if (auto rule = parse_rule(reader, item, principals))
            rules.push_back(std::move(*rule));
    return rules;
}

std::vector<const RefRule*> rules_for(const std::vector<RefRule>& rules, const std::string& ref) {
    std::vector<const RefRule*> out;
    for (const auto& rule : rules) {
        for (const auto& glob : rule.match) {
            if (util::glob_match(glob, ref)) {
                out.push_back(&rule);
                break;
            }
        }
    }
    return out;
}

} // namespace slipway::policy
