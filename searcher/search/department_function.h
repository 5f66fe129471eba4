/** @file department_function.h
 *  @brief A department name (所管課) in, the function it serves out: cities name the same job
 *  differently (政策推進課 ~ 企画調整課 ~ 政策企画課 → 企画・政策), so related projects compare
 *  functions, not names. Empty when no function is known (支所, 東京事務所, …).
 */
#pragma once

#include <string>

namespace plan {

/// The function of a department ("企画・政策", "税務", "広報・広聴", …), or "" when unknown.
/// Only the last section counts: "市民生活部市民環境課" is judged by "市民環境課".
std::string department_function(const std::string& department);

}  // namespace plan
