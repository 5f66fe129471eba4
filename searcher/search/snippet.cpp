#include "snippet.h"

#include <algorithm>

#include "index_schema.h"
#include "text_normalizer.h"

namespace plan {

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

Snippet make_snippet(const std::string& text, const std::set<std::string>& terms,
                     const JapaneseAnalyzer& analyzer, size_t max_chars) {
    Snippet s;
    if (text.empty()) return s;
    std::vector<std::pair<size_t, size_t>> hits;
    // Fast path: find word, compound and bigram terms as strings in the normalized text (ICU
    // only). Readings (kana query, kanji text) need the morphological analysis.
    static const TextNormalizer normalizer;
    const NormalizedText nt = normalizer.normalize(text);
    bool needs_analysis = false;
    for (const auto& term : terms) {
        if (term.empty()) continue;
        const char family = term[0];
        if (family == schema::kReading[0]) {
            needs_analysis = true;
            continue;
        }
        if (family != schema::kWord[0] && family != schema::kCompound[0] && family != schema::kBigram[0])
            continue;
        const std::string needle = term.substr(1);
        if (needle.empty()) continue;
        for (size_t at = nt.text.find(needle); at != std::string::npos; at = nt.text.find(needle, at + needle.size()))
            hits.push_back(nt.to_original(at, at + needle.size()));
    }
    if (needs_analysis) {
        Analysis a = analyzer.analyze(text);
        for (const auto& t : a.terms) {
            std::string term(schema::prefix_of(t.family));
            term += t.text;
            if (terms.count(term)) hits.emplace_back(t.begin, t.end);
        }
    }
    std::sort(hits.begin(), hits.end());
    // Merge overlapping ranges.
    std::vector<std::pair<size_t, size_t>> merged;
    for (const auto& h : hits) {
        if (!merged.empty() && h.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, h.second);
        else
            merged.push_back(h);
    }
    // Character boundaries of the original text.
    std::vector<size_t> starts;
    for (size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
    starts.push_back(text.size());
    const size_t nchars = starts.size() - 1;
    auto char_index = [&](size_t byte) {
        return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), byte) - starts.begin()) - 1;
    };
    size_t from = 0, to = nchars;
    if (nchars > max_chars) {
        // Window with the most matches; start a little before the first match in it.
        size_t best_start = 0, best_count = 0;
        for (size_t i = 0; i < merged.size(); ++i) {
            size_t c0 = char_index(merged[i].first);
            size_t count = 0;
            for (size_t j = i; j < merged.size() && char_index(merged[j].first) < c0 + max_chars; ++j) ++count;
            if (count > best_count) {
                best_count = count;
                best_start = c0 > 15 ? c0 - 15 : 0;
            }
        }
        from = std::min(best_start, nchars - max_chars);
        to = from + max_chars;
    }
    const size_t bfrom = starts[from], bto = starts[to];
    const std::string ellipsis = "…";
    if (from > 0) s.text = ellipsis;
    const size_t shift = s.text.size();
    s.text += text.substr(bfrom, bto - bfrom);
    if (to < nchars) s.text += ellipsis;
    for (const auto& m : merged) {
        if (m.second <= bfrom || m.first >= bto) continue;
        size_t b = std::max(m.first, bfrom) - bfrom + shift;
        size_t e = std::min(m.second, bto) - bfrom + shift;
        s.marks.emplace_back(b, e);
        std::string surface = text.substr(m.first, m.second - m.first);
        if (std::find(s.matched.begin(), s.matched.end(), surface) == s.matched.end())
            s.matched.push_back(surface);
    }
    return s;
}

namespace {
template <typename Open, typename Close, typename Escape>
std::string render(const Snippet& s, Open open, Close close, Escape esc) {
    std::string out;
    size_t pos = 0;
    for (const auto& [b, e] : s.marks) {
        out += esc(std::string_view(s.text).substr(pos, b - pos));
        out += open;
        out += esc(std::string_view(s.text).substr(b, e - b));
        out += close;
        pos = e;
    }
    out += esc(std::string_view(s.text).substr(pos));
    return out;
}
}  // namespace

std::string snippet_html(const Snippet& s) {
    return render(s, "<mark>", "</mark>", [](std::string_view v) { return html_escape(v); });
}

std::string snippet_terminal(const Snippet& s, bool bold) {
    return render(s, bold ? "\033[1m" : "", bold ? "\033[0m" : "",
                  [](std::string_view v) { return std::string(v); });
}

}  // namespace plan
