/** @file policy_pages_indicators.h
 *  @brief Indicator rows of the 須坂市 policy pages (【成果指標】 / 【プロセス指標】) into
 * Indicators.
 *
 *  In: one row as printed, wrapped parts already joined, e.g.
 *  `統計指標 行政のサポートによる移住者数の累計（人） 186（2019） 336`. Out: an Indicator with
 *  kind, type (the leading 〜指標 word of 成果指標 rows), name (footnote marks such as （※１）
 *  removed), current value, its year and the 2025 target; nothing when the row has no values yet
 *  (its name continues on the next line).
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "project_record.h"

namespace plan {

std::optional<Indicator> parse_indicator_row(std::string_view row, const std::string& kind);

}  // namespace plan
