// The gate's verdict cache on disk (each file's findings and identities by blob and settings),
// and the text form of identity indexes (which the identity store keeps its deltas in).
#pragma once

#include "manifest/duplicate_tracker.hpp"
#include "report/finding.hpp"
#include "util/sqlite.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace slipway::review {

/// What judging one file found, minus its path: findings (with `path` and `ref` empty) and
/// the identities of its objects, for duplicate detection. A blob's verdict depends only on
/// its bytes, the settings and the schemas, so it is cached under a key made of those.
struct CachedVerdict {
    Findings findings;
    std::vector<manifest::ObjectIdentity> identities;
};

/// The objects one unit of paths defines in one tree (or some of them): plain files with the
/// identities of their objects, kustomizations with their inputs and rendered identities.
struct IdentityIndex {
    struct File {
        std::string blob; ///< hex id of the file's blob
        std::vector<manifest::ObjectIdentity> identities;
        bool operator==(const File&) const = default;
    };
    struct Kustomization {
        /// Directories it renders as part of itself (so they are not top-level).
        std::vector<std::string> refs;
        /// Paths its rendering reads (its directory, bases, referenced files), for knowing
        /// whether a change touches it.
        std::vector<std::string> inputs;
        /// Identities of its rendered objects; empty until the gate has rendered it.
        std::vector<manifest::ObjectIdentity> identities;
        bool operator==(const Kustomization&) const = default;
    };
    std::map<std::string, File> files;                   ///< plain manifest files by path
    std::map<std::string, Kustomization> kustomizations; ///< top-level kustomization dirs

    bool operator==(const IdentityIndex&) const = default;
};

/// `verdict` as cache file text, and back; decoding anything that is not exactly such a text
/// (truncated, edited, another version) gives nullopt.
std::string encode_verdict(const CachedVerdict& verdict);
std::optional<CachedVerdict> decode_verdict(std::string_view text);
/// The same for an index.
std::string encode_index(const IdentityIndex& index);
std::optional<IdentityIndex> decode_index(std::string_view text);

/// The verdict cache under one directory (`<repo>.git/slipway/cache/`): one sqlite store,
/// `verdicts.sqlite`, of the encoded verdicts by key. Stores are kept in memory and written
/// by flush() in one transaction (a first push of 50,000 files is one commit, not 50,000
/// files). Every operation is best effort: a missing, unreadable or corrupt store or entry is
/// a miss (a corrupt store is replaced), a failed write is ignored — the cache only ever
/// saves time. Concurrent pushes may share it (WAL; synchronous=NORMAL, no fsync per push).
class ManifestCache {
public:
    /// A cache in `dir`; an empty path disables caching (every load misses). Nothing is
    /// opened until the first load.
    explicit ManifestCache(std::filesystem::path dir = {});
    /// Flushes what is still unwritten.
    ~ManifestCache();
    ManifestCache(ManifestCache&&) = default;
    ManifestCache& operator=(ManifestCache&&) = delete;

    /// The 64 hex digits of the SHA-256 of `material`: the key of an entry.
    static std::string key(std::string_view material);

    std::optional<CachedVerdict> load_verdict(const std::string& key);
    /// Keeps `verdict` for the next flush(); load_verdict() sees it at once.
    void store_verdict(const std::string& key, const CachedVerdict& verdict);
    /// Writes every verdict stored since the last flush in one transaction.
    void flush();

    /// Loads that hit and missed since construction (for tests and benchmarks).
    std::size_t hits() const { return m_hits; }
    std::size_t misses() const { return m_misses; }

private:
    util::Database* store();
    void give_up();

    std::filesystem::path m_dir;
    bool m_broken = false; ///< the store failed: every load misses, nothing is written
    std::optional<util::Database> m_db;
    std::optional<util::Statement> m_lookup; ///< after m_db: finalized before it closes
    /// Key → encoded verdict, not yet written. Hashed: a first push of 50,000 files makes
    /// 100,000 lookups and stores of 64-digit keys (a sorted map spent 10 % comparing them).
    std::unordered_map<std::string, std::string> m_pending;
    std::size_t m_hits = 0;
    std::size_t m_misses = 0;
};

} // namespace slipway::review
