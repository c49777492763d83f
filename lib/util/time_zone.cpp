// Civil time in a named time zone, through the C library's tz database.
#include "util/time_zone.hpp"

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>

namespace slipway::util {

namespace {

std::mutex& tz_mutex() {
    static std::mutex m;
    return m;
}

std::filesystem::path tz_directory() {
    const char* dir = std::getenv("TZDIR");
    return dir && *dir ? std::filesystem::path(dir) : std::filesystem::path("/usr/share/zoneinfo");
}

// TZ set to one zone for as long as it lives, under the lock, and put back after: the C
// library reads the zone from the environment.
class ZoneScope {
public:
    explicit ZoneScope(const std::string& name)
        : m_lock(tz_mutex()) {
        if (const char* old = std::getenv("TZ"))
            m_old = old;
        // ":" asks for a file of the database, never a POSIX rule spelled in the name.
        ::setenv("TZ", (":" + name).c_str(), 1);
        ::tzset();
    }
    ~ZoneScope() {
        if (m_old)
            ::setenv("TZ", m_old->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }
    ZoneScope(const ZoneScope&) = delete;
    ZoneScope& operator=(const ZoneScope&) = delete;

private:
    std::lock_guard<std::mutex> m_lock;
    std::optional<std::string> m_old;
};

bool plain_name(std::string_view name) {
    if (name.empty() || name.front() == '/' || name.size() > 64)
        return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
              c == '+'))
            return false;
    return name.find("..") == std::string_view::npos;
}

CivilTime from_tm(const std::tm& t) {
    return {.year = t.tm_year + 1900,
            .month = t.tm_mon + 1,
            .day = t.tm_mday,
            .hour = t.tm_hour,
            .minute = t.tm_min,
            .second = t.tm_sec,
            .weekday = t.tm_wday};
}

} // namespace

Result<TimeZone> TimeZone::named(std::string_view name) {
    if (name == "UTC")
        return utc();
    if (!plain_name(name))
        return fail("time zone \"" + std::string(name) +
                    "\" is not a name of the tz database (like Europe/Berlin or UTC)");
    // A zone file starts with the magic "TZif"; anything else is no zone.
    std::ifstream file(tz_directory() / std::string(name), std::ios::binary);
    char magic[4] = {};
    if (!file || !file.read(magic, 4) || std::string_view(magic, 4) != "TZif")
        return fail("time zone \"" + std::string(name) + "\" is not in the tz database (" +
                    tz_directory().string() + "); use a name like Europe/Berlin or UTC");
    return TimeZone(std::string(name));
}

CivilTime TimeZone::civil(std::int64_t utc_seconds) const {
    ZoneScope zone(m_name);
    const std::time_t t = static_cast<std::time_t>(utc_seconds);
    std::tm local{};
    ::localtime_r(&t, &local);
    return from_tm(local);
}

std::int64_t TimeZone::to_utc(const CivilTime& local) const {
    ZoneScope zone(m_name);
    std::tm t{};
    t.tm_year = local.year - 1900;
    t.tm_mon = local.month - 1;
    t.tm_mday = local.day;
    t.tm_hour = local.hour;
    t.tm_min = local.minute;
    t.tm_sec = local.second;
    t.tm_isdst = -1; // the database decides whether daylight saving is in force
    return static_cast<std::int64_t>(::mktime(&t));
}

std::string TimeZone::format(std::int64_t utc_seconds) const {
    ZoneScope zone(m_name);
    const std::time_t t = static_cast<std::time_t>(utc_seconds);
    std::tm local{};
    ::localtime_r(&t, &local);
    char out[64];
    std::strftime(out, sizeof out, "%Y-%m-%d %H:%M %Z", &local);
    return out;
}

} // namespace slipway::util
