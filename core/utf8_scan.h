/** @file utf8_scan.h
 *  @brief Decoding UTF-8 one code point at a time, fast for Japanese text.
 *
 *  In: bytes, an index, the length. Out: the code point at the index (negative when the bytes
 *  there are not UTF-8) and the index moved past it. Same results as ICU's U8_NEXT; the
 *  hot loops of the analyzer call it for every character, and almost every character of a
 *  plan is ASCII or a three-byte kana/kanji sequence, which take the short paths.
 */
#pragma once

#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace plan {

inline UChar32 next_code_point(const uint8_t* s, int32_t& i, int32_t length) {
    const uint8_t b0 = s[i];
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    // Lead bytes E1..EC (U+1000..U+CFFF: kana, kanji, CJK punctuation) have no overlong or
    // surrogate forms, so two continuation bytes are all there is to check.
    if (b0 >= 0xE1 && b0 <= 0xEC && i + 2 < length && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80) {
        const UChar32 c = ((b0 & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
        i += 3;
        return c;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    return c;
}

/// Characters (code points) of valid UTF-8: the bytes that do not continue a sequence.
inline size_t char_count(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace plan
