/** @file terminal_output.h
 *  @brief SearchResponse in, an aligned human-readable listing out: rank, city, name, flags,
 *  departments, snippet, then facet counts drawn as bars. Bold and colour only on a terminal.
 */
#pragma once

#include <ostream>

#include "search/search_request.h"

namespace plan {

struct TerminalStyle {
    bool color = false;  // ANSI bold/colour (only when stdout is a terminal)
    size_t facet_values = 8;  // values shown per facet
};

void print_response(std::ostream& out, const SearchResponse& response, const TerminalStyle& style);
void print_record(std::ostream& out, const ProjectRecord& record, const TerminalStyle& style);
void print_facets(std::ostream& out, const FacetCounts& facets, const TerminalStyle& style);

/// Display width of UTF-8 text (East Asian wide characters count 2).
size_t display_width(std::string_view text);

}  // namespace plan
