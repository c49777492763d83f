// The canonical encoding of a record and its hash: what the chain's tamper evidence rests on.
#pragma once

#include "ledger/records.hpp"
#include "util/json.hpp"

#include <string>

namespace slipway::ledger {

/// The canonical format this build writes; stored per record (`records.format`), so a later
/// format can add fields while older records keep verifying with the format they were
/// written with.
inline constexpr int canonical_format = 4;

/// Format 1, the canonical encoding of a record: compact JSON (no whitespace), object keys
/// sorted by byte value, integers in decimal, strings escaped as util::Json does (raw UTF-8;
/// `"` `\` and control characters escaped; stray bytes as \udcXX):
///
///   {"body":B,"format":1,"id":ID,"kind":K,"prev":PREV,"time":MS}
///
/// with ID the record id, K its kind name, PREV the previous record's hash (64 zeros for the
/// first record), MS the record time in ms since the epoch, and B by kind:
///   push:         {"findings":[{"column","line","message","path","ref","rule","severity"}],
///                  "identity_source","protocol","push_options":[string],"pusher","reason",
///                  "ref_updates":[RC],"remote_address","verdict"}
///   deploy_start: {"commit","environment","push_id","pusher","ref","tag"}
///   deploy_end:   {"deploy_id","message","outcome","pruned":[string],"ref_updates":[RC],
///                  "targets":[{"duration_ms","exit_code","kind","name","outcome",
///                              "output_sha256","output_size"}]}
///   ref_sync:     {"push_id","ref_updates":[RC],"source"}
///   RC:           {"environment","new","old","ref"}
/// Format 2 is format 1 with "log" (DeployStart::log, a string) in the deploy_start body,
/// between "environment" and "push_id", and "certificate" first in the push body: null for an
/// unsigned push, else {"key","nonce","nonce_status","signer","status","text"}; the other
/// kinds encode as in format 1, and "format" says 2. A format 1 deploy_start has no log, and
/// a format 1 push no certificate: one that has either (a row changed since) gets it in its
/// encoding too, so it no longer matches its hash.
/// Format 3 is format 2 with one more kind, written only in format 3 (a control record of an
/// older format was rewritten since, and no longer matches its hash):
///   control:      {"action","actor","commit","environment","reason","subject_id"}
/// the other kinds encode as in format 2, and "format" says 3.
/// Format 4 is format 3 with "signatures" in the push body, after "reason": the commits and
/// tags whose signatures the gate verified, in order, each {"key","kind","object","signer",
/// "status"}; the other kinds encode as in format 3, and "format" says 4. A push of an older
/// format has no signatures: one that has them (rows added since) gets their count in its
/// encoding, so it no longer matches its hash.
/// Lists keep the order they were recorded in. A target's output enters through the SHA-256
/// (hex) and byte size of its uncompressed text. The record hash is the SHA-256 (64 lowercase
/// hex digits) of these bytes; `meta.hash` itself is not part of them.
///
/// Returns nullopt for a format (`meta.format`) this build does not know.
std::optional<std::string> canonical_encoding(const RecordMeta& meta, const RecordBody& body);

/// SHA-256 hex of canonical_encoding(`meta`, `body`); nullopt for an unknown format.
std::optional<std::string> record_hash(const RecordMeta& meta, const RecordBody& body);

} // namespace slipway::ledger
