/** @file jsonl_reader.h
 *  @brief JsonlReader: records already in the JSON contract, one per line (structured input).
 */
#pragma once

#include "plan_reader.h"

namespace plan {

class JsonlReader : public PlanReader {
public:
    std::vector<ProjectRecord> read(const SourceText& text, const DocumentInfo& info,
                                    ExtractReport& report) const override;
};

}  // namespace plan
