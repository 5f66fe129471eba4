/** @file tables_reader.h
 *  @brief TablesReader: the PlanReader for the "tables" layout.
 */
#pragma once

#include "plan_reader.h"

namespace plan {

class TablesReader : public PlanReader {
public:
    std::vector<ProjectRecord> read(const SourceText& text, const DocumentInfo& info,
                                    ExtractReport& report) const override;
};

}  // namespace plan
