// SchemaSources: fingerprinting and lazy loading of the schema files a policy names.
#include "manifest/schema_sources.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace slipway::manifest {

namespace fs = std::filesystem;

namespace {

Status stat_into(const fs::path& path, std::string& out) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return fail("schema source " + path.string() + ": " + std::strerror(errno));
    out += path.string();
    out += '\0';
    out += std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_ino) + ";";
    return {};
}

} // namespace

Result<std::string> SchemaSources::fingerprint() const {
    if (m_fingerprint)
        return *m_fingerprint;
    std::string out = "schemas-1;";
    for (const auto& source : m_sources) {
        std::error_code ec;
        if (fs::is_directory(source, ec)) {
            std::vector<fs::path> files;
            for (const auto& e : fs::directory_iterator(source, ec))
                files.push_back(e.path());
            if (ec)
                return fail("schema source " + source.string() + ": " + ec.message());
            std::sort(files.begin(), files.end());
            out += "dir:";
            SLIPWAY_TRY(stat_into(source, out));
            for (const auto& f : files)
                SLIPWAY_TRY(stat_into(f, out));
        } else {
            out += "file:";
            SLIPWAY_TRY(stat_into(source, out));
        }
    }
    m_fingerprint = out;
    return out;
}

Result<const SchemaSet*> SchemaSources::schemas() const {
    if (m_set)
        return m_set.get();
    auto set = std::make_unique<SchemaSet>();
    for (const auto& source : m_sources) {
        std::error_code ec;
        Status added = fs::is_directory(source, ec) ? set->add_directory(source)
                                                    : set->add_openapi_file(source);
        if (!added)
            return std::unexpected(added.error());
    }
    m_set = std::move(set);
    return m_set.get();
}

} // namespace slipway::manifest
