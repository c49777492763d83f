// The `object-name` rule: names and namespaces the Kubernetes API server would accept.
#include "manifest/object_name.hpp"

#include "manifest/field_path.hpp"

namespace slipway::manifest {
namespace {

bool lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool is_label_text(std::string_view s) {
    if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back()))
        return false;
    for (char c : s)
        if (!lower_alnum(c) && c != '-')
            return false;
    return true;
}

// Labels joined by '.', as IsDNS1123Subdomain's regular expression has it.
bool is_subdomain_text(std::string_view s) {
    for (;;) {
        const auto dot = s.find('.');
        if (!is_label_text(s.substr(0, dot)))
            return false;
        if (dot == std::string_view::npos)
            return true;
        s.remove_prefix(dot + 1);
    }
}

constexpr std::string_view subdomain_text =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com')";
constexpr std::string_view label_text =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";
constexpr std::string_view dns1035_text =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or "
    "'abc-123')";

std::string format_name(NameFormat format) {
    switch (format) {
    case NameFormat::dns1123_subdomain:
        return "DNS-1123 subdomain";
    case NameFormat::dns1123_label:
        return "DNS-1123 label";
    case NameFormat::dns1035_label:
        return "DNS-1035 label";
    case NameFormat::path_segment:
        return "path segment name";
    }
    return "name";
}

} // namespace

std::optional<std::string> name_problem(const NameRule& rule, std::string_view name, bool prefix) {
    // apimachinery's maskTrailingDash: a generateName may end in '-'.
    std::string masked(name);
    if (prefix && masked.size() > 1 && masked.back() == '-')
        masked.back() = 'a';
    const std::string_view n = masked;
    std::size_t max = 0;
    switch (rule.format) {
    case NameFormat::dns1123_subdomain:
        max = 253;
        if (!is_subdomain_text(n))
            return std::string(subdomain_text);
        break;
    case NameFormat::dns1123_label:
        max = 63;
        if (!is_label_text(n))
            return std::string(label_text);
        break;
    case NameFormat::dns1035_label:
        max = 63;
        if (!is_label_text(n) || !(n.front() >= 'a' && n.front() <= 'z'))
            return std::string(dns1035_text);
        break;
    case NameFormat::path_segment:
        if (n == "." || n == "..")
            return "may not be '" + std::string(n) + "'";
        if (n.find('/') != std::string_view::npos)
            return std::string("may not contain '/'");
        if (n.find('%') != std::string_view::npos)
            return std::string("may not contain '%'");
        break;
    }
    if (rule.max_length > 0)
        max = rule.max_length;
    if (max > 0 && n.size() > max)
        return "must be no more than " + std::to_string(max) + " characters (it has " +
               std::to_string(n.size()) + ")";
    return std::nullopt;
}

void check_object_name(std::string_view path, const Tree& tree, const Object& object,
                       const Settings& settings, Findings& out) {
    auto add = [&](NodeId at, std::string message) {
        const Node& n = tree.node(at != no_node ? at : object.node);
        out.push_back({.path = std::string(path),
                       .line = static_cast<int>(n.line),
                       .column = static_cast<int>(n.column),
                       .severity = settings.object_name.severity,
                       .message = std::move(message),
                       .rule = "object-name"});
    };
    const std::string prefix =
        object.list_index >= 0 ? "items[" + std::to_string(object.list_index) + "]." : "";
    const bool generated = object.name.empty();
    const std::string_view name = generated ? object.generate_name : object.name;
    const NameRule rule = name_rule_for(object.group, object.kind);
    if (auto why = name_problem(rule, name, generated))
        add(object.name_node, prefix + (generated ? "metadata.generateName " : "metadata.name ") +
                                  quoted(name) + " is not a valid " + std::string(object.kind) +
                                  " name (a " + format_name(rule.format) + "): " + *why +
                                  "; the API server would refuse it");
    if (!object.namespace_name.empty())
        if (auto why = name_problem({NameFormat::dns1123_label}, object.namespace_name))
            add(tree.find(tree.find(object.node, "metadata"), "namespace"),
                prefix + "metadata.namespace " + quoted(object.namespace_name) +
                    " is not a valid namespace name (a DNS-1123 label): " + *why +
                    "; the API server would refuse it");
}

} // namespace slipway::manifest
