// `environments[].freeze:` windows.
#include "policy/freeze.hpp"

#include "policy/parse.hpp"

#include <array>
#include <cstdio>

namespace slipway::policy {

namespace {

constexpr std::array<const char*, 7> weekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::int64_t week_seconds = 7 * 86400;

std::string two(int n) {
    char out[8];
    std::snprintf(out, sizeof out, "%02d", n);
    return out;
}

std::string clock(const util::CivilTime& t) {
    return two(t.hour) + ":" + two(t.minute);
}

std::string date_time(const util::CivilTime& t) {
    return std::to_string(t.year) + "-" + two(t.month) + "-" + two(t.day) + " " + clock(t);
}

std::int64_t second_of_week(const util::CivilTime& t) {
    return t.weekday * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

// "18:00" into `t`; false when it is not HH:MM of a day.
bool parse_clock(std::string_view text, util::CivilTime& t) {
    int h = 0, m = 0;
    char rest = 0;
    if (text.size() != 5 || std::sscanf(std::string(text).c_str(), "%2d:%2d%c", &h, &m, &rest) != 2)
        return false;
    if (h < 0 || h > 23 || m < 0 || m > 59)
        return false;
    t.hour = h;
    t.minute = m;
    return true;
}

// "Fri 18:00" (weekday names in English, any case, three letters or whole).
std::optional<util::CivilTime> parse_weekly(const std::string& text) {
    const auto space = text.find(' ');
    if (space == std::string::npos)
        return std::nullopt;
    std::string day = text.substr(0, space);
    for (auto& c : day)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static constexpr std::array<const char*, 7> full = {
        "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    util::CivilTime t;
    t.weekday = -1;
    for (int i = 0; i < 7; ++i) {
        std::string short_name = weekdays[static_cast<std::size_t>(i)];
        short_name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(short_name[0])));
        if (day == short_name || day == full[static_cast<std::size_t>(i)])
            t.weekday = i;
    }
    if (t.weekday < 0 || !parse_clock(std::string_view(text).substr(space + 1), t))
        return std::nullopt;
    return t;
}

// "2026-12-20" (00:00 that day) or "2026-12-20 18:00" (a "T" may replace the space).
std::optional<util::CivilTime> parse_date(const std::string& text) {
    util::CivilTime t;
    char dash1 = 0, dash2 = 0;
    if (text.size() < 10 ||
        std::sscanf(text.substr(0, 10).c_str(), "%4d%c%2d%c%2d", &t.year, &dash1, &t.month, &dash2,
                    &t.day) != 5 ||
        dash1 != '-' || dash2 != '-' || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31)
        return std::nullopt;
    if (text.size() == 10)
        return t;
    if ((text[10] != ' ' && text[10] != 'T') || !parse_clock(std::string_view(text).substr(11), t))
        return std::nullopt;
    return t;
}

const std::string forms = "a date and time in the window's time zone (\"2026-12-20\", "
                          "\"2026-12-20 18:00\") or a weekday and time (\"Fri 18:00\")";

std::optional<FreezeWindow> parse_window(Reader& reader, const YamlNode& node, std::size_t index) {
    auto f = reader.fields(node, "freeze window", {"name", "from", "to", "time_zone"});
    if (!f)
        return std::nullopt;
    FreezeWindow w;
    w.position = Reader::position(node);
    w.name = f->has("name") ? reader.string((*f)["name"], "name").value_or("")
                            : "window " + std::to_string(index + 1);
    if (f->has("time_zone")) {
        if (auto name = reader.string((*f)["time_zone"], "time_zone")) {
            auto zone = util::TimeZone::named(*name);
            if (!zone) {
                reader.error((*f)["time_zone"], zone.error().message);
                return std::nullopt;
            }
            w.zone = *zone;
        }
    }
    if (!f->has("from") || !f->has("to")) {
        reader.error(node,
                     "freeze window \"" + w.name + "\" needs \"from\" and \"to\" (" + forms + ")");
        return std::nullopt;
    }
    auto from_text = reader.string((*f)["from"], "from");
    auto to_text = reader.string((*f)["to"], "to");
    if (!from_text || !to_text)
        return std::nullopt;
    auto from_week = parse_weekly(*from_text);
    auto to_week = parse_weekly(*to_text);
    if (from_week || to_week) {
        if (!from_week || !to_week) {
            reader.error(from_week ? (*f)["to"] : (*f)["from"],
                         "a weekly freeze window has a weekday and time at both ends (\"Fri "
                         "18:00\" to \"Mon 08:00\")");
            return std::nullopt;
        }
        w.weekly = true;
        w.from = *from_week;
        w.to = *to_week;
        if (second_of_week(w.from) == second_of_week(w.to)) {
            reader.error((*f)["to"], "freeze window \"" + w.name + "\" ends where it begins");
            return std::nullopt;
        }
        return w;
    }
    auto from = parse_date(*from_text);
    auto to = parse_date(*to_text);
    if (!from || !to) {
        reader.error(from ? (*f)["to"] : (*f)["from"],
                     "\"" + (from ? *to_text : *from_text) + "\" is not " + forms);
        return std::nullopt;
    }
    w.from = *from;
    w.to = *to;
    if (w.zone.to_utc(w.to) <= w.zone.to_utc(w.from)) {
        reader.error((*f)["to"], "freeze window \"" + w.name + "\" ends before it begins");
        return std::nullopt;
    }
    return w;
}

// The instant at `at`'s time of day, `days` days after (before, when negative) `local`'s date.
std::int64_t shifted(const util::TimeZone& zone, util::CivilTime local, int days,
                     const util::CivilTime& at) {
    local.day += days; // mktime normalizes past the month's end
    local.hour = at.hour;
    local.minute = at.minute;
    local.second = 0;
    return zone.to_utc(local);
}

} // namespace

std::vector<FreezeWindow> parse_freeze(Reader& reader, const YamlNode& node) {
    std::vector<FreezeWindow> out;
    auto items = reader.sequence(node, "freeze");
    if (!items)
        return out;
    for (std::size_t i = 0; i < items->size(); ++i)
        if (auto w = parse_window(reader, (*items)[i], i))
            out.push_back(std::move(*w));
    return out;
}

std::optional<ActiveFreeze> active_freeze(const std::vector<FreezeWindow>& windows,
                                          std::int64_t utc_seconds) {
    for (const auto& w : windows) {
        if (!w.weekly) {
            const std::int64_t start = w.zone.to_utc(w.from);
            const std::int64_t end = w.zone.to_utc(w.to);
            if (start <= utc_seconds && utc_seconds < end)
                return ActiveFreeze{&w, start, end};
            continue;
        }
        const util::CivilTime local = w.zone.civil(utc_seconds);
        const std::int64_t now = second_of_week(local);
        const std::int64_t from = second_of_week(w.from);
        const std::int64_t to = second_of_week(w.to);
        const bool inside = from < to ? (from <= now && now < to) : (now >= from || now < to);
        if (!inside)
            continue;
        // Days back to the start and on to the end, on the zone's calendar (the same weekday
        // a whole week away when the window wraps round it).
        const auto time_of_day = [](const util::CivilTime& t) {
            return t.hour * 3600 + t.minute * 60 + t.second;
        };
        int back = ((local.weekday - w.from.weekday) % 7 + 7) % 7;
        if (back == 0 && time_of_day(local) < time_of_day(w.from))
            back = 7;
        int on = ((w.to.weekday - local.weekday) % 7 + 7) % 7;
        if (on == 0 && time_of_day(local) >= time_of_day(w.to))
            on = 7;
        return ActiveFreeze{&w, shifted(w.zone, local, -back, w.from),
                            shifted(w.zone, local, on, w.to)};
    }
    return std::nullopt;
}

std::string describe(const FreezeWindow& w) {
    if (w.weekly)
        return std::string(weekdays[static_cast<std::size_t>(w.from.weekday)]) + " " +
               clock(w.from) + " to " + weekdays[static_cast<std::size_t>(w.to.weekday)] + " " +
               clock(w.to) + " weekly, " + w.zone.name();
    return date_time(w.from) + " to " + date_time(w.to) + ", " + w.zone.name();
}

} // namespace slipway::policy
