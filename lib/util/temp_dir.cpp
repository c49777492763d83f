// TempDir: a fresh directory removed with its contents when it goes away.
#include "util/temp_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace slipway::util {

Result<TempDir> TempDir::make(const std::filesystem::path& parent, std::string_view prefix) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec)
        return fail("cannot create " + parent.string() + ": " + ec.message());
    std::string tmpl = (parent / (std::string(prefix) + "XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        return fail("cannot create a directory in " + parent.string() + ": " +
                    std::strerror(errno));
    return TempDir(tmpl);
}

TempDir::~TempDir() {
    if (m_path.empty())
        return;
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

} // namespace slipway::util
