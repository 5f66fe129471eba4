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

struct Token {
    std::string surface;  // in the normalized text
    std::string base;     // dictionary form (normalized)
    std::string pos;      // e.g. 名詞,一般
    std::string reading;  // hiragana, empty when unknown
    size_t begin = 0;     // byte offsets into the original text
    size_t end = 0;
    unsigned position = 0;
    bool content = false;    // yields a word term
    bool noun_like = false;  // may join a compound
    bool user_dict = false;  // the token is an entry of our user dictionary
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
    std::vector<Token> tokens;
    std::vector<AnalyzedTerm> terms;
    unsigned next_position = 0;  // first free word position after this text
};

struct AnalyzerOptions {
    std::string system_dict_dir;  // empty: MeCab's default (Debian IPADIC)
    std::string user_dict;        // compiled user dictionary (.dic); empty: none
    /// Where to find the user dictionary by default: $PLAN_SEARCH_DICT or the build tree.
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
