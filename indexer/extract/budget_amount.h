/** @file budget_amount.h
 *  @brief Amounts of money as printed in Japanese plans, parsed to yen.
 *
 *  In: text such as "10億16百万円", "8百万円", "1億円", "3,500万円", "12,345千円" (digits may be
 *  full-width). Out: the amount in yen, or nothing when the text is no amount.
 */
#pragma once

#include <optional>
#include <string_view>

namespace plan {

/// 10億16百万円 → 1016000000; nullopt for text that is not an amount of yen.
std::optional<long long> parse_yen_amount(std::string_view text);

}  // namespace plan
