/** @file tables_reader.h
 *  @brief TablesReader: the PlanReader for the "tables" layout (鹿児島市 実施計画).
 *
 *  In: the lines of a 基本目標別事業計画 (SourceText) and the manifest's DocumentInfo.
 *  Out: one record per row of each 【主要事業】 table and per ○ item of 【主な継続事業】 /
 *  【その他の主な事業】, in source order, with its hierarchy, budget, departments and flags.
 *
 *  Hierarchy strings (one form per level, number kept, spaces as printed collapsed to one,
 *  spaced letters joined, markdown marks ## / ** dropped):
 *    goal    "基本目標 1 市民と行政が拓く 協働と連携のまち"
 *    policy  "基本施策 1 地域社会を支える協働・連携の推進"   (also from "基本施策5 …" or a
 *            "基本施策 2" line whose name follows on the next line)
 *    measure "1 市民との協働の推進"
 *    pillar  "(1) 市民参画の推進"                            (柱 of 【主要事業】 only)
 *  budget is the 基本施策's 事業費 ({"10億16百万円", 1016000000}).
 *  Names, summaries and departments go through clean_text. A trailing (再)/（再） leaves the
 *  name as flag 再; (新) (拡) (括) (新※), in a column of their own or before the name, become
 *  新 拡 括 新※. ○ items carry an empty summary.
 *
 *  Every other line is a heading, known text (introduction, 政策 prose, 施策の目標,
 *  【基本的方向】), page furniture (running page headers "基本目標 1 … 【…政策】", table
 *  headers "事業名…", "-----" rules, photo captions standing alone after a blank line) or goes
 *  to report.unclassified.
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
