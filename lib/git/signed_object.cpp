// Signatures of commits and tags, and the payloads they cover.
#include "git/signed_object.hpp"

#include "git/error.hpp"
#include "git/handles.hpp"
#include "git/oid.hpp"

#include <array>
#include <utility>

namespace slipway::git {

namespace {

constexpr std::array<std::pair<std::string_view, SignatureFormat>, 4> armors = {{
    {"-----BEGIN PGP SIGNATURE-----", SignatureFormat::openpgp},
    {"-----BEGIN PGP MESSAGE-----", SignatureFormat::openpgp},
    {"-----BEGIN SSH SIGNATURE-----", SignatureFormat::ssh},
    {"-----BEGIN SIGNED MESSAGE-----", SignatureFormat::x509},
}};

std::string text_of(const char* s) {
    return s ? s : "";
}

} // namespace

SignatureFormat signature_format(std::string_view signature) {
    for (const auto& [armor, format] : armors)
        if (signature.starts_with(armor))
            return format;
    return SignatureFormat::none;
}

std::optional<SplitTag> split_signed_tag(std::string_view raw_tag) {
    std::size_t match = std::string_view::npos;
    std::size_t at = 0;
    while (at < raw_tag.size()) {
        if (signature_format(raw_tag.substr(at)) != SignatureFormat::none)
            match = at;
        const auto eol = raw_tag.find('\n', at);
        at = eol == std::string_view::npos ? raw_tag.size() : eol + 1;
    }
    if (match == std::string_view::npos)
        return std::nullopt;
    return SplitTag{std::string(raw_tag.substr(0, match)), std::string(raw_tag.substr(match))};
}

Result<SignedObject> read_signed_object(const Repository& repo, const git_oid& oid) {
    SLIPWAY_TRY_LET(header, read_header(repo, oid));
    const ObjectKind kind = header->kind;
    SignedObject out;
    out.kind = kind;
    if ((kind == ObjectKind::commit || kind == ObjectKind::tag) &&
        header->size > max_signed_object_bytes) {
        out.oversized = header->size;
        return out;
    }
    if (kind == ObjectKind::commit) {
        SLIPWAY_TRY_LET(info, read_commit(repo, oid));
        out.name = info->author_name;
        out.email = info->author_email;
        Buf signature;
        Buf payload;
        git_oid id = oid;
        const int rc =
            git_commit_extract_signature(signature.get(), payload.get(), repo.raw(), &id, "gpgsig");
        if (rc == GIT_ENOTFOUND)
            return out;
        if (rc != 0)
            return fail_git("cannot read the signature of commit " + to_hex(oid));
        out.signature = std::string(signature.view());
        out.payload = std::string(payload.view());
        out.format = signature_format(out.signature);
        return out;
    }
    if (kind != ObjectKind::tag)
        return fail("object " + to_hex(oid) + " is a " + kind_name(kind) +
                    ", which carries no signature");
    git_tag* raw_tag = nullptr;
    if (git_tag_lookup(&raw_tag, repo.raw(), &oid) != 0)
        return fail_git("cannot read tag object " + to_hex(oid));
    TagPtr tag(raw_tag);
    if (const git_signature* tagger = git_tag_tagger(tag.get())) {
        out.name = text_of(tagger->name);
        out.email = text_of(tagger->email);
    }
    git_odb* raw_odb = nullptr;
    if (git_repository_odb(&raw_odb, repo.raw()) != 0)
        return fail_git("cannot open the object database");
    OdbPtr odb(raw_odb);
    git_odb_object* raw_object = nullptr;
    if (git_odb_read(&raw_object, odb.get(), &oid) != 0)
        return fail_git("cannot read tag object " + to_hex(oid));
    OdbObjectPtr object(raw_object);
    const std::string_view bytes(static_cast<const char*>(git_odb_object_data(object.get())),
                                 git_odb_object_size(object.get()));
    if (auto split = split_signed_tag(bytes)) {
        out.payload = std::move(split->payload);
        out.signature = std::move(split->signature);
        out.format = signature_format(out.signature);
    }
    return out;
}

} // namespace slipway::git
