/** @file extraction.h
 *  @brief Extraction: manifest document (or a loose file) in, checked and read records out.
 *
 *  Verifies the sha256, decodes the file, runs the layout's reader and assigns stable ids.
 */
#pragma once

#include <string>
#include <vector>

#include "../corpus/manifest.h"
#include "plan_reader.h"

namespace plan {

struct ExtractedDocument {
    DocumentInfo info;
    std::vector<ProjectRecord> records;
    ExtractReport report;
};

DocumentInfo document_info(const ManifestDocument& doc);

/// Read one manifest document (checksum verified first).
ExtractedDocument extract_document(const ManifestDocument& doc);

/// Read a file outside the corpus with an explicit layout and city.
ExtractedDocument extract_file(const std::string& path, const std::string& layout,
                               const std::string& city, const std::string& document_id = {});

/// Print the per-document report (records per section, flags, departments, unclassified lines).
void print_report(std::ostream& out, const ExtractReport& report, bool verbose);

}  // namespace plan
