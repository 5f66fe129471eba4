#include "text_normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <stdexcept>

#include "utf8_scan.h"

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
    status = U_ZERO_ERROR;
    nfc_ = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFC is unavailable");
}

namespace {

// Old and variant kanji → the form Japanese plans print (澤→沢, 髙→高, 國→国), from Unihan and
// KANJIDIC2; scripts/gen-kanji-variants.py writes the table and says the rule.
constexpr KanjiVariant kKanjiVariants[] = {
#include "kanji_variants.inc"
};

constexpr bool variants_sorted_and_final() {
    for (size_t i = 1; i < std::size(kKanjiVariants); ++i)
        if (kKanjiVariants[i - 1].variant >= kKanjiVariants[i].variant) return false;
    for (const KanjiVariant& v : kKanjiVariants)  // a target is never folded again
        if (std::binary_search(
                std::begin(kKanjiVariants), std::end(kKanjiVariants), KanjiVariant{v.standard, 0},
                [](const KanjiVariant& a, const KanjiVariant& b) { return a.variant < b.variant; }))
            return false;
    return true;
}
static_assert(variants_sorted_and_final(), "kanji_variants.inc: regenerate it with the script");

// The standard form of a variant kanji, or 0 (a binary search: ask CodePointTable, which
// skips it for the other characters).
UChar32 kanji_variant_lookup(UChar32 c) {
    const auto* it = std::lower_bound(
        std::begin(kKanjiVariants), std::end(kKanjiVariants), static_cast<char32_t>(c),
        [](const KanjiVariant& v, char32_t x) { return v.variant < x; });
    return it != std::end(kKanjiVariants) && it->variant == static_cast<char32_t>(c)
               ? static_cast<UChar32>(it->standard)
               : 0;
}

// Dashes and rules that PDF extraction leaves where katakana had the prolonged sound mark:
// ― ─ ━ ‐ — − (the half-width ｰ is NFKC's already) and the minus signs (－ is '-' after NFKC).
bool is_dash_lookalike(UChar32 c) {
    return c == '-' || c == 0xFF0D || c == 0x2010 || c == 0x2014 || c == 0x2015 || c == 0x2212 ||
           c == 0x2500 || c == 0x2501;
}

// An ASCII or full-width letter or digit: a dash before one is a hyphen (ステップ-2, タイプ－A).
bool is_alnum_at(const uint8_t* s, int32_t i, int32_t len) {
    if (i >= len) return false;
    int32_t j = i;
    const UChar32 c = next_code_point(s, j, len);
    if (c >= 0xFF10 && c <= 0xFF5A) return u_isalnum(c);
    return c < 0x80 && std::isalnum(c);
}

// The spacing voiced and semi-voiced marks (゛ ゜, half-width ﾞ ﾟ) as combining marks.
UChar32 combining_voice_mark(UChar32 c) {
    if (c == 0x309B || c == 0xFF9E) return 0x3099;
    if (c == 0x309C || c == 0xFF9F) return 0x309A;
    return 0;
}

bool is_space(UChar32 c) {
    if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
    // No white space above U+3000, so CJK text skips the property lookup.
    return c == 0x3000 || (c < 0x3000 && u_isUWhiteSpace(c));
}

bool is_hiragana(UChar32 c) { return c >= 0x3041 && c <= 0x3096; }
bool is_katakana(UChar32 c) { return c >= 0x30A1 && c <= 0x30FA; }

// Per BMP code point, what the hot loop of normalize() asks ICU: does NFKC_Casefold leave it
// alone, and does it start a new normalization chunk. Asked once per process (65,536 lookups,
// about a millisecond) so the loop reads two bits instead of making two virtual calls per
// character.
class CodePointTable {
  public:
    explicit CodePointTable(const icu::Normalizer2* n) {
        icu::UnicodeString mapping;
        for (UChar32 c = 0; c < 0x10000; ++c) {
            if (c >= 0xD800 && c <= 0xDFFF) continue;
            if (n->hasBoundaryBefore(c)) boundary_before_[c >> 6] |= uint64_t{1} << (c & 63);
            if (!n->getDecomposition(c, mapping)) unmapped_[c >> 6] |= uint64_t{1} << (c & 63);
        }
        // A variant kanji leaves the hot loop's copy path for FoldedWriter::put, which folds it.
        for (const KanjiVariant& v : kKanjiVariants) {
            if (v.variant >= 0x10000) continue;
            variant_[v.variant >> 6] |= uint64_t{1} << (v.variant & 63);
            unmapped_[v.variant >> 6] &= ~(uint64_t{1} << (v.variant & 63));
        }
    }
    bool boundary_before(UChar32 c, const icu::Normalizer2* n) const {
        return c < 0x10000 ? (boundary_before_[c >> 6] >> (c & 63)) & 1 : n->hasBoundaryBefore(c);
    }
    bool unmapped(UChar32 c, const icu::Normalizer2* n, icu::UnicodeString& scratch) const {
        return c < 0x10000 ? (unmapped_[c >> 6] >> (c & 63)) & 1 : !n->getDecomposition(c, scratch);
    }

    /// The standard form of a variant kanji (澤 → 沢), or 0.
    UChar32 kanji_variant_target(UChar32 c) const {
        if (c < 0x10000 && !((variant_[c >> 6] >> (c & 63)) & 1)) return 0;
        return kanji_variant_lookup(c);
    }

  private:
    uint64_t boundary_before_[0x10000 / 64] = {};
    uint64_t unmapped_[0x10000 / 64] = {};
    uint64_t variant_[0x10000 / 64] = {};
};

const CodePointTable& code_point_table(const icu::Normalizer2* n) {
    static const CodePointTable table(n);
    return table;
}

// Appends folded code points with their origin, applying the post-NFKC rules. Writes into
// buffers grown ahead (every byte of input makes about one byte of output) and trimmed by
// finish(), instead of three push_backs per byte.
class FoldedWriter {
  public:
    FoldedWriter(NormalizedText& out, const icu::Normalizer2* nfc, const CodePointTable& table,
                 size_t expected)
        : out_(out), nfc_(nfc), table_(table) {
        grow(expected + 8);
    }

    /// A dash (not before a letter or digit): ー when it continues katakana (デ－タ, センタ―).
    void put_dash(UChar32 c, uint32_t ob, uint32_t oe) {
        if (is_katakana(prev_) || prev_ == 0x30FC)
            put(0x30FC, ob, oe);
        else
            put(c == 0xFF0D ? '-' : c, ob, oe);
    }

    /// A combining voiced or semi-voiced mark: composed with the kana before it when they make
    /// one (か゛ → が, う゛ → ゔ, ウ゛ → ヴ), which then covers both in the original. False when
    /// they make none (the caller writes the mark as NFKC does).
    bool compose_voice_mark(UChar32 mark, uint32_t oe) {
        if (!(is_hiragana(prev_) || is_katakana(prev_)) || size_ < 3) return false;
        const UChar32 voiced = nfc_->composePair(prev_, mark);
        if (voiced < 0) return false;
        size_ -= 3;  // kana are three bytes in UTF-8; the voiced form too
        const uint32_t ob = begin_[size_];
        put(voiced, ob, oe);
        return true;
    }

    void put(UChar32 f, uint32_t ob, uint32_t oe) {
        if (is_space(f)) {
            if (last_space_) return;
            f = ' ';
            last_space_ = true;
        } else {
            if (f >= 0x3400) {
                const UChar32 standard = table_.kanji_variant_target(f);
                if (standard) f = standard;
            }
            if (f >= 0x309D && f <= 0x30FE) {                // ー and the kana iteration marks
                if (f == 0x30FC && prev_ == 0x30FC) return;  // ーー → ー
                f = expand_iteration_mark(f);
            }
            last_space_ = false;
        }
        prev_ = f;
        if (U_IS_SURROGATE(f) || f > 0x10FFFF) f = 0xFFFD;  // never from ICU; keeps UTF-8 valid
        if (size_ + 4 > capacity_) grow(2 * capacity_);
        // Raw pointers: writes through the char buffer would otherwise make the compiler reload
        // the vectors' pointers for every byte.
        int32_t n = 0;
        U8_APPEND_UNSAFE(text_ + size_, n, f);
        for (int32_t k = 0; k < n; ++k) {
            begin_[size_ + static_cast<size_t>(k)] = ob;
            end_[size_ + static_cast<size_t>(k)] = oe;
        }
        size_ += static_cast<size_t>(n);
    }

    /// A kanji or kana that is its own normalization and starts no special rule: its bytes are
    /// copied as they are (most characters of a plan take this path).
    void put_plain3(const uint8_t* bytes, UChar32 c, uint32_t ob) {
        last_space_ = false;
        prev_ = c;
        if (size_ + 4 > capacity_) grow(2 * capacity_);
        text_[size_] = bytes[0];
        text_[size_ + 1] = bytes[1];
        text_[size_ + 2] = bytes[2];
        for (size_t k = 0; k < 3; ++k) {
            begin_[size_ + k] = ob;
            end_[size_ + k] = ob + 3;
        }
        size_ += 3;
    }

    /// Trims the buffers to what was written, without trailing white space.
    void finish() {
        while (size_ > 0 && out_.text[size_ - 1] == ' ') --size_;
        out_.text.resize(size_);
        out_.origin_begin.resize(size_);
        out_.origin_end.resize(size_);
    }

  private:
    NormalizedText& out_;
    const icu::Normalizer2* nfc_;
    const CodePointTable& table_;
    size_t size_ = 0;
    size_t capacity_ = 0;
    uint8_t* text_ = nullptr;
    uint32_t* begin_ = nullptr;
    uint32_t* end_ = nullptr;
    UChar32 prev_ = 0;
    bool last_space_ = true;  // trims leading whitespace

    void grow(size_t capacity) {
        capacity_ = capacity;
        out_.text.resize(capacity);
        out_.origin_begin.resize(capacity);
        out_.origin_end.resize(capacity);
        text_ = reinterpret_cast<uint8_t*>(out_.text.data());
        begin_ = out_.origin_begin.data();
        end_ = out_.origin_end.data();
    }

    // ゝ/ヽ repeat the kana before, ゞ/ヾ its voiced form (composed by ICU: す + ゛ → ず).
    UChar32 expand_iteration_mark(UChar32 f) const {
        const bool hira = (f == 0x309D || f == 0x309E) && is_hiragana(prev_);
        const bool kata = (f == 0x30FD || f == 0x30FE) && is_katakana(prev_);
        if (!hira && !kata) return f;
        if (f == 0x309D || f == 0x30FD) return prev_;
        UChar32 voiced = nfc_->composePair(prev_, 0x3099);
        return voiced >= 0 ? voiced : prev_;
    }
};

bool is_ascii_letter(char c) { return c >= 'a' && c <= 'z'; }

// Letters spaced apart by PDF extraction: drop a space between ASCII letters when the letter
// run on either side is one letter ("e b p m" → ebpm, "sdg s" → sdgs, "i o t" → iot), and
// between a lone letter and the Japanese text after it ("u i j ターン" → uijターン).
void join_spaced_letters(NormalizedText& t) {
    const std::string& s = t.text;
    std::vector<bool> drop;
    for (size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] != ' ' || !is_ascii_letter(s[i - 1])) continue;
        const bool single_before = i < 2 || !is_ascii_letter(s[i - 2]);
        if (is_ascii_letter(s[i + 1])) {
            const bool single_after = i + 2 >= s.size() || !is_ascii_letter(s[i + 2]);
            if (!single_before && !single_after) continue;
        } else if (!(single_before && static_cast<unsigned char>(s[i + 1]) >= 0x80)) {
            continue;  // a lone letter before Japanese text ("u i j ターン") joins it too
        }
        if (drop.empty()) drop.assign(s.size(), false);
        drop[i] = true;
    }
    if (drop.empty()) return;
    size_t w = 0;
    for (size_t r = 0; r < s.size(); ++r) {
        if (drop[r]) continue;
        t.text[w] = t.text[r];
        t.origin_begin[w] = t.origin_begin[r];
        t.origin_end[w] = t.origin_end[r];
        ++w;
    }
    t.text.resize(w);
    t.origin_begin.resize(w);
    t.origin_end.resize(w);
}

}  // namespace

const char* TextNormalizer::folds_version() {
    // Bump "folds/N" when a rule changes; the table names its own sources' versions.
    return "folds/1+" PLAN_KANJI_VARIANTS_VERSION;
}

std::span<const KanjiVariant> TextNormalizer::kanji_variants() { return kKanjiVariants; }

NormalizedText TextNormalizer::normalize(std::string_view original) const {
    NormalizedText out;
    if (original.size() >= UINT32_MAX / 4)  // origins are 32-bit; inputs are lines or fields
        throw std::length_error("text of " + std::to_string(original.size()) +
                                " bytes is too long to normalize");
    const auto* n = nfkc(nfkc_casefold_);
    const CodePointTable& table = code_point_table(n);
    FoldedWriter writer(out, static_cast<const icu::Normalizer2*>(nfc_), table, original.size());
    const auto* s = reinterpret_cast<const uint8_t*>(original.data());
    const int32_t len = static_cast<int32_t>(original.size());
    int32_t i = 0;
    icu::UnicodeString chunk, folded, mapping;
    while (i < len) {
        // Fast path: kana and kanji (lead bytes E3..E9) that NFKC_Casefold leaves alone, and
        // that are not ー or an iteration mark, followed by a character that starts a chunk.
        if (s[i] >= 0xE3 && s[i] <= 0xE9 && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 &&
            (s[i + 2] & 0xC0) == 0x80) {
            const UChar32 c = ((s[i] & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            const bool special =
                c < 0x3041 ||
                (c >= 0x309D && c <= 0x30FE &&
                 (c == 0x30FC || c == 0x309D || c == 0x309E || c == 0x30FD || c == 0x30FE));
            if (!special && table.unmapped(c, n, mapping)) {
                int32_t j = i + 3;
                const bool boundary = j >= len || s[j] < 0x80 || [&] {
                    const UChar32 d = next_code_point(s, j, len);
                    return d < 0 || table.boundary_before(d, n);
                }();
                if (boundary) {
                    writer.put_plain3(s + i, c, static_cast<uint32_t>(i));
                    i += 3;
                    continue;
                }
            }
        }
        // One normalization chunk: a code point plus any following ones without a boundary.
        const int32_t chunk_begin = i;
        UChar32 c = next_code_point(s, i, len);
        if (c < 0) c = 0xFFFD;
        bool single = true;
        while (i < len) {
            int32_t j = i;
            const UChar32 d = next_code_point(s, j, len);
            if (d < 0 || table.boundary_before(d, n)) break;
            if (single) {
                chunk.remove();
                chunk.append(c);
                single = false;
            }
            chunk.append(d);
            i = j;
        }
        const auto ob = static_cast<uint32_t>(chunk_begin), oe = static_cast<uint32_t>(i);
        if (single && is_dash_lookalike(c) && !is_alnum_at(s, i, len)) {
            writer.put_dash(c, ob, oe);
            continue;
        }
        if (single && combining_voice_mark(c) &&
            writer.compose_voice_mark(combining_voice_mark(c), oe))
            continue;
        if (single) {
            // Fast path: a lone code point without a mapping is its own normalization.
            if (c < 0x80) {
                writer.put(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c, ob, oe);
                continue;
            }
            if (table.unmapped(c, n, mapping)) {
                writer.put(c, ob, oe);
                continue;
            }
            chunk.remove();
            chunk.append(c);
        }
        UErrorCode status = U_ZERO_ERROR;
        folded.remove();
        n->normalize(chunk, folded, status);
        const icu::UnicodeString& result = U_FAILURE(status) ? chunk : folded;
        for (int32_t k = 0; k < result.length();) {
            UChar32 f = result.char32At(k);
            k += U16_LENGTH(f);
            writer.put(f, ob, oe);
        }
    }
    writer.finish();
    join_spaced_letters(out);
    return out;
}

void fold_long_vowel_slow(std::string& term) {
    static constexpr std::string_view kChoon = "ー";
    // Count the kana run (3-byte UTF-8 code points in U+3041..U+30FC) that ends the term.
    size_t chars = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(term.data());
    int32_t i = static_cast<int32_t>(term.size());
    while (i > 0 && chars < 4) {
        UChar32 c;
        U8_PREV(s, 0, i, c);
        if (!(is_hiragana(c) || is_katakana(c) || c == 0x30FC)) break;
        ++chars;
    }
    if (chars >= 4) term.resize(term.size() - kChoon.size());
}

void fold_okurigana(std::string& term) {
    // Quick exit: a word of kanji and hiragana is all 3-byte code points, at least three of them.
    if (term.size() < 9 || static_cast<unsigned char>(term[0]) < 0xE3) return;
    const auto* s = reinterpret_cast<const uint8_t*>(term.data());
    const auto n = static_cast<int32_t>(term.size());
    std::string kanji;
    size_t kanji_count = 0, trailing_kana = 0;
    bool interior_kana = false;
    for (int32_t i = 0; i < n;) {
        const int32_t at = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (is_hiragana(c)) {
            if (kanji_count == 0) return;  // starts with kana
            ++trailing_kana;
            continue;
        }
        if (!u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) && c != 0x3005) return;  // 々 counts
        if (trailing_kana > 0) interior_kana = true;
        trailing_kana = 0;
        ++kanji_count;
        kanji.append(term, static_cast<size_t>(at), static_cast<size_t>(i - at));
    }
    if (kanji_count >= 2 && (interior_kana || trailing_kana == 1)) term = std::move(kanji);
}

void katakana_to_hiragana_in_place(std::string& out) {
    // Byte-level: katakana ァ..ヶ (E3 82 A1 .. E3 83 B6) map to hiragana 0x60 code points lower,
    // everything else is kept. Called for every token's reading, so no decoding round trip.
    for (size_t i = 0; i + 2 < out.size(); ++i) {
        auto b0 = static_cast<unsigned char>(out[i]);
        if (b0 != 0xE3) continue;
        auto b1 = static_cast<unsigned char>(out[i + 1]),
             b2 = static_cast<unsigned char>(out[i + 2]);
        const unsigned cp = ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu) | 0x3000u;
        if (cp >= 0x30A1 && cp <= 0x30F6) {
            const unsigned h = cp - 0x60;
            out[i + 1] = static_cast<char>(0x80 | ((h >> 6) & 0x3F));
            out[i + 2] = static_cast<char>(0x80 | (h & 0x3F));
        }
        i += 2;
    }
}

std::string katakana_to_hiragana(std::string_view text) {
    std::string out(text);
    katakana_to_hiragana_in_place(out);
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
