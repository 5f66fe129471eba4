/** @file api_request.h
 *  @brief HTTP query parameters in, a validated SearchRequest (or RelatedRequest) out; bad input
 *  out as ApiError {status, error, detail, parameter}, which the server prints as JSON.
 *
 *  All limits of the API live here so the server, the OpenAPI document and the tests agree.
 */
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "errors.h"
#include "search/search_request.h"

namespace plan {

/// Limits of the HTTP API.
struct ApiLimits {
    // q, in characters (code points). Room for kMaxQueryTerms words with their spaces; the URI
    // limit of the HTTP library (8 KiB) is reached first by percent-encoded Japanese text.
    static constexpr size_t kMaxQueryChars = 2000;
    // Clauses of q (words, phrases, OR alternatives, field:value filters), counted by the query
    // parser, like Elasticsearch's max_clause_count. Each clause becomes several Xapian
    // subqueries (analyzer tokens, synonyms, the relaxed pass), and the match time grows with
    // clauses x postings: on the corpus index (1,049 records) 64 words take 26 ms, 1,000 words
    // 129 ms, so an index 20x larger would spend the whole time budget on 1,000. A person types
    // a handful of words; 64 leaves room for a pasted list of project names.
    static constexpr size_t kMaxQueryTerms = 64;
    static constexpr size_t kMaxValueChars = 200;  // a filter value or an id
    static constexpr size_t kMaxLimit = 100;
    static constexpr size_t kMaxOffset = 10000;
    static constexpr size_t kMaxPerGroup = 20;
    static constexpr size_t kMaxValuesPerFilter = 50;
    static constexpr size_t kMaxBodyBytes = 64 * 1024;  // a GET body is ignored; larger ones: 413
};

/// An answer other than 200, raised while handling a request and printed as
/// {"error": error, "detail": detail, "parameter": parameter (or null)}.
class ApiError : public std::runtime_error {
  public:
    ApiError(int status, std::string error, std::string detail, std::string parameter = {})
        : std::runtime_error(detail),
          status(status),
          error(std::move(error)),
          parameter(std::move(parameter)) {}
    /// The answer for a library error, by its kind (http_status, http_error_code): a query
    /// error names the q parameter, an input error its where.
    explicit ApiError(const Error& e)
        : ApiError(http_status(e.kind()), std::string(http_error_code(e.kind())), e.what(),
                   e.kind() == ErrorKind::BadQuery ? "q" : e.where()) {}
    int status;
    std::string error;      // machine-readable code, e.g. "bad_parameter"
    std::string parameter;  // the offending parameter, "" when none
    nlohmann::json to_json() const;
};

/// Query parameters as decoded by the HTTP library (a name may repeat).
using QueryParams = std::multimap<std::string, std::string>;

/// GET /api/search parameters -> SearchRequest. Throws ApiError (400, 414) on bad input.
SearchRequest parse_search_params(const QueryParams& params);

struct RelatedRequest {
    size_t offset = 0;
    size_t limit = 10;
    bool same_city = false;  // also the project's own city
    std::optional<double> time_limit_ms;  // set by the server from its time budget
};
/// GET /api/projects/{id}/related parameters. Throws ApiError.
RelatedRequest parse_related_params(const QueryParams& params);

/// Checks a path parameter (a project id): valid UTF-8, not too long. Throws ApiError.
void check_id(const std::string& id);

/// Throws ApiError(400, "no_parameters") when any parameter is given (endpoints without any).
void reject_params(const QueryParams& params);

/// True when text is well-formed UTF-8 without control characters (other than tab).
bool is_clean_utf8(std::string_view text, size_t* code_points = nullptr);

}  // namespace plan
