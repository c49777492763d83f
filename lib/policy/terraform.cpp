// The `terraform:` section of the policy.
#include "policy/terraform.hpp"

#include "policy/parse.hpp"

#include <algorithm>

namespace slipway::policy {

namespace {

// The names environments' terraform targets accept: lowercase letters, digits and '-'.
bool valid_workspace(const std::string& name) {
    return !name.empty() && name.size() <= 63 && name.front() != '-' &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
           });
}

// A variable name as a shell writes it: letters, digits and '_', not starting with a digit.
bool valid_variable_name(const std::string& name) {
    return !name.empty() && !(name.front() >= '0' && name.front() <= '9') &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_';
           });
}

std::optional<TerraformPlanCheck> parse_plan(Reader& reader, const YamlNode& node,
                                             const Principals& principals) {
    auto f = reader.fields(node, "terraform plan", {"pushers", "workspace", "env"});
    if (!f)
        return std::nullopt;
    TerraformPlanCheck plan;
    if (!f->has("pushers")) {
        reader.error(node, "terraform plan needs \"pushers\": a plan runs code from the pushed "
                           "tree, so only the users and @groups listed there get one");
        return std::nullopt;
    }
    if (auto who = reader.strings((*f)["pushers"], "pushers")) {
        check_references(reader, (*f)["pushers"], principals, *who);
        plan.pushers = *who;
    }
    if (f->has("workspace")) {
        auto ws = reader.string((*f)["workspace"], "workspace");
        if (ws && !valid_workspace(*ws))
            reader.error((*f)["workspace"],
                         "workspace \"" + *ws + "\" must be lowercase letters, digits and '-'");
        else if (ws)
            plan.workspace = *ws;
    }
    if (f->has("env"))
        if (auto names = reader.strings((*f)["env"], "terraform plan env")) {
            for (const auto& name : *names)
                if (!valid_variable_name(name))
                    reader.error((*f)["env"], "terraform plan env: \"" + name +
                                                  "\" is not the name of an environment variable");
            plan.env = *names;
        }
    return plan;
}

} // namespace

TerraformChecks parse_terraform_checks(Reader& reader, const YamlNode& node,
                                       const Principals& principals) {
    TerraformChecks checks;
    if (!node.is_defined() || node.is_null())
        return checks;
    auto f =
        reader.fields(node, "terraform", {"fmt", "validate", "plan", "timeout", "plugin_mirror"});
    if (!f)
        return checks;
    if (f->has("fmt"))
        checks.fmt = reader.boolean((*f)["fmt"], "fmt").value_or(true);
    if (f->has("validate"))
        checks.validate = reader.boolean((*f)["validate"], "validate").value_or(true);
    if (f->has("plan"))
        checks.plan = parse_plan(reader, (*f)["plan"], principals);
    if (f->has("timeout"))
        if (auto v = reader.integer((*f)["timeout"], "timeout (seconds)", 1, 86400))
            checks.timeout = std::chrono::seconds(*v);
    if (f->has("plugin_mirror"))
        if (auto dir = reader.string((*f)["plugin_mirror"], "plugin_mirror")) {
            if (!dir->starts_with("/"))
                reader.error((*f)["plugin_mirror"],
                             "plugin_mirror \"" + *dir +
                                 "\" must be an absolute path on the server (a provider mirror "
                                 "or plugin cache directory)");
            else
                checks.plugin_mirror = *dir;
        }
    return checks;
}

} // namespace slipway::policy
