// Yen amounts: a sum of "<number><unit>" terms, largest unit first, ending in 円.
#include "budget_amount.h"

#include <array>
#include <string>
#include <utility>

#include "text_cleanup.h"
#include "text_normalizer.h"

namespace plan {

namespace {

// Units in the order they may appear; multi-character units before their suffixes.
constexpr std::array<std::pair<std::string_view, long long>, 8> kUnits{{
    {"兆", 1'000'000'000'000LL},
    {"億", 100'000'000LL},
    {"千万", 10'000'000LL},
    {"百万", 1'000'000LL},
    {"十万", 100'000LL},
    {"万", 10'000LL},
    {"千", 1'000LL},
    {"百", 100LL},
}};

// ASCII digit for '0'-'9' and '０'-'９'; -1 otherwise.
int digit_value(const std::string& ch) {
    if (ch.size() == 1 && ch[0] >= '0' && ch[0] <= '9') return ch[0] - '0';
    if (ch.size() == 3 && ch.starts_with("\xEF\xBC")) {  // U+FF10..U+FF19
        const auto c = static_cast<unsigned char>(ch[2]);
        if (c >= 0x90 && c <= 0x99) return c - 0x90;
    }
    return -1;
}

bool is_digit_separator(const std::string& ch) { return ch == "," || ch == "，"; }

}  // namespace

std::optional<long long> parse_yen_amount(std::string_view text) {
    const auto chars = utf8_chars(trim(text));
    size_t i = 0;
    long long total = 0;
    size_t last_unit = 0;  // index into kUnits + 1 of the previous term's unit (0 = none yet)
    bool any_term = false;
    while (i < chars.size()) {
        if (chars[i] == "円") {
            if (!any_term || i + 1 != chars.size()) return std::nullopt;
            return total;
        }
        long long number = 0;
        size_t digits = 0;
        while (i < chars.size()) {
            if (int d = digit_value(chars[i]); d >= 0) {
                number = number * 10 + d;
                ++digits;
            } else if (!(digits > 0 && is_digit_separator(chars[i]))) {
                break;
            }
            ++i;
            if (number > 1'000'000'000'000'000LL) return std::nullopt;
        }
        if (digits == 0) return std::nullopt;
        // The rest of the text from i on: which unit follows the number?
        std::string rest;
        for (size_t k = i; k < chars.size() && k < i + 2; ++k) rest += chars[k];
        size_t unit = 0;
        for (size_t u = 0; u < kUnits.size(); ++u) {
            if (rest.starts_with(kUnits[u].first)) {
                unit = u + 1;
                break;
            }
        }
        if (unit == 0) {  // a bare number must be the last term, right before 円
            if (i >= chars.size() || chars[i] != "円") return std::nullopt;
            total += number;
            any_term = true;
            continue;
        }
        if (last_unit != 0 && unit <= last_unit) return std::nullopt;  // "5万3億円" is no amount
        total += number * kUnits[unit - 1].second;
        last_unit = unit;
        any_term = true;
        i += utf8_chars(kUnits[unit - 1].first).size();
    }
    return std::nullopt;  // no 円 at the end
}

}  // namespace plan
