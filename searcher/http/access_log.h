/** @file access_log.h
 *  @brief One access log line per request: what the server knows of a finished request
 *  (AccessLogEntry) in, a line for stderr out, as text (the default) or one JSON object
 *  (`--log-format json`, for journald and log shippers).
 *
 *  The path only, never the query string: the queries citizens type stay out of the log.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace plan {

enum class LogFormat { text, json };

/// "text" or "json"; throws std::invalid_argument naming the value otherwise.
LogFormat parse_log_format(std::string_view name);

struct AccessLogEntry {
    std::string remote;         // client address ("" when unknown)
    std::string method;         // "" when the request line was unreadable
    std::string path;           // without the query string
    std::string_view endpoint;  // endpoint_of(path)
    int status = 0;
    std::optional<double> ms;  // time handling it; none when refused before routing
};

/// The line, ending in '\n'. Control characters of the path become '?' (text) or are escaped
/// (JSON); the path is cut to 200 bytes.
std::string access_log_line(LogFormat format, const AccessLogEntry& entry);

}  // namespace plan
