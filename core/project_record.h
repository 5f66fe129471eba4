/** @file project_record.h
 *  @brief ProjectRecord: one project (事業) of a plan, the unit that is indexed and returned.
 *
 *  In: nothing (a plain value). Out: JSON per the README's contract (to_json / from_json).
 *  Both programs share this type; its JSON spelling is a public contract: extend, never rename.
 */
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace plan {

struct DocumentRef {
    std::string id;     // manifest id, e.g. kagoshima-2020-jisshi
    std::string title;  // 第五次鹿児島市総合計画 第5期実施計画
    int year = 0;       // fiscal year the document speaks for
};

struct SourceRef {
    std::string file;    // file name inside corpus/
    std::string origin;  // original file name
    int line = 0;        // 1-based line where the project's name starts
    int end_line = 0;    // last line that belongs to the project
};

/// Goal hierarchy; a level that does not exist in a layout is an empty string.
struct GoalPath {
    std::string goal;     // 基本目標 / 重点の柱 / 政策
    std::string policy;   // 基本施策 / 施策 / 分野
    std::string measure;  // 単位施策 / (N) sub-heading / 項目
    std::string pillar;   // 柱 (事業の柱 / 取組の柱)
};

struct Budget {
    std::string text;    // as printed, e.g. 10億16百万円
    long long yen = 0;   // parsed, e.g. 1016000000
};

/// An indicator (指標) of a 施策 page: searchable and shown with the 施策's records.
struct Indicator {
    std::string kind;     // 成果指標 / プロセス指標
    std::string type;     // 市民取組指標 / 統計指標 / ... (may be empty)
    std::string name;
    std::string current;  // current value as printed
    std::string current_year;
    std::string target;   // target value (2025)
};

/// A labelled block of extra searchable text (e.g. 対象 / 意図 / 結果 of an evaluation sheet).
struct Detail {
    std::string label;
    std::string text;
};

struct ProjectRecord {
    std::string id;  // stable across rebuilds of the same corpus
    std::string city;
    std::string prefecture;
    DocumentRef document;
    SourceRef source;
    std::string section;  // 主要事業 / 主な継続事業 / その他の主な事業 / 主な取組内容 / 予算の重点 / ...
    GoalPath goal;
    std::string name;
    std::string summary;
    std::vector<std::string> departments;
    bool departments_more = false;  // the source said ほか ("and others")
    std::vector<std::string> flags;  // 新 拡 括 新※ 再 再掲 最終補正
    std::optional<Budget> budget;
    std::vector<Indicator> indicators;
    std::vector<Detail> details;
    /// Extra facets declared by a data source (e.g. 事業区分, 評価方向): facet name -> value.
    std::map<std::string, std::string> facets;
    /// Attributes kept and shown but not faceted (e.g. the city's own project number).
    std::map<std::string, std::string> attributes;

    /// True when this entry is a re-listed copy (再 / 再掲) whose main home is elsewhere.
    bool is_relisted() const;
};

void to_json(nlohmann::json& j, const ProjectRecord& r);
void from_json(const nlohmann::json& j, ProjectRecord& r);

}  // namespace plan
