/** @file japanese_analyzer.h
 *  @brief JapaneseAnalyzer: text in, tokens and index/query terms out (ICU + MeCab).
 *
 *  One analyzer serves indexing and querying so the two cannot drift apart.
 *  In: UTF-8 text as written. Out: Analysis — the normalized text, MeCab tokens with byte
 *  offsets into the ORIGINAL text, and terms by family (word, compound, reading, bigram) with
 *  positions. Prefixes for the families live in index_schema.h, not here.
 *  Thread safety: analyze() may be called from several threads on one analyzer.
 */
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text_normalizer.h"

namespace plan {

enum class TermFamily {
    Word,      // base form of a content word (positional)
    Compound,  // a run of consecutive nouns, whole and sub-runs (positional, at its first token)
    Reading,   // hiragana reading of a word or compound, so kana queries match kanji
    Bigram,    // character bigram of the normalized text: recall fallback only
};

/// A search-mode part of a long word (最高裁判所 → 最高 + 裁判所): indexed beside the whole.
struct TokenPart {
    std::string base;     // as Token::base
    std::string reading;  // as Token::reading
    size_t begin = 0;     // byte offsets into the original text
    size_t end = 0;
};

struct Token {
    std::string surface;  // in the normalized text
    std::string base;     // dictionary form (normalized, long vowel folded: サーバー → サーバ)
    /// e.g. 名詞,一般: a view into the analyzer's dictionary, valid while the analyzer lives.
    std::string_view pos;
    std::string reading;  // hiragana (long vowel folded), empty when unknown
    size_t begin = 0;     // byte offsets into the original text
    size_t end = 0;
    unsigned position = 0;
    bool content = false;    // yields a word term
    bool noun_like = false;  // may join a compound
    bool user_dict = false;  // the token is an entry of our user dictionary
    /// Search-mode parts when the token is a long noun that MeCab's costs also let split
    /// (Kuromoji's search mode): empty for most tokens.
    std::vector<TokenPart> parts;
};

struct AnalyzedTerm {
    TermFamily family;
    std::string text;  // without prefix
    unsigned position = 0;
    size_t begin = 0;  // byte offsets into the original text
    size_t end = 0;
};

struct Analysis {
    NormalizedText normalized;
    /// MeCab tokens at the finest grain: a user-dictionary entry appears as its parts.
    std::vector<Token> tokens;
    /// The user-dictionary entries found (user_dict = true), each over the tokens of its parts;
    /// its position is its first part's.
    std::vector<Token> user_entries;
    std::vector<AnalyzedTerm> terms;
    unsigned next_position = 0;  // first free word position after this text
};

struct AnalyzerOptions {
    /// Compiled system dictionary folder; empty: MeCab's default from mecabrc. The default
    /// options pin Debian's UTF-8 IPADIC, because the user dictionary is compiled against
    /// IPADIC and mecabrc may point elsewhere (installing naist-jdic switches it).
    std::string system_dict_dir;
    std::string user_dict;  // compiled user dictionary (.dic); empty: none
    /// $PLAN_SEARCH_SYSTEM_DICT or Debian's IPADIC; $PLAN_SEARCH_DICT or the build tree's
    /// user dictionary.
    static AnalyzerOptions defaults();
};

class JapaneseAnalyzer {
public:
    explicit JapaneseAnalyzer(const AnalyzerOptions& options = AnalyzerOptions::defaults());
    ~JapaneseAnalyzer();
    JapaneseAnalyzer(const JapaneseAnalyzer&) = delete;
    JapaneseAnalyzer& operator=(const JapaneseAnalyzer&) = delete;

    /// Analyze text; word positions start at first_position.
    Analysis analyze(std::string_view text, unsigned first_position = 0) const;
    /// Normalize only (ICU), for filters and exact matching of facet values.
    std::string normalize(std::string_view text) const { return normalizer_.fold(text); }
    /// Identifies analyzer code and dictionary, so an index built with another can be detected.
    const std::string& version() const { return version_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    TextNormalizer normalizer_;
    std::string version_;
};

/// Process-wide analyzer with default options (MeCab models are costly to load).
const JapaneseAnalyzer& default_analyzer();

}  // namespace plan
