/** @file text_normalizer.h
 *  @brief TextNormalizer: ICU NFKC + case folding with a byte map back to the original text.
 *
 *  In: UTF-8 text as written. Out: NormalizedText, the folded text plus, for every byte of it,
 *  the byte range of the original it came from, so tokens found in the folded text can be
 *  highlighted in the original. Used for matching only; records keep the text as written.
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace plan {

struct NormalizedText {
    std::string text;
    /// For byte i of text: the original byte range [origin_begin[i], origin_end[i]).
    std::vector<size_t> origin_begin;
    std::vector<size_t> origin_end;

    /// Map a byte range of the normalized text to the original text.
    std::pair<size_t, size_t> to_original(size_t begin, size_t end) const;
};

class TextNormalizer {
public:
    TextNormalizer();
    /// NFKC with case folding, then: katakana long-vowel runs collapsed (ーー → ー),
    /// iteration marks kept, whitespace runs folded to one ASCII space.
    NormalizedText normalize(std::string_view original) const;
    /// Same, text only.
    std::string fold(std::string_view original) const { return normalize(original).text; }

private:
    const void* nfkc_casefold_;  // icu::Normalizer2*, owned by ICU
};

/// Convert katakana to hiragana (other characters unchanged). Used for reading terms.
std::string katakana_to_hiragana(std::string_view text);
/// True when every character is hiragana or the prolonged sound mark ー.
bool is_all_hiragana(std::string_view text);
/// True when every character is katakana or ー.
bool is_all_katakana(std::string_view text);

/// Split UTF-8 into code points (as strings). Invalid bytes become U+FFFD.
std::vector<std::string> utf8_chars(std::string_view text);

}  // namespace plan
