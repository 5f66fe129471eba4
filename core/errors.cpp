#include "errors.h"

#include <xapian.h>

#include <iostream>

namespace plan {

int exit_code(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::BadInput:
            return kExitInput;
        case ErrorKind::BadQuery:
            return kExitUsage;
        case ErrorKind::IndexUnusable:
        case ErrorKind::IndexIo:
            return kExitIndex;
        case ErrorKind::TimeLimit:
        case ErrorKind::Unavailable:
        case ErrorKind::Internal:
            return kExitFailure;
    }
    return kExitFailure;
}

int http_status(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::BadInput:
        case ErrorKind::BadQuery:
            return 400;
        case ErrorKind::IndexUnusable:
        case ErrorKind::IndexIo:
        case ErrorKind::TimeLimit:
        case ErrorKind::Unavailable:
            return 503;
        case ErrorKind::Internal:
            return 500;
    }
    return 500;
}

std::string_view http_error_code(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::BadInput:
            return "bad_parameter";
        case ErrorKind::BadQuery:
            return "bad_query";
        case ErrorKind::IndexUnusable:
        case ErrorKind::IndexIo:
            return "index_unavailable";
        case ErrorKind::TimeLimit:
            return "time_budget_exceeded";
        case ErrorKind::Unavailable:
            return "unavailable";
        case ErrorKind::Internal:
            return "internal_error";
    }
    return "internal_error";
}

int report_error(std::exception_ptr ep, std::string_view program, const std::string& index) {
    try {
        std::rethrow_exception(ep);
    } catch (const Error& e) {
        // The query is the QUERY argument: its errors carry their position in the text instead.
        const bool query = e.kind() == ErrorKind::BadQuery && e.where().empty();
        std::cerr << program << ": " << (query ? "QUERY: " : "") << e.what() << "\n";
        return exit_code(e.kind());
    } catch (const Xapian::Error& e) {
        std::cerr << program << ": index " << index << ": " << e.get_description() << "\n";
        return kExitIndex;
    } catch (const std::exception& e) {
        std::cerr << program << ": " << e.what() << "\n";
        return exit_code(ErrorKind::Internal);
    }
}

}  // namespace plan
