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

bool is_ascii_punct(const std::string& ch) {
    return ch.size() == 1 && std::ispunct(static_cast<unsigned char>(ch[0]));
}

// The gap between c[l] and c[r] splits letters (or digits) the PDF spaced apart: "SDG s",
// "E B P M", "I o T". A number next to a word ("4 ICT", "Society 5.0") is no such gap.
bool spaced_apart(const std::vector<std::string>& c, size_t l, size_t r) {
    return is_ascii_alnum(c[l]) && is_ascii_alnum(c[r]) &&
           is_ascii_alpha(c[l]) == is_ascii_alpha(c[r]) &&
           (run_left(c, l) == 1 || run_right(c, r) == 1);
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

namespace {

// Trims, then replaces each inner run of spaces by one space when keep(chars, before, after)
// says so (before and after index the run's neighbours; trim guarantees both exist), else by
// nothing.
template <typename Keep>
std::string collapse_space_runs(std::string_view text, Keep keep) {
    auto c = utf8_chars(trim(text));
    std::string out;
    for (size_t i = 0; i < c.size(); ++i) {
        if (!is_space(c[i])) {
            out += c[i];
            continue;
        }
        size_t j = i;
        while (j < c.size() && is_space(c[j])) ++j;
        if (keep(c, i - 1, j)) out += ' ';
        i = j - 1;
    }
    return out;
}

}  // namespace

std::string clean_text(std::string_view text) {
    return collapse_space_runs(text, [](const auto& c, size_t before, size_t after) {
        const std::string& left = c[before];
        const std::string& right = c[after];
        if (is_ascii_alnum(left) && is_ascii_alnum(right))
            return !spaced_apart(c, before, after);  // real words stay apart: "For Asians"
        return (is_ascii_alnum(left) && is_ascii_punct(right)) ||
               (is_ascii_punct(left) && is_ascii_alnum(right));  // "5.0 (2021)" stays readable
    });
}

std::string clean_title(std::string_view text) {
    return collapse_space_runs(text, [](const auto& c, size_t before, size_t after) {
        return !spaced_apart(c, before, after);
    });
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
