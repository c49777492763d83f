// The canonical encoding of a record and its hash: what the chain's tamper evidence rests on.
#include "ledger/canonical.hpp"

#include "util/sha256.hpp"

namespace slipway::ledger {

using util::sha256_hex;

namespace {

using util::Json;

Json strings(const std::vector<std::string>& values) {
    Json out = Json::array();
    for (const auto& v : values)
        out.push_back(v);
    return out;
}

Json ref_changes(const std::vector<RefChange>& changes) {
    Json out = Json::array();
    for (const auto& c : changes) {
        Json j;
        j["environment"] = c.environment;
        j["new"] = c.new_id;
        j["old"] = c.old_id;
        j["ref"] = c.ref;
        out.push_back(std::move(j));
    }
    return out;
}

Json body_v1(const PushRecord& push) {
    Json b;
    // Format 1 had no certificate: one added to a format 1 record was added after it was
    // hashed.
    if (push.certificate)
        b["certificate"] = push.certificate->text;
    // Nor signatures, before format 4.
    if (!push.signatures.empty())
        b["signatures"] = static_cast<std::int64_t>(push.signatures.size());
    Json findings = Json::array();
    for (const auto& f : push.findings) {
        Json j;
        j["column"] = f.column;
        j["line"] = f.line;
        j["message"] = f.message;
        j["path"] = f.path;
        j["ref"] = f.ref;
        j["rule"] = f.rule;
        j["severity"] = severity_name(f.severity);
        findings.push_back(std::move(j));
    }
    b["findings"] = std::move(findings);
    b["identity_source"] = push.identity_source;
    b["protocol"] = push.protocol;
    b["push_options"] = strings(push.push_options);
    b["pusher"] = push.pusher;
    b["reason"] = push.reason;
    b["ref_updates"] = ref_changes(push.ref_updates);
    b["remote_address"] = push.remote_address;
    b["verdict"] = verdict_name(push.verdict);
    return b;
}

Json body_v1(const DeployStart& start) {
    Json b;
    b["commit"] = start.commit;
    b["environment"] = start.environment;
    // Format 1 had no log: a non-empty one was added after the record was hashed.
    if (!start.log.empty())
        b["log"] = start.log;
    b["push_id"] = start.push_id;
    b["pusher"] = start.pusher;
    b["ref"] = start.ref;
    b["tag"] = start.tag;
    return b;
}

Json body_v1(const DeployEnd& end) {
    Json b;
    b["deploy_id"] = end.deploy_id;
    b["message"] = end.message;
    b["outcome"] = outcome_name(end.outcome);
    b["pruned"] = strings(end.pruned);
    b["ref_updates"] = ref_changes(end.ref_updates);
    Json targets = Json::array();
    for (const auto& t : end.targets) {
        Json j;
        j["duration_ms"] = t.duration_ms;
        j["exit_code"] = t.exit_code;
        j["kind"] = t.kind;
        j["name"] = t.name;
        j["outcome"] = outcome_name(t.outcome);
        // Compressed as it came, the output enters with the digest taken on the way in.
        j["output_sha256"] = t.stored ? t.stored->sha256 : sha256_hex(t.output);
        j["output_size"] = t.stored ? t.stored->size : t.output.size();
        targets.push_back(std::move(j));
    }
    b["targets"] = std::move(targets);
    return b;
}

Json body_v1(const RefSync& sync) {
    Json b;
    b["push_id"] = sync.push_id;
    b["ref_updates"] = ref_changes(sync.ref_updates);
    b["source"] = sync.source;
    return b;
}

// A control record has one encoding whatever `format` says: only format 3 writes it, and
// "format" (part of the hash) tells a rewritten one apart.
Json body_control(const ControlRecord& control) {
    Json b;
    b["action"] = control_action_name(control.action);
    b["actor"] = control.actor;
    b["commit"] = control.commit;
    b["environment"] = control.environment;
    b["reason"] = control.reason;
    b["subject_id"] = control.subject_id;
    return b;
}
Json body_v1(const ControlRecord& control) {
    return body_control(control);
}
Json body_v2(const ControlRecord& control) {
    return body_control(control);
}

// Format 2: format 1 with the deploy start's log file, always present.
template <typename Body>
Json body_v2(const Body& body) {
    return body_v1(body);
}

Json body_v2(const DeployStart& start) {
    Json b = body_v1(start);
    b["log"] = start.log;
    return b;
}

Json body_v2(const PushRecord& push) {
    Json b = body_v1(push);
    if (!push.certificate) {
        b["certificate"] = Json();
        return b;
    }
    const auto& c = *push.certificate;
    Json j;
    j["key"] = c.key;
    j["nonce"] = c.nonce;
    j["nonce_status"] = c.nonce_status;
    j["signer"] = c.signer;
    j["status"] = c.status;
    j["text"] = c.text;
    b["certificate"] = std::move(j);
    return b;
}

// Format 3: format 2 with the control kind (see body_control).
template <typename Body>
Json body_v3(const Body& body) {
    return body_v2(body);
}

// Format 4: format 3 with the verified signers of a push's commits and tags.
template <typename Body>
Json body_v4(const Body& body) {
    return body_v3(body);
}

Json body_v4(const PushRecord& push) {
    Json b = body_v3(push);
    Json list = Json::array();
    for (const auto& s : push.signatures) {
        Json j;
        j["key"] = s.key;
        j["kind"] = s.kind;
        j["object"] = s.object;
        j["signer"] = s.signer;
        j["status"] = s.status;
        list.push_back(std::move(j));
    }
    b["signatures"] = std::move(list);
    return b;
}

} // namespace

std::optional<std::string> canonical_encoding(const RecordMeta& meta, const RecordBody& body) {
    if (meta.format < 1 || meta.format > 4)
        return std::nullopt;
    Json j;
    j["body"] = std::visit(
        [&](const auto& b) {
            switch (meta.format) {
            case 1:
                return body_v1(b);
            case 2:
                return body_v2(b);
            case 3:
                return body_v3(b);
            default:
                return body_v4(b);
            }
        },
        body);
    j["format"] = meta.format;
    j["id"] = meta.id;
    j["kind"] = kind_name(kind_of(body));
    j["prev"] = meta.prev_hash;
    j["time"] = meta.time_ms;
    return j.dump(util::JsonStyle::compact);
}

std::optional<std::string> record_hash(const RecordMeta& meta, const RecordBody& body) {
    auto encoding = canonical_encoding(meta, body);
    if (!encoding)
        return std::nullopt;
    return sha256_hex(*encoding);
}

} // namespace slipway::ledger
