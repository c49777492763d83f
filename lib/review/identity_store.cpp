// The identity store of one deploy target (sqlite).
#include "review/identity_store.hpp"

#include <set>

namespace slipway::review {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view format = "1";
constexpr std::string_view delta_header = "slipway-delta 1";
constexpr int pending_kept = 32;

// Bumping `format` makes older stores "not of this format": they are discarded and rebuilt.
constexpr std::string_view schema = R"sql(
CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, blob TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objects(
  source INTEGER NOT NULL, path TEXT NOT NULL, seq INTEGER NOT NULL,
  api_version TEXT NOT NULL, kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
  line INTEGER NOT NULL, col INTEGER NOT NULL,
  PRIMARY KEY (source, path, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_by_name ON objects(kind, name);
CREATE TABLE IF NOT EXISTS kustomizations(dir TEXT PRIMARY KEY, top INTEGER NOT NULL)
  WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kustomization_paths(
  dir TEXT NOT NULL, role TEXT NOT NULL, seq INTEGER NOT NULL, path TEXT NOT NULL,
  PRIMARY KEY (dir, role, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kustomization_inputs ON kustomization_paths(role, path);
CREATE TABLE IF NOT EXISTS pending(tree TEXT PRIMARY KEY, base TEXT NOT NULL, delta TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('format', '1'), ('tree', '');
)sql";

// Objects from files, and objects rendered from kustomizations (the `source` column).
constexpr std::int64_t from_file = 0;
constexpr std::int64_t from_kustomization = 1;

Status insert_objects(util::Database& db, std::int64_t source, const std::string& path,
                      const std::vector<manifest::ObjectIdentity>& identities) {
    std::int64_t seq = 0;
    for (const auto& id : identities)
        if (auto s =
                db.run("INSERT INTO objects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {source, path, seq++, id.api_version, id.kind, id.namespace_name, id.name,
                        static_cast<std::int64_t>(id.line), static_cast<std::int64_t>(id.column)});
            !s)
            return s;
    return {};
}

// The integer in the first column of the first row of `sql`.
Result<std::int64_t> single_int(util::Database& db, const std::string& sql) {
    SLIPWAY_TRY_LET(row, db.first_row(sql));
    if (!*row)
        return fail("no row for `" + sql + "`");
    return (*row)->int64(0);
}

// The kustomizations of `all` that no other one renders as part of itself.
std::set<std::string> top_level(const std::map<std::string, IdentityIndex::Kustomization>& all) {
    std::set<std::string> referenced;
    for (const auto& [dir, k] : all)
        referenced.insert(k.refs.begin(), k.refs.end());
    std::set<std::string> out;
    for (const auto& [dir, k] : all)
        if (!referenced.count(dir))
            out.insert(dir);
    return out;
}

// Splits off the first identity-index text of `text` (it ends at the first "end" line: every
// other line starts with a record letter).
std::optional<std::string_view> next_index(std::string_view& text) {
    auto end = text.find("\nend\n");
    if (end == std::string_view::npos)
        return std::nullopt;
    auto out = text.substr(0, end + 5);
    text.remove_prefix(end + 5);
    return out;
}

} // namespace

std::string encode_delta(const TargetDelta& delta) {
    IdentityIndex files, kustomizations, rendered;
    for (const auto& [path, file] : delta.files)
        files.files.emplace(path, file.value_or(IdentityIndex::File{}));
    if (delta.kustomizations)
        kustomizations.kustomizations = *delta.kustomizations;
    for (const auto& [dir, ids] : delta.rendered)
        rendered.kustomizations[dir].identities = ids;
    std::string out(delta_header);
    out += delta.replaces_all ? " all" : " some";
    out += delta.kustomizations ? " kustomizations\n" : " same\n";
    out += encode_index(files) + encode_index(kustomizations) + encode_index(rendered);
    return out;
}

std::optional<TargetDelta> decode_delta(std::string_view text) {
    auto nl = text.find('\n');
    if (nl == std::string_view::npos)
        return std::nullopt;
    const std::string_view head = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    TargetDelta out;
    const std::string prefix = std::string(delta_header) + " ";
    if (!head.starts_with(prefix))
        return std::nullopt;
    const std::string_view flags = head.substr(prefix.size());
    if (flags == "all kustomizations" || flags == "all same")
        out.replaces_all = true;
    else if (flags != "some kustomizations" && flags != "some same")
        return std::nullopt;
    const bool has_kustomizations = flags.ends_with(" kustomizations");
    std::optional<IdentityIndex> parts[3];
    for (auto& part : parts) {
        auto piece = next_index(text);
        if (!piece || !(part = decode_index(*piece)))
            return std::nullopt;
    }
    if (!text.empty() || !parts[0]->kustomizations.empty() || !parts[1]->files.empty() ||
        !parts[2]->files.empty())
        return std::nullopt;
    for (auto& [path, file] : parts[0]->files)
        out.files.emplace(path, file.blob.empty() ? std::nullopt
                                                  : std::optional<IdentityIndex::File>(file));
    if (has_kustomizations)
        out.kustomizations = std::move(parts[1]->kustomizations);
    else if (!parts[1]->kustomizations.empty())
        return std::nullopt;
    for (auto& [dir, k] : parts[2]->kustomizations)
        out.rendered.emplace(dir, std::move(k.identities));
    if (out.replaces_all && !out.kustomizations)
        return std::nullopt;
    return out;
}

Result<ManifestIdentityStore> ManifestIdentityStore::open(const fs::path& file) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    SLIPWAY_TRY_LET(db, util::Database::open(file, util::Create::yes, util::Durability::cache));
    // Waits for another push's write are short (a write is one push's delta), so a long wait
    // means something is wedged: give up and judge without the store.
    if (auto s = db->exec("PRAGMA busy_timeout=5000;"); !s)
        return std::unexpected(s.error());
    SLIPWAY_TRY_LET(fresh,
                    single_int(*db, "SELECT count(*) = 0 FROM sqlite_master WHERE name = 'meta'"));
    if (*fresh) {
        SLIPWAY_TRY_LET(tx, util::Transaction::begin_immediate(*db));
        SLIPWAY_TRY(db->exec(schema));
        SLIPWAY_TRY(tx->commit());
    }
    SLIPWAY_TRY_LET(
        matches, single_int(*db, "SELECT count(*) FROM meta WHERE name = 'format' AND value = '" +
                                     std::string(format) + "'"));
    if (*matches != 1)
        return fail("identity store " + file.string() + " is not of format " + std::string(format));
    return ManifestIdentityStore(std::move(*db));
}

void ManifestIdentityStore::discard(const fs::path& file) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(file.string() + suffix, ec);
}

Result<util::Transaction> ManifestIdentityStore::snapshot() {
    return util::Transaction::begin_read(m_db);
}

Result<std::string> ManifestIdentityStore::tree() {
    SLIPWAY_TRY_LET(row, m_db.first_row("SELECT value FROM meta WHERE name = 'tree'"));
    if (!*row)
        return fail("identity store " + m_db.path().string() + " has no tree entry");
    return (*row)->text(0);
}

Result<std::optional<TargetDelta>> ManifestIdentityStore::pending(const std::string& tree) {
    SLIPWAY_TRY_LET(row,
                    m_db.first_row("SELECT p.delta FROM pending p JOIN meta m ON m.name = 'tree' "
                                   "AND m.value = p.base WHERE p.tree = ?",
                                   {tree}));
    if (!*row)
        return std::optional<TargetDelta>{};
    return decode_delta((*row)->text(0));
}

Result<std::map<std::string, std::string>> ManifestIdentityStore::files() {
    std::map<std::string, std::string> out;
    SLIPWAY_TRY_LET(stmt, m_db.prepare("SELECT path, blob FROM files"));
    auto s = stmt->for_each([&]() -> Status {
        out.emplace_hint(out.end(), stmt->text(0), stmt->text(1));
        return {};
    });
    if (!s)
        return std::unexpected(s.error());
    return out;
}

Result<std::map<std::string, IdentityIndex::Kustomization>>
ManifestIdentityStore::kustomizations() {
    std::map<std::string, IdentityIndex::Kustomization> out;
    SLIPWAY_TRY_LET(dirs, m_db.prepare("SELECT dir FROM kustomizations"));
    if (auto s = dirs->for_each([&]() -> Status {
            out.try_emplace(dirs->text(0));
            return {};
        });
        !s)
        return std::unexpected(s.error());
    SLIPWAY_TRY_LET(paths,
                    m_db.prepare("SELECT dir, role, path FROM kustomization_paths ORDER BY dir, "
                                 "role, seq"));
    if (auto s = paths->for_each([&]() -> Status {
            auto it = out.find(paths->text(0));
            if (it == out.end())
                return {};
            (paths->text(1) == "r" ? it->second.refs : it->second.inputs).push_back(paths->text(2));
            return {};
        });
        !s)
        return std::unexpected(s.error());
    SLIPWAY_TRY_LET(objects,
                    m_db.prepare("SELECT path, api_version, kind, namespace, name, line, col "
                                 "FROM objects WHERE source = ? ORDER BY path, seq",
                                 {from_kustomization}));
    if (auto s = objects->for_each([&]() -> Status {
            auto it = out.find(objects->text(0));
            if (it != out.end())
                it->second.identities.push_back({.api_version = objects->text(1),
                                                 .kind = objects->text(2),
                                                 .namespace_name = objects->text(3),
                                                 .name = objects->text(4),
                                                 .line = static_cast<int>(objects->int64(5)),
                                                 .column = static_cast<int>(objects->int64(6))});
            return {};
        });
        !s)
        return std::unexpected(s.error());
    return out;
}

Result<bool> ManifestIdentityStore::is_kustomization(std::string_view dir) {
    SLIPWAY_TRY_LET(stmt, m_db.prepare("SELECT 1 FROM kustomizations WHERE dir = ?", {dir}));
    return stmt->step();
}

Result<std::vector<std::string>>
ManifestIdentityStore::top_kustomizations_reading(std::string_view path) {
    std::vector<std::string> out;
    SLIPWAY_TRY_LET(stmt, m_db.prepare("SELECT DISTINCT p.dir FROM kustomization_paths p JOIN "
                                       "kustomizations k ON k.dir = p.dir WHERE p.role = 'i' AND "
                                       "p.path = ? AND k.top = 1 ORDER BY p.dir",
                                       {path}));
    if (auto s = stmt->for_each([&]() -> Status {
            out.push_back(stmt->text(0));
            return {};
        });
        !s)
        return std::unexpected(s.error());
    return out;
}

Result<std::vector<StoredObject>> ManifestIdentityStore::objects_named(std::string_view kind,
                                                                       std::string_view name) {
    std::vector<StoredObject> out;
    SLIPWAY_TRY_LET(
        stmt, m_db.prepare("SELECT source, path, api_version, namespace, line, col FROM objects "
                           "WHERE kind = ? AND name = ? ORDER BY source, path, seq",
                           {kind, name}));
    if (auto s = stmt->for_each([&]() -> Status {
            out.push_back({.path = stmt->text(1),
                           .from_kustomization = stmt->int64(0) == from_kustomization,
                           .identity = {.api_version = stmt->text(2),
                                        .kind = std::string(kind),
                                        .namespace_name = stmt->text(3),
                                        .name = std::string(name),
                                        .line = static_cast<int>(stmt->int64(4)),
                                        .column = static_cast<int>(stmt->int64(5))}});
            return {};
        });
        !s)
        return std::unexpected(s.error());
    return out;
}

Status ManifestIdentityStore::apply(const TargetDelta& delta) {
    if (delta.replaces_all)
        if (auto s = m_db.exec("DELETE FROM files; DELETE FROM objects WHERE source = 0;"); !s)
            return s;
    for (const auto& [path, file] : delta.files) {
        if (!delta.replaces_all) {
            SLIPWAY_TRY(m_db.run("DELETE FROM files WHERE path = ?", {path}));
            SLIPWAY_TRY(
                m_db.run("DELETE FROM objects WHERE source = ? AND path = ?", {from_file, path}));
        }
        if (!file)
            continue;
        SLIPWAY_TRY(m_db.run("INSERT INTO files VALUES (?, ?)", {path, file->blob}));
        SLIPWAY_TRY(insert_objects(m_db, from_file, path, file->identities));
    }
    if (delta.kustomizations) {
        if (auto s = m_db.exec("DELETE FROM kustomizations; DELETE FROM kustomization_paths; "
                               "DELETE FROM objects WHERE source = 1;");
            !s)
            return s;
        const auto top = top_level(*delta.kustomizations);
        for (const auto& [dir, k] : *delta.kustomizations) {
            SLIPWAY_TRY(m_db.run("INSERT INTO kustomizations VALUES (?, ?)",
                                 {dir, static_cast<std::int64_t>(top.count(dir))}));
            for (const auto& [role, list] :
                 {std::pair<std::string_view, const std::vector<std::string>*>{"r", &k.refs},
                  {"i", &k.inputs}}) {
                std::int64_t seq = 0;
                for (const auto& p : *list)
                    SLIPWAY_TRY(m_db.run("INSERT INTO kustomization_paths VALUES (?, ?, ?, ?)",
                                         {dir, role, seq++, p}));
            }
            SLIPWAY_TRY(insert_objects(m_db, from_kustomization, dir, k.identities));
        }
    }
    for (const auto& [dir, ids] : delta.rendered) {
        SLIPWAY_TRY_LET(known, is_kustomization(dir));
        if (!*known)
            continue;
        SLIPWAY_TRY(m_db.run("DELETE FROM objects WHERE source = ? AND path = ?",
                             {from_kustomization, dir}));
        SLIPWAY_TRY(insert_objects(m_db, from_kustomization, dir, ids));
    }
    return {};
}

Result<bool> ManifestIdentityStore::update(const std::string& expected, const TargetDelta& delta,
                                           const std::string& tree, const std::string& pending_tree,
                                           const TargetDelta* pending) {
    SLIPWAY_TRY_LET(tx, util::Transaction::begin_immediate(m_db));
    SLIPWAY_TRY_LET(current, this->tree());
    if (*current != expected)
        return false;
    if (tree != expected) {
        SLIPWAY_TRY(apply(delta));
        SLIPWAY_TRY(m_db.run("UPDATE meta SET value = ? WHERE name = 'tree'", {tree}));
        SLIPWAY_TRY(m_db.run("DELETE FROM pending WHERE base != ?", {tree}));
    }
    if (pending) {
        SLIPWAY_TRY(m_db.run("INSERT OR REPLACE INTO pending VALUES (?, ?, ?)",
                             {pending_tree, tree, encode_delta(*pending)}));
        SLIPWAY_TRY(m_db.run("DELETE FROM pending WHERE rowid NOT IN (SELECT rowid FROM pending "
                             "ORDER BY rowid DESC LIMIT ?)",
                             {static_cast<std::int64_t>(pending_kept)}));
    }
    SLIPWAY_TRY(tx->commit());
    return true;
}

} // namespace slipway::review
