/** @file plan_reader.h
 *  @brief PlanReader: one per document layout; turns a document's lines into ProjectRecords.
 *
 *  In: SourceText (decoded lines) + DocumentInfo (from the manifest). Out: records in source
 *  order, and an ExtractReport that accounts for every line (record, heading, furniture or
 *  unclassified). Readers throw InputError (file:line) on input they cannot make sense of.
 *  Which reader reads which layout: layout_registry.h (make_reader).
 */
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "project_record.h"
#include "source_text.h"

namespace plan {

struct DocumentInfo {
    std::string id, file, origin, city, prefecture, title, layout;
    int year = 0;
    nlohmann::json options = nlohmann::json::object();

    /// A record pre-filled with this document's fields.
    ProjectRecord new_record(int line) const;
};

struct ExtractReport {
    std::string document;
    size_t records = 0;
    std::map<std::string, size_t> per_section;
    std::map<std::string, size_t> flags;
    std::set<std::string> departments;
    /// Lines per kind (record, heading, text, furniture, blank) as the reader classified them.
    std::map<std::string, size_t> lines;
    /// Lines that were neither part of a record, a heading nor known furniture.
    std::vector<std::pair<int, std::string>> unclassified;

    void count(const ProjectRecord& r);
};

class PlanReader {
  public:
    virtual ~PlanReader() = default;
    virtual std::vector<ProjectRecord> read(const SourceText& text, const DocumentInfo& info,
                                            ExtractReport& report) const = 0;
};

/// Assign ids "<document>-<line>" (and "-2", "-3" for further records starting on one line).
void assign_ids(std::vector<ProjectRecord>& records);

}  // namespace plan
