// Container image references ("registry:5000/team/app:tag@sha256:..."), parsed as Docker does.
#include "manifest/image_reference.hpp"

namespace slipway::manifest {
namespace {

bool lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_hex(std::string_view s, std::size_t length) {
    if (s.size() != length)
        return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

// path-component: [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)*
bool valid_path_component(std::string_view s) {
    if (s.empty() || !lower_alnum(s.front()) || !lower_alnum(s.back()))
        return false;
    for (std::size_t i = 0; i < s.size();) {
        if (lower_alnum(s[i])) {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < s.size() && !lower_alnum(s[i]))
            ++i;
        std::string_view sep = s.substr(start, i - start);
        bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
        if (!(sep == "." || sep == "_" || sep == "__" || dashes))
            return false;
    }
    return true;
}

// domain: host labels of [a-zA-Z0-9-] joined by '.', optional ":port"; or an [IPv6] literal.
bool valid_domain(std::string_view s) {
    std::string_view host = s;
    std::size_t bracket = s.rfind(']');
    std::size_t colon = s.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        std::string_view port = s.substr(colon + 1);
        if (port.empty())
            return false;
        for (char c : port)
            if (c < '0' || c > '9')
                return false;
        host = s.substr(0, colon);
    }
    if (host.starts_with('[') && host.ends_with(']'))
        return host.size() > 2;
    if (host.empty())
        return false;
    std::size_t start = 0;
    while (start <= host.size()) {
        std::size_t dot = host.find('.', start);
        std::string_view label = host.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.front() == '-' || label.back() == '-')
            return false;
        for (char c : label)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-'))
                return false;
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return true;
}

bool valid_tag(std::string_view s) {
    if (s.empty() || s.size() > 128)
        return false;
    auto word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    };
    if (!word(s[0]))
        return false;
    for (char c : s)
        if (!word(c) && c != '.' && c != '-')
            return false;
    return true;
}

} // namespace

std::string ImageReference::canonical_name() const {
    if (domain.empty() || domain == "docker.io" || domain == "index.docker.io") {
        std::string out = "docker.io/";
        if (repository.find('/') == std::string_view::npos)
            out += "library/";
        out += repository;
        return out;
    }
    return std::string(domain) + "/" + std::string(repository);
}

Result<ImageReference> parse_image_reference(std::string_view image) {
    if (image.empty())
        return fail("the image is empty");
    if (image.size() > 4096)
        return fail("the image reference is too long");
    ImageReference ref;
    std::string_view rest = image;
    if (std::size_t at = rest.find('@'); at != std::string_view::npos) {
        ref.digest = rest.substr(at + 1);
        rest = rest.substr(0, at);
        std::size_t colon = ref.digest.find(':');
        if (colon == std::string_view::npos || colon == 0 || colon + 1 == ref.digest.size())
            return fail("the digest after '@' must be algorithm:hex (e.g. sha256:...)");
    }
    std::size_t last_slash = rest.rfind('/');
    std::size_t last_colon = rest.rfind(':');
    if (last_colon != std::string_view::npos &&
        (last_slash == std::string_view::npos || last_colon > last_slash)) {
        ref.tag = rest.substr(last_colon + 1);
        rest = rest.substr(0, last_colon);
        if (!valid_tag(ref.tag))
            return fail("the tag " + std::string(ref.tag) +
                        " may only hold letters, digits, '_', '.' and '-' (at most 128)");
    }
    std::size_t first_slash = rest.find('/');
    if (first_slash != std::string_view::npos) {
        std::string_view first = rest.substr(0, first_slash);
        if (first.find('.') != std::string_view::npos ||
            first.find(':') != std::string_view::npos || first == "localhost") {
            ref.domain = first;
            rest = rest.substr(first_slash + 1);
            if (!valid_domain(ref.domain))
                return fail("the registry " + std::string(ref.domain) +
                            " is not a valid host[:port]");
        }
    }
    ref.repository = rest;
    if (rest.empty())
        return fail("the repository name is empty");
    std::size_t start = 0;
    while (true) {
        std::size_t slash = rest.find('/', start);
        std::string_view component = rest.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (!valid_path_component(component))
            return fail("the repository " + std::string(rest) +
                        " may only hold lower-case letters, digits and single separators");
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return ref;
}

bool is_commit_sha(std::string_view tag) {
    return is_hex(tag, 40) || is_hex(tag, 64);
}

bool is_sha256_digest(std::string_view digest) {
    return digest.starts_with("sha256:") && is_hex(digest.substr(7), 64);
}

} // namespace slipway::manifest
