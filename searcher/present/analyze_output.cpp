#include "present/analyze_output.h"

#include "index_schema.h"
#include "present/terminal_output.h"

namespace plan {

std::string_view family_name(TermFamily family) {
    switch (family) {
        case TermFamily::Word: return "word";
        case TermFamily::Compound: return "compound";
        case TermFamily::Reading: return "reading";
        case TermFamily::Bigram: return "bigram";
    }
    return "word";
}

namespace {

/// 最高|裁判所: the search-mode parts of a token, empty when it stays whole.
std::string joined_parts(const Token& t) {
    std::string out;
    for (const auto& p : t.parts) out += (out.empty() ? "" : "|") + p.base;
    return out;
}

nlohmann::json token_json(std::string_view text, const Token& t) {
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& p : t.parts)
        parts.push_back(
            {{"base", p.base}, {"reading", p.reading}, {"start", p.begin}, {"end", p.end}});
    return {{"surface", t.surface},
            {"parts", parts},
            {"base", t.base},
            {"pos", t.pos},
            {"reading", t.reading},
            {"start", t.begin},
            {"end", t.end},
            {"original", std::string(text.substr(t.begin, t.end - t.begin))},
            {"position", t.position},
            {"content", t.content},
            {"user_dict", t.user_dict}};
}

// Pads to a display width (East Asian wide characters count 2).
std::string pad(std::string_view s, size_t width) {
    const size_t w = display_width(s);
    return std::string(s) + std::string(w >= width ? 1 : width - w, ' ');
}

}  // namespace

nlohmann::json analysis_json(std::string_view text, const Analysis& a,
                             const std::string& analyzer_version) {
    nlohmann::json j{{"text", std::string(text)},
                     {"normalized", a.normalized.text},
                     {"analyzer", analyzer_version},
                     {"tokens", nlohmann::json::array()},
                     {"user_entries", nlohmann::json::array()},
                     {"terms", nlohmann::json::array()}};
    for (const auto& t : a.tokens) j["tokens"].push_back(token_json(text, t));
    for (const auto& t : a.user_entries) j["user_entries"].push_back(token_json(text, t));
    for (const auto& t : a.terms) {
        std::string term(schema::prefix_of(t.family));
        term += t.text;
        j["terms"].push_back({{"family", family_name(t.family)},
                              {"term", term},
                              {"text", t.text},
                              {"position", t.position},
                              {"start", t.begin},
                              {"end", t.end}});
    }
    return j;
}

void print_analysis(std::ostream& out, std::string_view text, const Analysis& a) {
    out << "normalized: " << a.normalized.text << "\n\ntokens:\n";
    out << "  " << pad("pos", 5) << pad("surface", 16) << pad("base", 16) << pad("POS", 18)
        << pad("reading", 16) << "offsets\n";
    for (const auto& t : a.tokens) {
        out << "  " << pad(std::to_string(t.position), 5) << pad(t.surface, 16) << pad(t.base, 16)
            << pad(t.pos, 18) << pad(t.reading.empty() ? "-" : t.reading, 16) << "[" << t.begin
            << "," << t.end << ") " << text.substr(t.begin, t.end - t.begin)
            << (t.content ? "" : "  (not a term)") << (t.user_dict ? "  (user dict)" : "")
            << (t.parts.empty() ? "" : "  (parts " + joined_parts(t) + ")") << "\n";
    }
    if (!a.user_entries.empty()) {
        out << "\nuser dictionary entries:\n";
        for (const auto& t : a.user_entries)
            out << "  " << pad(std::to_string(t.position), 5) << pad(t.surface, 24)
                << pad(t.reading, 24) << "[" << t.begin << "," << t.end << ")\n";
    }
    out << "\nterms:\n";
    for (const auto& t : a.terms) {
        std::string term(schema::prefix_of(t.family));
        term += t.text;
        out << "  " << pad(std::string(family_name(t.family)), 10) << pad(term, 28) << "@"
            << t.position << "  [" << t.begin << "," << t.end << ")\n";
    }
}

}  // namespace plan
