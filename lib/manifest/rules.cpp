// The per-object policy rules: image-pinned, image-registry, denied-kind, namespace,
// required-labels, resources, deprecated-api, object-name.
#include "manifest/rules.hpp"

#include "manifest/field_path.hpp"
#include "manifest/image_reference.hpp"
#include "manifest/kube_tables.hpp"
#include "manifest/object_name.hpp"
#include "manifest/workload.hpp"

#include <string>

namespace slipway::manifest {
namespace {

// Past the findings limit rules stop adding (and looking): the file is rejected already.
bool full(const Findings& out, const Settings& settings) {
    return out.size() >= settings.limits.max_findings;
}

void add(Findings& out, std::string_view path, const Tree& tree, NodeId at,
         const RuleSetting& setting, std::string rule, std::string message) {
    const Node& n = tree.node(at);
    out.push_back({.path = std::string(path),
                   .line = static_cast<int>(n.line),
                   .column = static_cast<int>(n.column),
                   .severity = setting.severity,
                   .message = std::move(message),
                   .rule = std::move(rule)});
}

std::string object_label(const Object& object) {
    return std::string(object.kind) + " " +
           quoted(object.name.empty() ? object.generate_name : object.name);
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty())
            out += ", ";
        out += s;
    }
    return out;
}

// `"server" (spec.template.spec.containers[0])`, or just the path when it has no name.
std::string container_label(const ContainerRef& c) {
    return c.name.empty() ? c.path : quoted(c.name) + " (" + c.path + ")";
}

bool custom_cluster_scoped(const Settings& settings, const Object& object) {
    for (const auto& selector : settings.cluster_scoped_kinds)
        if (kind_selector_matches(selector, object.api_version, object.group, object.kind))
            return true;
    return false;
}

// Every (container, image node) pair of a workload whose image is a string.
template <class F>
void for_each_image(const Tree& tree, const Object& object, const Settings& settings,
                    const Findings& out, F&& f) {
    for (const ContainerRef& c : workload_containers(tree, object)) {
        if (full(out, settings))
            return;
        NodeId image = tree.find(c.node, "image");
        if (image != no_node && tree.is_string(image))
            f(c, image, tree.text(image));
    }
}

} // namespace

bool namespace_matches(std::string_view pattern, std::string_view ns) {
    if (pattern.ends_with('*'))
        return ns.starts_with(pattern.substr(0, pattern.size() - 1));
    return pattern == ns;
}

bool registry_allows(std::string_view prefix, std::string_view image) {
    while (prefix.ends_with('/'))
        prefix.remove_suffix(1);
    if (prefix.empty() || !image.starts_with(prefix))
        return false;
    if (image.size() == prefix.size())
        return true;
    char next = image[prefix.size()];
    return next == '/' || next == ':' || next == '@';
}

void check_image_pinned(std::string_view path, const Tree& tree, const Object& object,
                        const Settings& settings, Findings& out) {
    // The definitions do not require `image`, but the API server does.
    for (const ContainerRef& c : workload_containers(tree, object)) {
        if (full(out, settings))
            return;
        if (tree.find(c.node, "image") == no_node)
            add(out, path, tree, c.node, settings.image_pinned, "image-pinned",
                "container " + container_label(c) +
                    " has no image; set one tagged with the commit SHA or pinned by an @sha256 "
                    "digest");
    }
    for_each_image(
        tree, object, settings, out, [&](const ContainerRef&, NodeId at, std::string_view image) {
            constexpr std::string_view how = "; use the commit SHA tag or an @sha256 digest";
            auto ref = parse_image_reference(image);
            if (!ref) {
                add(out, path, tree, at, settings.image_pinned, "image-pinned",
                    "image " + quoted(image) + " is not a valid image reference (" +
                        ref.error().message + "); write registry/repository:tag");
                return;
            }
            if (!ref->digest.empty()) {
                if (!is_sha256_digest(ref->digest))
                    add(out, path, tree, at, settings.image_pinned, "image-pinned",
                        "image " + quoted(image) +
                            " is not pinned: its digest is not sha256 with 64 hex digits" +
                            std::string(how));
                return;
            }
            if (ref->tag.empty()) {
                add(out, path, tree, at, settings.image_pinned, "image-pinned",
                    "image " + quoted(image) + " is not pinned (no tag means :latest)" +
                        std::string(how));
                return;
            }
            if (!is_commit_sha(ref->tag))
                add(out, path, tree, at, settings.image_pinned, "image-pinned",
                    "image " + quoted(image) + " is not pinned" + std::string(how));
        });
}

void check_image_registry(std::string_view path, const Tree& tree, const Object& object,
                          const Settings& settings, Findings& out) {
    if (settings.allowed_registries.empty())
        return;
    for_each_image(
        tree, object, settings, out, [&](const ContainerRef&, NodeId at, std::string_view image) {
            auto ref = parse_image_reference(image);
            std::string canonical = ref ? ref->canonical_name() : std::string();
            for (const auto& prefix : settings.allowed_registries)
                if (registry_allows(prefix, image) || (ref && registry_allows(prefix, canonical)))
                    return;
            std::string shown = quoted(image);
            if (ref && !image.starts_with(canonical))
                shown += " (" + canonical + ")";
            add(out, path, tree, at, settings.image_registry, "image-registry",
                "image " + shown + " is not from an allowed registry; use an image from " +
                    join(settings.allowed_registries));
        });
}

void check_denied_kind(std::string_view path, const Tree& tree, const Object& object,
                       const Settings& settings, Findings& out) {
    for (const auto& selector : settings.denied_kinds) {
        if (!kind_selector_matches(selector, object.api_version, object.group, object.kind))
            continue;
        add(out, path, tree, tree.find(object.node, "kind"), settings.denied_kind, "denied-kind",
            "kind " + quoted(object.kind) + " is not allowed here; remove " + object_label(object) +
                " or ask an admin to allow the kind");
        return;
    }
}

void check_namespace(std::string_view path, const Tree& tree, const Object& object,
                     const Settings& settings, Findings& out) {
    const auto& allowed = settings.allowed_namespaces;
    if (allowed.empty())
        return;
    auto ok = [&](std::string_view ns) {
        for (const auto& pattern : allowed)
            if (namespace_matches(pattern, ns))
                return true;
        return false;
    };
    std::string choices = join(allowed);
    if (object.group.empty() && object.kind == "Namespace") {
        if (!ok(object.name))
            add(out, path, tree, object.name_node, settings.namespace_rule, "namespace",
                "namespace " + quoted(object.name) + " is not allowed here; create only " +
                    choices);
        return;
    }
    if (is_cluster_scoped(object.group, object.kind) || custom_cluster_scoped(settings, object))
        return;
    NodeId meta = tree.find(object.node, "metadata");
    if (!object.namespace_name.empty()) {
        if (!ok(object.namespace_name))
            add(out, path, tree, tree.find(meta, "namespace"), settings.namespace_rule, "namespace",
                "namespace " + quoted(object.namespace_name) + " is not allowed here; use one of " +
                    choices);
        return;
    }
    NodeId at = object.name_node != no_node ? object.name_node : meta;
    if (settings.default_namespace.empty()) {
        add(out, path, tree, at, settings.namespace_rule, "namespace",
            object_label(object) +
                " sets no namespace and this target has no default; set metadata.namespace to "
                "one of " +
                choices);
        return;
    }
    if (!ok(settings.default_namespace))
        add(out, path, tree, at, settings.namespace_rule, "namespace",
            object_label(object) + " sets no namespace, so it would go to " +
                quoted(settings.default_namespace) +
                ", which is not allowed here; set metadata.namespace to one of " + choices);
}

void check_required_labels(std::string_view path, const Tree& tree, const Object& object,
                           const Settings& settings, Findings& out) {
    if (settings.labels.empty())
        return;
    NodeId meta = tree.find(object.node, "metadata");
    NodeId labels = tree.find(meta, "labels");
    NodeId at = labels != no_node ? labels : meta;
    for (const auto& label : settings.labels) {
        if (full(out, settings))
            return;
        NodeId value = tree.find(labels, label);
        bool present = value != no_node && tree.node(value).type != NodeType::null &&
                       !(tree.is_string(value) && tree.text(value).empty());
        if (!present)
            add(out, path, tree, at, settings.required_labels, "required-labels",
                "missing required label " + quoted(label) + " in metadata.labels of " +
                    object_label(object) + "; add it");
    }
}

void check_resources(std::string_view path, const Tree& tree, const Object& object,
                     const Settings& settings, Findings& out) {
    if (settings.required_requests.empty() && settings.required_limits.empty())
        return;
    for (const ContainerRef& c : workload_containers(tree, object)) {
        if (full(out, settings))
            return;
        if (c.ephemeral)
            continue;
        NodeId resources = tree.find(c.node, "resources");
        std::vector<std::string> missing;
        auto need = [&](std::string_view section, const std::vector<std::string>& names) {
            NodeId map = tree.find(resources, section);
            for (const auto& name : names) {
                NodeId v = tree.find(map, name);
                if (v == no_node || tree.node(v).type == NodeType::null)
                    missing.push_back("resources." + std::string(section) + "." + name);
            }
        };
        need("requests", settings.required_requests);
        need("limits", settings.required_limits);
        if (missing.empty())
            continue;
        add(out, path, tree, resources != no_node ? resources : c.node, settings.resources,
            "resources",
            "container " + container_label(c) + " has no " + join(missing) +
                "; set resources.requests and resources.limits for every container");
    }
}

void check_deprecated_api(std::string_view path, const Tree& tree, const Object& object,
                          const Settings& settings, Findings& out) {
    auto target = parse_kube_version(settings.kubernetes_version);
    if (!target)
        return;
    const RemovedApi* removed = find_removed_api(object.group, object.version, object.kind);
    if (!removed || *target < removed->removed_in)
        return;
    auto version = [](KubeVersion v) {
        return std::to_string(v.major) + "." + std::to_string(v.minor);
    };
    std::string message = std::string(object.api_version) + " " + std::string(object.kind) +
                          " is no longer served by Kubernetes " + version(*target) +
                          " (removed in " + version(removed->removed_in) + ")";
    if (removed->replacement.empty())
        message += " and has no replacement; remove it";
    else
        message += "; use apiVersion " + std::string(removed->replacement);
    add(out, path, tree, tree.find(object.node, "apiVersion"), settings.deprecated_api,
        "deprecated-api", std::move(message));
}

void check_policy_rules(std::string_view path, const Tree& tree, const Object& object,
                        const Settings& settings, Findings& out) {
    if (settings.image_pinned.enabled)
        check_image_pinned(path, tree, object, settings, out);
    if (settings.image_registry.enabled)
        check_image_registry(path, tree, object, settings, out);
    if (settings.denied_kind.enabled)
        check_denied_kind(path, tree, object, settings, out);
    if (settings.namespace_rule.enabled)
        check_namespace(path, tree, object, settings, out);
    if (settings.required_labels.enabled)
        check_required_labels(path, tree, object, settings, out);
    if (settings.resources.enabled)
        check_resources(path, tree, object, settings, out);
    if (settings.deprecated_api.enabled)
        check_deprecated_api(path, tree, object, settings, out);
    if (settings.object_name.enabled)
        check_object_name(path, tree, object, settings, out);
}

Status validate_settings(const Settings& settings) {
    if (!settings.kubernetes_version.empty() && !parse_kube_version(settings.kubernetes_version))
        return fail("Kubernetes version " + quoted(settings.kubernetes_version) +
                    " is not a version like 1.29");
    auto selectors = [](const std::vector<std::string>& list, std::string_view what) -> Status {
        for (const auto& s : list)
            if (s.empty() || s.ends_with('/'))
                return fail(std::string(what) + " holds " + quoted(s) +
                            ", which is not Kind, group/Kind or apiVersion/Kind");
        return {};
    };
    SLIPWAY_TRY(selectors(settings.denied_kinds, "denied kinds"));
    SLIPWAY_TRY(selectors(settings.schema_skip_kinds, "schema skip kinds"));
    SLIPWAY_TRY(selectors(settings.cluster_scoped_kinds, "cluster-scoped kinds"));
    for (const auto& r : settings.allowed_registries)
        if (r.empty() || r == "/")
            return fail("an allowed registry prefix is empty");
    return {};
}

} // namespace slipway::manifest
