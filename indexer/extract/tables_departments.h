/** @file tables_departments.h
 *  @brief The 所管課 cell of the 鹿児島市 tables, split into departments.
 *
 *  In: the cell as printed ("総務局総務課 政策企画課", "納税課 ほか", "政策企画課・政策推進課",
 *  "吉田・喜入・松元・郡山支所総務市民課"). Out: groups in printed order (one per space-separated
 *  entry, so a line of several ○ items can hand one group to each item), each group one or more
 *  department names, and whether the cell said ほか ("and others").
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plan {

struct DepartmentCell {
    /// One entry per space-separated department; "A課・B課" is one entry of two names.
    std::vector<std::vector<std::string>> groups;
    bool more = false;  // the cell ended in ほか

    std::vector<std::string> all() const;
};

DepartmentCell parse_department_cell(std::string_view cell);

/// "政策企画課・政策推進課" → two names; "吉田・喜入・松元・郡山支所総務市民課" stays one name,
/// because "吉田" alone names no department.
std::vector<std::string> split_department_entry(std::string_view entry);

}  // namespace plan
