// The `old new ref` lines of hook input, and what each one does.
#include "git/ref_update.hpp"

#include "git/history.hpp"
#include "git/oid.hpp"

namespace slipway::git {

Result<std::vector<RefUpdate>> parse_ref_updates(std::string_view input) {
    std::vector<RefUpdate> out;
    std::size_t line_no = 0;
    while (!input.empty()) {
        ++line_no;
        auto nl = input.find('\n');
        std::string_view line = input.substr(0, nl);
        input = nl == std::string_view::npos ? std::string_view{} : input.substr(nl + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty())
            continue;
        auto s1 = line.find(' ');
        auto s2 = s1 == std::string_view::npos ? s1 : line.find(' ', s1 + 1);
        auto bad = [&](const std::string& why) {
            return fail("hook input line " + std::to_string(line_no) + " (\"" +
                        std::string(line.substr(0, 200)) + "\") " + why);
        };
        if (s2 == std::string_view::npos)
            return bad("is not `<old> <new> <ref>`");
        RefUpdate u{std::string(line.substr(0, s1)), std::string(line.substr(s1 + 1, s2 - s1 - 1)),
                    std::string(line.substr(s2 + 1))};
        if (!is_zero_id(u.old_id) && !is_full_hex_id(u.old_id))
            return bad("has a malformed old id");
        if (!is_zero_id(u.new_id) && !is_full_hex_id(u.new_id))
            return bad("has a malformed new id");
        if (u.ref.empty() || u.ref.find(' ') != std::string::npos)
            return bad("has a malformed ref name");
        out.push_back(std::move(u));
    }
    return out;
}

const char* change_name(Change change) {
    switch (change) {
    case Change::create:
        return "create";
    case Change::update:
        return "update";
    case Change::remove:
        return "delete";
    }
    return "update";
}

RefKind ref_kind_of(std::string_view ref) {
    if (ref.starts_with("refs/heads/"))
        return RefKind::branch;
    if (ref.starts_with("refs/tags/"))
        return RefKind::tag;
    return RefKind::other;
}

std::string short_ref_name(std::string_view ref) {
    for (std::string_view prefix : {"refs/heads/", "refs/tags/"})
        if (ref.starts_with(prefix))
            return std::string(ref.substr(prefix.size()));
    return std::string(ref);
}

Result<ClassifiedUpdate> classify(const Repository& repo, const RefUpdate& update) {
    ClassifiedUpdate c;
    c.update = update;
    c.ref_kind = ref_kind_of(update.ref);
    c.short_name = short_ref_name(update.ref);
    const bool old_zero = is_zero_id(update.old_id);
    const bool new_zero = is_zero_id(update.new_id);
    if (old_zero && new_zero)
        return fail(update.ref + ": both old and new ids are zero");
    c.change = old_zero ? Change::create : new_zero ? Change::remove : Change::update;
    if (!old_zero) {
        auto oid = parse_oid(update.old_id);
        if (!oid)
            return fail(update.ref, oid.error());
        c.old_oid = *oid;
    }
    if (!new_zero) {
        auto oid = parse_oid(update.new_id);
        if (!oid)
            return fail(update.ref, oid.error());
        c.new_oid = *oid;
        auto kind = object_kind(repo, *oid);
        if (!kind)
            return fail(update.ref, kind.error());
        c.new_kind = *kind;
        auto peeled = peel(repo, *oid);
        if (!peeled)
            return fail(update.ref, peeled.error());
        c.new_peeled = *peeled;
    }
    if (c.change == Change::update) {
        auto old_kind = object_kind(repo, *c.old_oid);
        if (old_kind && *old_kind == ObjectKind::commit && c.new_peeled &&
            *c.new_kind == ObjectKind::commit) {
            auto ff = is_ancestor(repo, *c.old_oid, *c.new_oid);
            if (!ff)
                return fail(update.ref, ff.error());
            c.fast_forward = *ff;
        } else {
            // Moving a ref between non-commits (or from a tag object) is never a fast-forward.
            c.fast_forward = false;
        }
    }
    return c;
}

} // namespace slipway::git
