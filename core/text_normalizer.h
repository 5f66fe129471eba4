/** @file text_normalizer.h
 *  @brief TextNormalizer: ICU NFKC + case folding with a byte map back to the original text.
 *
 *  In: UTF-8 text as written. Out: NormalizedText, the folded text plus, for every byte of it,
 *  the byte range of the original it came from, so tokens found in the folded text can be
 *  highlighted in the original. Used for matching only; records keep the text as written.
 *  Also: term-level helpers (kana conversion, long-vowel folding) shared by index and query.
 *  The variant kanji table is core/kanji_variants.inc, written by scripts/gen-kanji-variants.py.
 */
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace plan {

struct NormalizedText {
    std::string text;
    /// For byte i of text: the original byte range [origin_begin[i], origin_end[i]).
    /// (32 bits: texts are analyzed a line or a field at a time, far below 4 GiB.)
    std::vector<uint32_t> origin_begin;
    std::vector<uint32_t> origin_end;

    /// Map a byte range of the normalized text to the original text.
    std::pair<size_t, size_t> to_original(size_t begin, size_t end) const;
};

/// One row of the variant kanji table: an old or variant form and the form plans print.
struct KanjiVariant {
    char32_t variant;
    char32_t standard;
};

class TextNormalizer {
  public:
    TextNormalizer();
    /// Names the folds normalize() applies (rules and table version); part of the analyzer's
    /// version, so an index built with other folds is detected.
    static const char* folds_version();
    /// The variant kanji table, sorted by variant (no standard form is itself a variant).
    static std::span<const KanjiVariant> kanji_variants();
    /// NFKC with case folding (full-width ASCII → ASCII, half-width katakana → katakana,
    /// upper → lower case), then:
    ///  - katakana long-vowel runs collapsed (ーー → ー);
    ///  - kana iteration marks expanded (いすゞ → いすず, ココヽロ → ココロロ); the kanji mark
    ///    々 is kept because IPADIC lists 人々, 様々 … as written;
    ///  - old and variant kanji folded to the form plans print (澤 → 沢, 髙 → 高, 國 → 国, 﨑 → 崎;
    ///    see kanji_variants());
    ///  - PDF look-alikes: a dash or rule continuing katakana becomes ー (デ－タ, センタ―, ｾﾝﾀ-,
    ///    not before a letter or digit: タイプ-A), and a spacing voiced or semi-voiced mark
    ///    composes with the kana before it (か゛ → が, う゛ → ゔ, ウ゛ → ヴ);
    ///  - letters spaced apart by PDF extraction joined ("E B P M" → ebpm, "SDG s" → sdgs,
    ///    "I o T" → iot, "U I J ターン" → uijターン): a space after a lone ASCII letter goes when
    ///    a letter or Japanese text follows, and before one when a letter precedes;
    ///  - whitespace runs folded to one ASCII space, trimmed at both ends.
    NormalizedText normalize(std::string_view original) const;
    /// Same, text only.
    std::string fold(std::string_view original) const { return normalize(original).text; }

  private:
    const void* nfkc_casefold_;  // icu::Normalizer2*, owned by ICU
    const void* nfc_;            // icu::Normalizer2*, for composing voiced iteration marks
};

/// Convert katakana to hiragana (other characters unchanged). Used for reading terms.
std::string katakana_to_hiragana(std::string_view text);
/// Same, rewriting the string (katakana and hiragana are both three bytes in UTF-8).
void katakana_to_hiragana_in_place(std::string& text);
/// True when every character is hiragana or the prolonged sound mark ー.
bool is_all_hiragana(std::string_view text);
/// True when every character is katakana or ー.
bool is_all_katakana(std::string_view text);

/// The part of fold_long_vowel() after its quick test (call fold_long_vowel()).
void fold_long_vowel_slow(std::string& term);

/// Term-level long-vowel folding: drop one trailing ー when the kana run it ends has at least
/// four characters (サーバー → サーバ, コンピューター → コンピュータ, さーばー → さーば), following
/// the JIS Z 8301 convention that makes both spellings common. Short words keep it (カー, ボー).
/// Applied to word, compound and reading terms on both the index and the query side.
inline void fold_long_vowel(std::string& term) {
    // Inline test for the trailing ー (E3 83 BC) that most terms lack.
    const size_t n = term.size();
    if (n >= 12 && term[n - 1] == '\xBC' && term[n - 2] == '\x83' && term[n - 3] == '\xE3')
        fold_long_vowel_slow(term);
}

/// Term-level okurigana folding: a word of kanji and the hiragana of its okurigana is kept as
/// its kanji alone when the hiragana stand between kanji or are one final character, which is how
/// official writing shortens them (取り組み, 取組み and 取組む → 取組; 申し込み, 申込 → 申込;
/// 届け出 → 届出; 話し合い, 話合い → 話合; 手続き → 手続). At least two kanji must remain, and the
/// word must start with a kanji: 新しい, 地域おこし and 位置づけ are kept. Applied to word terms
/// (base forms) on both the index and the query side.
void fold_okurigana(std::string& term);

/// Split UTF-8 into code points (as strings). Invalid bytes become U+FFFD.
std::vector<std::string> utf8_chars(std::string_view text);

}  // namespace plan
