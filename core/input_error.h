/** @file input_error.h
 *  @brief InputError: bad input, reported as "where: what" (file:line, option or parameter).
 *
 *  Errors travel as this exception inside the library and become exit codes (CLI) or HTTP
 *  statuses (server) only at the edge.
 */
#pragma once

#include <stdexcept>
#include <string>

namespace plan {

class InputError : public std::runtime_error {
public:
    InputError(std::string where, const std::string& what)
        : std::runtime_error(where.empty() ? what : where + ": " + what),
          where_(std::move(where)),
          detail_(what) {}
    const std::string& where() const { return where_; }
    const std::string& detail() const { return detail_; }

private:
    std::string where_;
    std::string detail_;
};

/// "file:line" for messages.
inline std::string at_line(const std::string& file, int line) {
    return file + ":" + std::to_string(line);
}

}  // namespace plan
