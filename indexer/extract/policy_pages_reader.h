/** @file policy_pages_reader.h
 *  @brief PolicyPagesReader: the PlanReader for the "policy-pages" layout.
 */
#pragma once

#include "plan_reader.h"

namespace plan {

class PolicyPagesReader : public PlanReader {
public:
    std::vector<ProjectRecord> read(const SourceText& text, const DocumentInfo& info,
                                    ExtractReport& report) const override;
};

}  // namespace plan
