/** @file budget_bullets_reader.h
 *  @brief BudgetBulletsReader: the PlanReader for the "budget-bullets" layout.
 */
#pragma once

#include "plan_reader.h"

namespace plan {

class BudgetBulletsReader : public PlanReader {
public:
    std::vector<ProjectRecord> read(const SourceText& text, const DocumentInfo& info,
                                    ExtractReport& report) const override;
};

}  // namespace plan
