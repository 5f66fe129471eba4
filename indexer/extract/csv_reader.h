/** @file csv_reader.h
 *  @brief CsvReader (layout "csv"): a city's project table as CSV in, one ProjectRecord per row
 * out, driven by a column mapping declared in the manifest entry's "options", so a new city's CSV
 *  needs a manifest entry, not code.
 *
 *  In: SourceText (already decoded: UTF-8 with or without BOM, Shift_JIS/CP932, UTF-16 with BOM;
 *  options.encoding forces an ICU converter name instead of detection) and the mapping.
 *  Out: records in file order; source.line is the row's first physical line, source.end_line its
 *  last (quoted cells may span lines). Parsing follows RFC 4180: quoted cells with embedded
 *  newlines, doubled quotes, CRLF or LF. InputError (file:line) for an unterminated quote, a row
 *  whose cell count differs from the header's, a mapped column missing from the header, or a
 *  malformed mapping. Rows that are empty or have no name are listed as unclassified lines.
 *
 *  The mapping (manifest "options"; every column is named as in the CSV's header row):
 *
 *    "options": {
 *      "encoding": "windows-31j",    // optional: ICU converter name; default: detect
 *      "delimiter": ",",             // optional: one ASCII character, e.g. "\t"
 *      "section": "事務事業評価",     // optional: section of every record
 *      "columns": {
 *        "name": COL,                // required
 *        "summary": COL,
 *        "details": [{"label": "対象", "column": "taisho"}, ...],  // searchable, shown labelled
 *        "departments": COL or [COL, ...],  // one department per column, spaces inside removed
 *        "goal": LEVEL, "policy": LEVEL, "measure": LEVEL, "pillar": LEVEL,
 *        "facets": {"事業区分": COL, ...},      // record.facets: filterable and counted
 *        "attributes": {"事業番号": COL, ...}   // record.attributes: kept and shown
 *      }
 *    }
 *
 *  COL is a column name, or {"column": NAME, "pattern": ICU_REGEX}: the value is the pattern's
 *  first group (or whole match) in the trimmed cell, nothing when it does not match (e.g. the
 *  部 out of 部課: {"column": "bu_ka", "pattern": "^(.+?部)"}).
 *  LEVEL is a COL, or an object that adds to it:
 *    "number": ATTR      the cell reads "06 自然豊かな…": the display drops the number, which is
 *                        kept as attributes[ATTR] (for ordering the levels as the city numbers
 * them) "unify": true       spellings that share a number path (this level's number under its
 *                        parents' numbers) all take the path's most frequent spelling (育む over
 *                        はぐくむ), so facets do not split one 施策 in two
 *    "as_written": ATTR  where unify changed the spelling, the cell's own is kept as
 * attributes[ATTR]
 */
#pragma once

#include <string>
#include <vector>

#include "plan_reader.h"

namespace plan {

/// One CSV row: its cells (quotes removed, "" → ") and the physical lines it spans (1-based).
struct CsvRow {
    int first_line = 0;
    int last_line = 0;
    std::vector<std::string> cells;
};

/// Split decoded text into rows per RFC 4180. Throws InputError (file:line) on an unterminated
/// quoted cell or text after a closing quote.
std::vector<CsvRow> parse_csv(const SourceText& text, char delimiter = ',');

class CsvReader : public PlanReader {
  public:
    std::vector<ProjectRecord> read(const SourceText& text, const DocumentInfo& info,
                                    ExtractReport& report) const override;
};

}  // namespace plan
