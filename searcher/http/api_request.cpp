#include "http/api_request.h"

#include <unicode/utf8.h>

#include <charconv>

#include "facet_table.h"
#include "search/query_parser.h"

namespace plan {

nlohmann::json ApiError::to_json() const {
    return {{"error", error},
            {"detail", what()},
            {"parameter", parameter.empty() ? nlohmann::json(nullptr) : nlohmann::json(parameter)}};
}

bool is_clean_utf8(std::string_view text, size_t* code_points) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = static_cast<int32_t>(text.size());
    size_t n = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) return false;                                 // ill-formed sequence
        if ((c < 0x20 && c != '\t') || c == 0x7f) return false;  // NUL, newlines, escapes
        ++n;
    }
    if (code_points) *code_points = n;
    return true;
}

namespace {

// Checks one parameter value; returns its length in characters.
size_t check_value(const std::string& name, const std::string& value, size_t max_chars,
                   int too_long_status) {
    size_t chars = 0;
    if (!is_clean_utf8(value, &chars))
        throw ApiError(400, "invalid_utf8", "parameter '" + name + "' is not valid UTF-8 text",
                       name);
    if (chars > max_chars)
        throw ApiError(too_long_status, "too_long",
                       "parameter '" + name + "' has " + std::to_string(chars) +
                           " characters, at most " + std::to_string(max_chars) + " are accepted",
                       name);
    return chars;
}

size_t parse_count(const std::string& name, const std::string& value, size_t min, size_t max) {
    size_t n = 0;
    const char* end = value.data() + value.size();
    auto [p, ec] = std::from_chars(value.data(), end, n);
    if (value.empty() || ec == std::errc::invalid_argument || p != end)
        throw ApiError(400, "bad_parameter",
                       "parameter '" + name + "' must be a whole number, got '" + value + "'",
                       name);
    if (ec == std::errc::result_out_of_range || n > max || n < min)
        throw ApiError(400, "bad_parameter",
                       "parameter '" + name + "' must be between " + std::to_string(min) + " and " +
                           std::to_string(max) + ", got '" + value + "'",
                       name);
    return n;
}

bool parse_bool(const std::string& name, const std::string& value) {
    if (value == "1" || value == "true") return true;
    if (value == "0" || value == "false") return false;
    throw ApiError(400, "bad_parameter",
                   "parameter '" + name + "' must be true or false, got '" + value + "'", name);
}

// Single-valued parameters may appear once.
void check_once(const QueryParams& params, const std::string& name) {
    if (params.count(name) > 1)
        throw ApiError(400, "repeated_parameter", "parameter '" + name + "' may be given only once",
                       name);
}

// Checks every name and value for UTF-8 before anything else reads them.
void check_all_utf8(const QueryParams& params) {
    for (const auto& [name, value] : params) {
        if (!is_clean_utf8(name))
            throw ApiError(400, "invalid_utf8", "a parameter name is not valid UTF-8", "");
        if (!is_clean_utf8(value))
            throw ApiError(400, "invalid_utf8", "parameter '" + name + "' is not valid UTF-8 text",
                           name);
    }
}

// Refuses a query with more clauses than ApiLimits::kMaxQueryTerms, counted as the searcher
// will parse it. A query the parser rejects is left to the searcher, which reports where.
void check_query_terms(const std::string& query) {
    ParsedQuery parsed;
    try {
        parsed = parse_query(query);
    } catch (const QueryError&) {
        return;
    }
    size_t clauses = 0;
    for (const auto& item : parsed.items) clauses += item.alternatives.size();
    for (const auto& [name, values] : parsed.filters) clauses += values.size();
    if (clauses > ApiLimits::kMaxQueryTerms)
        throw ApiError(400, "too_many_terms",
                       "parameter 'q' has " + std::to_string(clauses) + " terms, at most " +
                           std::to_string(ApiLimits::kMaxQueryTerms) + " are accepted",
                       "q");
}

}  // namespace

SearchRequest parse_search_params(const QueryParams& params) {
    check_all_utf8(params);
    SearchRequest req;
    for (const auto& [name, value] : params) {
        if (name == "q") {
            check_once(params, name);
            check_value(name, value, ApiLimits::kMaxQueryChars, 414);
            check_query_terms(value);
            req.query = value;
        } else if (name == "offset") {
            check_once(params, name);
            req.offset = parse_count(name, value, 0, ApiLimits::kMaxOffset);
        } else if (name == "limit") {
            check_once(params, name);
            req.limit = parse_count(name, value, 0, ApiLimits::kMaxLimit);
        } else if (name == "sort") {
            check_once(params, name);
            if (value != "relevance" && value != "city" && value != "year" && value != "name")
                throw ApiError(
                    400, "bad_parameter",
                    "parameter 'sort' must be relevance, city, year or name, got '" + value + "'",
                    name);
            req.sort = value;
        } else if (name == "group_by") {
            check_once(params, name);
            if (value != "city" && value != "document" && value != "prefecture")
                throw ApiError(400, "bad_parameter",
                               "parameter 'group_by' must be city, document or prefecture, got '" +
                                   value + "'",
                               name);
            req.group_by = value;
        } else if (name == "per_group") {
            check_once(params, name);
            req.per_group = parse_count(name, value, 1, ApiLimits::kMaxPerGroup);
        } else if (name == "facets") {
            check_once(params, name);
            req.facets = parse_bool(name, value);
        } else if (name == "relax") {
            check_once(params, name);
            req.relax = parse_bool(name, value);
        } else if (name == "facet_fields") {
            // Comma-separated or repeated; the searcher names an unknown facet (400).
            check_value(name, value, ApiLimits::kMaxValueChars, 400);
            for (size_t b = 0; b <= value.size();) {
                size_t e = value.find(',', b);
                if (e == std::string::npos) e = value.size();
                if (e > b) req.facet_fields.push_back(value.substr(b, e - b));
                b = e + 1;
            }
        } else if (const std::string filter = canonical_filter_name(name); !filter.empty()) {
            check_value(name, value, ApiLimits::kMaxValueChars, 400);
            if (value.empty()) continue;  // an empty filter box means "any"
            auto& values = req.filters[filter];
            if (values.size() >= ApiLimits::kMaxValuesPerFilter)
                throw ApiError(400, "too_many_values",
                               "parameter '" + name + "' may be repeated at most " +
                                   std::to_string(ApiLimits::kMaxValuesPerFilter) + " times",
                               name);
            values.push_back(value);
        } else {
            std::string accepted =
                "q, offset, limit, sort, group_by, per_group, facets, facet_fields, relax";
            for (const auto& p : schema::filter_parameters()) accepted += ", " + p;
            throw ApiError(400, "unknown_parameter",
                           "unknown parameter '" + name + "' (accepted: " + accepted + ")", name);
        }
    }
    return req;
}

RelatedRequest parse_related_params(const QueryParams& params) {
    check_all_utf8(params);
    RelatedRequest req;
    for (const auto& [name, value] : params) {
        check_once(params, name);
        if (name == "offset")
            req.offset = parse_count(name, value, 0, ApiLimits::kMaxOffset);
        else if (name == "limit")
            req.limit = parse_count(name, value, 1, ApiLimits::kMaxLimit);
        else if (name == "same_city") {
            if (value != "true" && value != "false" && value != "1" && value != "0")
                throw ApiError(400, "bad_parameter", "same_city must be true or false", name);
            req.same_city = value == "true" || value == "1";
        } else
            throw ApiError(400, "unknown_parameter",
                           "unknown parameter '" + name + "' (accepted: offset, limit, same_city)",
                           name);
    }
    return req;
}

void check_id(const std::string& id) { check_value("id", id, ApiLimits::kMaxValueChars, 400); }

void reject_params(const QueryParams& params) {
    check_all_utf8(params);  // the name is quoted below (found by fuzz_http_request)
    if (!params.empty())
        throw ApiError(400, "unknown_parameter",
                       "parameter '" + params.begin()->first +
                           "' is not accepted here (this endpoint takes none)",
                       params.begin()->first);
}

}  // namespace plan
