/** @file errors.h
 *  @brief plan::Error: every failure the programs report, as one kind (a small closed set) plus
 *  where (file:line, option, parameter or index path) and what; and the one mapping of a kind to
 *  an exit status (CLI) and an HTTP status (server).
 *
 *  Errors travel as these exceptions inside the library and become exit statuses or HTTP statuses
 *  only at the edge: report_error (both main()s) and the server's error mapping.
 */
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

namespace plan {

/// What went wrong, as the edge needs to know it. Closed: add a kind only with its exit status and
/// HTTP status below (and in README's exit-status table).
enum class ErrorKind {
    BadInput,       // a document, manifest, option or parameter: exit 3, HTTP 400
    BadQuery,       // the query text (QUERY argument, q parameter): exit 2, HTTP 400
    IndexUnusable,  // missing, not a Xapian database, built by another analyzer/schema: exit 4, 503
    IndexIo,        // a file operation on the index failed (generation switch): exit 4, 503
    TimeLimit,      // past the search's time limit: exit 1, HTTP 503
    Unavailable,    // a resource is busy or gone for now: exit 1, HTTP 503
    Internal,       // a bug or an unexpected library error: exit 1, HTTP 500
};

/// Exit statuses of plan-index and plan-search (README: "Exit statuses").
constexpr int kExitFailure = 1;  // Internal, TimeLimit, Unavailable
constexpr int kExitUsage = 2;    // a bad command line (CLI11) or BadQuery
constexpr int kExitInput = 3;    // BadInput
constexpr int kExitIndex = 4;    // IndexUnusable, IndexIo, a Xapian error

int exit_code(ErrorKind kind);
int http_status(ErrorKind kind);
/// The machine-readable "error" of the HTTP answer (bad_parameter, bad_query, …).
std::string_view http_error_code(ErrorKind kind);

/// The one error type: kind + where + detail; what() is "where: detail" (or detail alone).
class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, std::string where, const std::string& detail)
        : std::runtime_error(where.empty() ? detail : where + ": " + detail),
          kind_(kind),
          where_(std::move(where)),
          detail_(detail) {}
    ErrorKind kind() const { return kind_; }
    const std::string& where() const { return where_; }
    const std::string& detail() const { return detail_; }

  private:
    ErrorKind kind_;
    std::string where_;
    std::string detail_;
};

/// Bad input, reported as "where: what" (file:line, option or parameter).
class InputError : public Error {
  public:
    InputError(std::string where, const std::string& what)
        : Error(ErrorKind::BadInput, std::move(where), what) {}
};

/// A malformed query; the message gives the position in the query text.
class QueryError : public Error {
  public:
    explicit QueryError(const std::string& what) : Error(ErrorKind::BadQuery, {}, what) {}
};

/// The index cannot be used or updated: missing, not a Xapian database, being written, built by
/// another analyzer, other synonyms or another schema (the message says to rebuild).
class IndexError : public Error {
  public:
    explicit IndexError(const std::string& what) : Error(ErrorKind::IndexUnusable, {}, what) {}
};
/// plan-index add/remove's name for IndexError (the same checks, the same exit status).
using IndexUpdateError = IndexError;

/// A file operation on the index failed (where: the path).
class IndexIoError : public Error {
  public:
    IndexIoError(std::string where, const std::string& what)
        : Error(ErrorKind::IndexIo, std::move(where), what) {}
};

/// A search ran past SearchRequest::time_limit_ms; its counts would not be exact.
class SearchTimeLimit : public Error {
  public:
    explicit SearchTimeLimit(const std::string& what) : Error(ErrorKind::TimeLimit, {}, what) {}
};

/// "file:line" for messages.
inline std::string at_line(const std::string& file, int line) {
    return file + ":" + std::to_string(line);
}

/// The CLI edge: prints the error `ep` holds to stderr as "program: where: what" ("program:
/// QUERY: what" for a query, "program: index <index>: …" for a Xapian error) and returns its exit
/// status.
int report_error(std::exception_ptr ep, std::string_view program, const std::string& index);

/// Runs fn (returning an exit status) and reports what it throws with report_error.
template <class Fn>
int run_reporting_errors(std::string_view program, const std::string& index, Fn&& fn) {
    try {
        return fn();
    } catch (...) {
        return report_error(std::current_exception(), program, index);
    }
}

}  // namespace plan
