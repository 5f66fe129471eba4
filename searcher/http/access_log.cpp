#include "http/access_log.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace plan {

namespace {

// Now in UTC, ISO 8601 with milliseconds: 2026-11-30T04:05:06.789Z.
std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[64];  // room for any int the compiler imagines in each field
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    return buf;
}

std::string or_dash(const std::string& s) { return s.empty() ? std::string("-") : s; }

}  // namespace

LogFormat parse_log_format(std::string_view name) {
    if (name == "text") return LogFormat::text;
    if (name == "json") return LogFormat::json;
    throw std::invalid_argument("unknown log format '" + std::string(name) +
                                "' (known: text, json)");
}

std::string access_log_line(LogFormat format, const AccessLogEntry& entry) {
    std::string path = entry.path.substr(0, 200);
    if (format == LogFormat::json) {
        nlohmann::json line = {{"time", utc_now()},
                               {"remote", entry.remote},
                               {"method", entry.method},
                               {"path", path},
                               {"endpoint", entry.endpoint},
                               {"status", entry.status},
                               {"ms", entry.ms ? nlohmann::json(std::round(*entry.ms * 1000) / 1000)
                                               : nlohmann::json()}};
        // Invalid UTF-8 in a path is replaced, so every line stays one valid JSON object.
        return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    for (char& c : path)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    char ms[32] = "-";
    if (entry.ms) std::snprintf(ms, sizeof ms, "%.1f", *entry.ms);
    return "plan-search serve: " + or_dash(entry.remote) + " " + or_dash(entry.method) + " " +
           or_dash(path) + " " + std::to_string(entry.status) + " " + ms + " ms\n";
}

}  // namespace plan
