#include "text_normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <stdexcept>

namespace plan {

namespace {
const icu::Normalizer2* nfkc(const void* p) { return static_cast<const icu::Normalizer2*>(p); }

void append_utf8(std::string& out, UChar32 c) {
    char buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, err);
    if (!err) out.append(buf, static_cast<size_t>(len));
}
}  // namespace

std::pair<size_t, size_t> NormalizedText::to_original(size_t begin, size_t end) const {
    if (text.empty() || begin >= text.size()) {
        size_t last = origin_end.empty() ? 0 : origin_end.back();
        return {last, last};
    }
    if (end > text.size()) end = text.size();
    if (end <= begin) end = begin + 1;
    return {origin_begin[begin], origin_end[end - 1]};
}

TextNormalizer::TextNormalizer() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold is unavailable");
}

NormalizedText TextNormalizer::normalize(std::string_view original) const {
    NormalizedText out;
    out.text.reserve(original.size());
    out.origin_begin.reserve(original.size());
    out.origin_end.reserve(original.size());
    const auto* n = nfkc(nfkc_casefold_);
    const auto* s = reinterpret_cast<const uint8_t*>(original.data());
    const int32_t len = static_cast<int32_t>(original.size());
    int32_t i = 0;
    bool last_space = true;  // trims leading whitespace
    while (i < len) {
        // One normalization chunk: a code point plus any following ones without a boundary.
        int32_t chunk_begin = i;
        icu::UnicodeString chunk;
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0) c = 0xFFFD;
        chunk.append(c);
        while (i < len) {
            int32_t j = i;
            UChar32 d;
            U8_NEXT(s, j, len, d);
            if (d < 0 || n->hasBoundaryBefore(d)) break;
            chunk.append(d);
            i = j;
        }
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString folded = n->normalize(chunk, status);
        if (U_FAILURE(status)) folded = chunk;
        const size_t ob = static_cast<size_t>(chunk_begin), oe = static_cast<size_t>(i);
        for (int32_t k = 0; k < folded.length();) {
            UChar32 f = folded.char32At(k);
            k += U16_LENGTH(f);
            if (u_isUWhiteSpace(f) || f == 0x3000) {
                if (last_space) continue;
                f = ' ';
                last_space = true;
            } else {
                // Collapse repeated prolonged sound marks (ーー → ー).
                if (f == 0x30FC && out.text.size() >= 3 &&
                    out.text.compare(out.text.size() - 3, 3, "ー") == 0)
                    continue;
                last_space = false;
            }
            size_t before = out.text.size();
            append_utf8(out.text, f);
            for (size_t b = before; b < out.text.size(); ++b) {
                out.origin_begin.push_back(ob);
                out.origin_end.push_back(oe);
            }
        }
    }
    while (!out.text.empty() && out.text.back() == ' ') {
        out.text.pop_back();
        out.origin_begin.pop_back();
        out.origin_end.pop_back();
    }
    return out;
}

std::string katakana_to_hiragana(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t len = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0) c = 0xFFFD;
        if (c >= 0x30A1 && c <= 0x30F6) c -= 0x60;
        append_utf8(out, c);
    }
    return out;
}

namespace {
template <typename Pred>
bool all_chars(std::string_view text, Pred pred) {
    if (text.empty()) return false;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t len = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0 || !pred(c)) return false;
    }
    return true;
}
}  // namespace

bool is_all_hiragana(std::string_view text) {
    return all_chars(text, [](UChar32 c) { return (c >= 0x3041 && c <= 0x309F) || c == 0x30FC; });
}

bool is_all_katakana(std::string_view text) {
    return all_chars(text, [](UChar32 c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC; });
}

std::vector<std::string> utf8_chars(std::string_view text) {
    std::vector<std::string> out;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t len = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0) c = 0xFFFD;
        std::string ch;
        append_utf8(ch, c);
        out.push_back(std::move(ch));
    }
    return out;
}

}  // namespace plan
