/** @file facet_table.h
 *  @brief The fixed facets, declared once: one row per facet (city, department, flag, …) with
 *  its names, term prefix, value slots and how a record fills it.
 *
 *  In: nothing (a constant table). Out: the rows everything else derives from: the indexer's
 *  filter terms and facet values (make_document), the searcher's filter prefixes and facet
 *  definitions, the query syntax's field names and aliases, the CLI's filter options, the HTTP
 *  API's filter parameters, the terminal's facet order and the web page's facet list.
 *
 *  Combination rule, for every filter: the values given for one facet are ORed, different facets
 *  are ANDed (as Xapian's QueryParser::add_boolean_prefix does per field).
 *  A value matches a record's value as written, else by normalized equality, prefix, or substring.
 *
 *  Adding a fixed facet: one row here plus its extraction (the `extract` function below); pick a
 *  prefix and slots in index_schema.h and raise kSchemaVersion there, since the index changes.
 *  Extra facets declared by data sources (XE prefix, slots 40..59) need no row.
 */
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "project_record.h"

namespace plan::schema {

/// What one record holds for one facet.
struct FacetEntries {
    std::vector<std::string> terms;   // filter term values (without the prefix)
    std::vector<std::string> values;  // slot values, one slot each (at most slot_count)
};

struct FacetField {
    std::string_view name;         // canonical name: filter name, facet name in JSON, HTTP param
    std::string_view prefix;       // boolean term prefix (index_schema.h)
    Xapian::valueno first_slot;    // value slot, or the first of slot_count slots
    unsigned slot_count = 1;       // > 1: multi-valued, one value per slot
    bool filter = true;            // usable as a filter (CLI option, query field, HTTP param)
    bool facet = true;             // counted as a facet (year's slot is sortable, not a facet)
    bool last_level = false;       // the slot holds goal\x1fpolicy…: report the last level
    std::string_view param_alias;  // documented HTTP parameter besides the name (dept)
    std::vector<std::string_view> aliases;  // other field names accepted in queries and HTTP
    std::string_view cli;                   // CLI11 option spelling, e.g. "--dept,--department"
    int terminal_rank = 0;                  // order in the terminal's facet list; 0: not shown
    std::string_view web_title;             // heading on the web page; empty: not shown
    FacetEntries (*extract)(const ProjectRecord&);
};

/// Every fixed facet, in the order filters are listed (help, errors, documentation).
const std::vector<FacetField>& facet_fields();

/// The row whose name or alias (dept, 所管課, …) is `name`, or nullptr.
const FacetField* find_facet_field(std::string_view name);

/// The documented HTTP filter parameters, in table order: each row's param_alias and name.
std::vector<std::string> filter_parameters();

/// The page's facet list as a script (`const FACETS = [{param, facet, title}, …];`), served as
/// /facets.js: the rows with a web_title, in table order.
std::string web_facets_script();

}  // namespace plan::schema
