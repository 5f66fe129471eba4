// The one mapping of error kinds to exit statuses and HTTP answers, and the CLI's report of an
// error (what both programs print on stderr).
#include "errors.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <functional>
#include <iostream>
#include <sstream>

using namespace plan;

TEST_CASE("each error kind has one exit status and one HTTP answer", "[errors]") {
    struct Row {
        ErrorKind kind;
        int exit;
        int status;
        const char* code;
    };
    const Row rows[] = {
        {ErrorKind::BadInput, 3, 400, "bad_parameter"},
        {ErrorKind::BadQuery, 2, 400, "bad_query"},
        {ErrorKind::IndexUnusable, 4, 503, "index_unavailable"},
        {ErrorKind::IndexIo, 4, 503, "index_unavailable"},
        {ErrorKind::TimeLimit, 1, 503, "time_budget_exceeded"},
        {ErrorKind::Unavailable, 1, 503, "unavailable"},
        {ErrorKind::Internal, 1, 500, "internal_error"},
    };
    for (const Row& r : rows) {
        CAPTURE(static_cast<int>(r.kind));
        CHECK(exit_code(r.kind) == r.exit);
        CHECK(http_status(r.kind) == r.status);
        CHECK(http_error_code(r.kind) == r.code);
    }
}

namespace {

// What report_error prints and returns for the exception fn throws.
std::pair<std::string, int> reported(const std::function<void()>& fn) {
    std::ostringstream err;
    auto* old = std::cerr.rdbuf(err.rdbuf());
    const int code = run_reporting_errors("plan-x", "data/index", [&] {
        fn();
        return 0;
    });
    std::cerr.rdbuf(old);
    return {err.str(), code};
}

}  // namespace

TEST_CASE("both programs report an error as one line and its exit status", "[errors]") {
    using R = std::pair<std::string, int>;
    CHECK(reported([] { throw InputError("a.txt:3", "NUL byte"); }) ==
          R{"plan-x: a.txt:3: NUL byte\n", 3});
    CHECK(reported([] { throw QueryError("unterminated quote at character 1"); }) ==
          R{"plan-x: QUERY: unterminated quote at character 1\n", 2});
    CHECK(reported([] { throw IndexError("no index at x"); }) == R{"plan-x: no index at x\n", 4});
    CHECK(reported([] { throw IndexIoError("idx", "cannot switch: Permission denied"); }) ==
          R{"plan-x: idx: cannot switch: Permission denied\n", 4});
    CHECK(reported([] { throw Xapian::DatabaseOpeningError("gone"); }) ==
          R{"plan-x: index data/index: DatabaseOpeningError: gone\n", 4});
    CHECK(reported([] { throw std::runtime_error("boom"); }) == R{"plan-x: boom\n", 1});
    CHECK(reported([] {}) == R{"", 0});
}
