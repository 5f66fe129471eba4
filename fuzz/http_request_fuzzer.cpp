// Fuzz target: the HTTP request handling before any search. The input is a request target
// (path?query); it is split and decoded by cpp-httplib's own functions, as the server's
// Request gets it, then validated by http/api_request.h. ApiError is the only exception allowed,
// with a 4xx status and a JSON body that is valid UTF-8; an accepted request stays in the limits.
#include <httplib.h>
#include <unicode/utf8.h>

#include <cstdlib>
#include <iostream>
#include <regex>

#include "fuzz_input.h"
#include "http/api_request.h"

namespace {

[[noreturn]] void finding(const std::string& what) {
    std::cerr << "fuzz_http_request: " << what << "\n";
    std::abort();
}

// Runs one parser; an ApiError must be a client error whose JSON prints strictly.
template <typename F>
void expect_api_error_only(F&& parse) {
    try {
        parse();
    } catch (const plan::ApiError& e) {
        if (e.status < 400 || e.status > 499) finding("status " + std::to_string(e.status));
        if (e.error.empty()) finding("an error without a code");
        (void)e.to_json().dump();  // throws on invalid UTF-8: the detail must stay printable
    }
}

void check_search_request(const plan::SearchRequest& r) {
    size_t chars = 0;
    if (!plan::is_clean_utf8(r.query, &chars) || chars > plan::ApiLimits::kMaxQueryChars)
        finding("accepted q outside the limits");
    if (r.limit > plan::ApiLimits::kMaxLimit || r.offset > plan::ApiLimits::kMaxOffset)
        finding("accepted limit/offset outside the limits");
    if (r.per_group < 1 || r.per_group > plan::ApiLimits::kMaxPerGroup)
        finding("accepted per_group outside the limits");
    for (const auto& [name, values] : r.filters) {
        if (values.size() > plan::ApiLimits::kMaxValuesPerFilter)
            finding("accepted too many values of " + name);
        for (const auto& v : values)
            if (!plan::is_clean_utf8(v)) finding("accepted a filter value that is not clean");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string target = plan::fuzz::bytes_of(data, size);
    const size_t question = target.find('?');
    const std::string path = httplib::detail::decode_url(target.substr(0, question), false);
    httplib::Params decoded;
    if (question != std::string::npos)
        httplib::detail::parse_query_text(target.substr(question + 1), decoded);
    const plan::QueryParams params(decoded.begin(), decoded.end());

    expect_api_error_only([&] { check_search_request(plan::parse_search_params(params)); });
    expect_api_error_only([&] {
        const plan::RelatedRequest r = plan::parse_related_params(params);
        if (r.limit < 1 || r.limit > plan::ApiLimits::kMaxLimit ||
            r.offset > plan::ApiLimits::kMaxOffset)
            finding("accepted related limit/offset outside the limits");
    });
    expect_api_error_only([&] { plan::reject_params(params); });
    // The server's route for a project: /api/projects/{id}[/related], on the decoded path.
    static const std::regex project(R"(/api/projects/([^/]+)(/related)?)");
    std::smatch m;
    if (std::regex_match(path, m, project))
        expect_api_error_only([&] { plan::check_id(m[1].str()); });
    return 0;
}
