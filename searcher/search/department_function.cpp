#include "department_function.h"

#include <array>
#include <string_view>
#include <utility>

namespace plan {

namespace {

// First match wins, so the more specific keywords come first (市民協働課 is 協働, 市民課 is a
// counter; 保健福祉こども家庭センター is 子ども before 福祉). Keywords cover the departments of
// the corpus cities and the common names of other cities' sections.
constexpr std::array<std::pair<std::string_view, std::string_view>, 57> kKeywords = {{
    {"協働", "協働・地域"},
    {"市民活動", "協働・地域"},
    {"地域づくり", "協働・地域"},
    {"地域振興", "協働・地域"},
    {"コミュニティ", "協働・地域"},
    {"移住", "移住・定住"},
    {"定住", "移住・定住"},
    {"地方創生", "企画・政策"},
    {"企画", "企画・政策"},
    {"政策推進", "企画・政策"},
    {"政策企画", "企画・政策"},
    {"税", "税務"},
    {"納税", "税務"},
    {"収納", "税務"},
    {"財政", "財政"},
    {"会計", "財政"},
    {"人事", "人事"},
    {"職員", "人事"},
    {"情報", "情報化"},
    {"デジタル", "情報化"},
    {"ICT", "情報化"},
    {"DX", "情報化"},
    {"広報", "広報・広聴"},
    {"広聴", "広報・広聴"},
    {"市民相談", "広報・広聴"},
    {"秘書", "広報・広聴"},
    {"行政管理", "総務・行政管理"},
    {"管財", "総務・行政管理"},
    {"契約", "総務・行政管理"},
    {"総務", "総務・行政管理"},
    {"市民課", "窓口・戸籍"},
    {"戸籍", "窓口・戸籍"},
    {"国保", "保険・年金"},
    {"年金", "保険・年金"},
    {"国際", "国際交流"},
    {"男女共同", "人権・男女共同参画"},
    {"人権", "人権・男女共同参画"},
    {"こども", "子ども"},
    {"子ども", "子ども"},
    {"子育て", "子ども"},
    {"保育", "子ども"},
    {"福祉", "福祉"},
    {"長寿", "福祉"},
    {"介護", "福祉"},
    {"健康", "保健・医療"},
    {"保健", "保健・医療"},
    {"学校", "教育"},
    {"教育", "教育"},
    {"生涯学習", "生涯学習・文化"},
    {"公民館", "生涯学習・文化"},
    {"観光", "産業・観光"},
    {"商工", "産業・観光"},
    {"雇用", "産業・観光"},
    {"産業", "産業・観光"},
    {"農", "農林水産"},
    {"水産", "農林水産"},
    {"選挙", "選挙"},
}};

// The trailing 課/室 of "…部…課": the bureau says less about the job than the section.
std::string_view last_section(std::string_view department) {
    const auto bu = department.rfind("部");
    if (bu == std::string_view::npos || bu + std::string_view("部").size() >= department.size())
        return department;
    return department.substr(bu + std::string_view("部").size());
}

}  // namespace

std::string department_function(const std::string& department) {
    const std::string_view section = last_section(department);
    for (const auto& [keyword, function] : kKeywords)
        if (section.find(keyword) != std::string_view::npos) return std::string(function);
    return {};
}

}  // namespace plan
