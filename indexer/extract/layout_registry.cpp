#include "layout_registry.h"

#include "budget_bullets_reader.h"
#include "csv_reader.h"
#include "input_error.h"
#include "jsonl_reader.h"
#include "policy_pages_reader.h"
#include "tables_reader.h"

namespace plan {

namespace {

template <class Reader>
std::unique_ptr<PlanReader> make() {
    return std::make_unique<Reader>();
}

// One row per layout. fuzz/CMakeLists.txt reads the names from these rows (a line that opens
// with {"<name>", …): keep one row a line, the name first.
constexpr Layout kLayouts[] = {
    // clang-format off
    {"tables", "tables of 事業 under 基本目標 > 基本施策 > 施策 (鹿児島市 実施計画)", false, make<TablesReader>},
    {"policy-pages", "a page per 施策, its 取組項目 with ◇ items (須坂市 基本計画)", false, make<PolicyPagesReader>},
    {"budget-bullets", "・ bullets under 柱 > (N) 分野 > ① 項目 (金沢市 予算の重点)", false, make<BudgetBulletsReader>},
    {"jsonl", "records in the JSON contract, one per line", true, make<JsonlReader>},
    {"csv", "a project table as CSV, columns mapped by its manifest entry's options", false, make<CsvReader>},
    // clang-format on
};

}  // namespace

std::span<const Layout> layouts() { return kLayouts; }

const Layout* find_layout(std::string_view name) {
    for (const auto& l : kLayouts)
        if (l.name == name) return &l;
    return nullptr;
}

std::string layout_names() {
    std::string out;
    for (const auto& l : kLayouts) (out += out.empty() ? "" : ", ") += l.name;
    return out;
}

const Layout& layout_named(std::string_view name, const std::string& where) {
    if (const Layout* l = find_layout(name)) return *l;
    throw InputError(where,
                     "unknown layout '" + std::string(name) + "' (known: " + layout_names() + ")");
}

std::unique_ptr<PlanReader> make_reader(std::string_view layout) {
    return layout_named(layout, "--layout").make_reader();
}

}  // namespace plan
