#include "text_cleanup.h"

#include <cctype>
#include <vector>

#include "text_normalizer.h"

namespace plan {

namespace {

bool is_space(const std::string& ch) { return ch == " " || ch == "\t" || ch == "\u3000"; }

bool is_ascii_alnum(const std::string& ch) {
    return ch.size() == 1 && std::isalnum(static_cast<unsigned char>(ch[0]));
}

bool is_ascii_alpha(const std::string& ch) {
    return ch.size() == 1 && std::isalpha(static_cast<unsigned char>(ch[0]));
}

// Length of the ASCII alnum run ending at index i (going left) / starting at i (going right).
size_t run_left(const std::vector<std::string>& c, size_t i) {
    size_t n = 0;
    while (true) {
        if (!is_ascii_alnum(c[i])) break;
        ++n;
        if (i == 0) break;
        --i;
    }
    return n;
}
size_t run_right(const std::vector<std::string>& c, size_t i) {
    size_t n = 0;
    while (i < c.size() && is_ascii_alnum(c[i])) {
        ++n;
        ++i;
    }
    return n;
}

}  // namespace

std::string trim(std::string_view text) {
    auto chars = utf8_chars(text);
    size_t b = 0, e = chars.size();
    while (b < e && is_space(chars[b])) ++b;
    while (e > b && is_space(chars[e - 1])) --e;
    std::string out;
    for (size_t i = b; i < e; ++i) out += chars[i];
    return out;
}

std::string clean_text(std::string_view text) {
    auto c = utf8_chars(trim(text));
    std::string out;
    for (size_t i = 0; i < c.size(); ++i) {
        if (!is_space(c[i])) {
            out += c[i];
            continue;
        }
        size_t j = i;
        while (j < c.size() && is_space(c[j])) ++j;
        // c[i-1] and c[j] are the neighbours of this run of spaces (trim guarantees both exist).
        const std::string& left = c[i - 1];
        const std::string& right = c[j];
        bool keep = false;
        if (is_ascii_alnum(left) && is_ascii_alnum(right))
            keep = run_left(c, i - 1) >= 2 && run_right(c, j) >= 2;  // real words stay apart
        else if ((is_ascii_alnum(left) && run_left(c, i - 1) >= 2 && right.size() == 1) ||
                 (is_ascii_alnum(right) && run_right(c, j) >= 2 && left.size() == 1))
            keep = true;  // ASCII punctuation next to a word: "5.0 (2021)" stays readable
        if (keep) out += ' ';
        i = j - 1;
    }
    return out;
}

std::string clean_title(std::string_view text) {
    auto c = utf8_chars(trim(text));
    std::string out;
    for (size_t i = 0; i < c.size(); ++i) {
        if (!is_space(c[i])) {
            out += c[i];
            continue;
        }
        size_t j = i;
        while (j < c.size() && is_space(c[j])) ++j;
        // Letters spaced apart join ("SDG s"); a number before a word stays apart ("4 ICT").
        const bool same_kind = is_ascii_alpha(c[i - 1]) == is_ascii_alpha(c[j]);
        const bool spaced_letters = is_ascii_alnum(c[i - 1]) && is_ascii_alnum(c[j]) && same_kind &&
                                    (run_left(c, i - 1) == 1 || run_right(c, j) == 1);
        if (!spaced_letters) out += ' ';
        i = j - 1;
    }
    return out;
}

std::string join_wrapped(std::string_view first, std::string_view second) {
    std::string a = trim(first), b = trim(second);
    if (a.empty()) return b;
    if (b.empty()) return a;
    auto ca = utf8_chars(a), cb = utf8_chars(b);
    bool ascii_gap = is_ascii_alnum(ca.back()) && is_ascii_alnum(cb.front()) &&
                     run_left(ca, ca.size() - 1) >= 2 && run_right(cb, 0) >= 2;
    return ascii_gap ? a + " " + b : a + b;
}

}  // namespace plan
