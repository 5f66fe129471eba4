#include "query_builder.h"

#include <algorithm>
#include <optional>

#include "index_schema.h"
#include "text_normalizer.h"

namespace plan {

namespace {

using Q = Xapian::Query;

// Weight of a name match relative to the body, and of a whole compound relative to its parts.
constexpr double kNameBoost = 1.6;
// A whole compound (or its synonym: 情報通信技術 ~ ICT) must outrank documents that merely hold
// its parts somewhere, which BM25 sums over several words would otherwise favour.
constexpr double kCompoundBoost = 3.0;
// In a relaxed (any word) query, a word held by more than this share of the records matches
// nothing by itself: it only adds to the score of records that match a rarer word (Lucene's and
// Elasticsearch's cutoff_frequency). Otherwise 事業 or 推進 (in 70-80 % of the records) would
// pull nearly every record into the answer of a sentence that also names its topic, and every
// such record would be scored and counted.
constexpr double kCommonShare = 0.4;

// A relaxed query ranks by how many of its parts a record holds: each pair of parts it holds
// adds their weights again, times this (so k of n parts weigh 1 + w(k-1) times their sum: Lucene's
// classic coordination). Without it one part in a name (働く in 働く婦人の家) outranks two parts
// in a text (預かり and 子ども in 一時預かり事業).
// Set on tests/relevance/tuning.tsv: 0 / 0.25 / 0.5 / 1.0 gave nDCG@10 0.716 / 0.717 / 0.728 /
// 0.724 (natural 0.589 / 0.591 / 0.648 / 0.649).
constexpr double kCoordinationWeight = 0.5;
// Up to this many parts are paired (a sentence rarely has more content words; 15 pairs).
constexpr size_t kMaxCoordinated = 6;

// The pairs of `parts` (all of them held by a record), as one query that only weighs.
Q coordination(const std::vector<Q>& parts) {
    std::vector<Q> pairs;
    for (size_t i = 0; i < parts.size(); ++i)
        for (size_t j = i + 1; j < parts.size(); ++j)
            pairs.push_back(Q(Q::OP_AND, parts[i], parts[j]));
    return Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, pairs.begin(), pairs.end()), kCoordinationWeight);
}

// OR of the rare parts, with the common ones only scoring on top; OR of all when every part is
// common (then they are all the query has).
Q any_of(const std::vector<Q>& rare, const std::vector<Q>& common) {
    std::vector<Q> all = rare.empty() ? common : rare;
    Q q = all.size() == 1 ? all[0] : Q(Q::OP_OR, all.begin(), all.end());
    if (all.size() >= 2 && all.size() <= kMaxCoordinated)
        q = Q(Q::OP_AND_MAYBE, q, coordination(all));
    if (rare.empty() || common.empty()) return q;
    return Q(Q::OP_AND_MAYBE, q, Q(Q::OP_OR, common.begin(), common.end()));
}

std::string with_prefix(std::string_view prefix, const std::string& text) {
    std::string t(prefix);
    t += text;
    return t;
}

// Weight of an expansion relative to the typed word (1.0): the typed word = a municipal
// equivalent > an orthographic variant > an abbreviation (or alias) > another word of the same
// meaning.
double expansion_weight(SynonymKind kind) {
    switch (kind) {
        case SynonymKind::Equivalent:
            return 1.0;
        case SynonymKind::Variant:
            return 0.9;
        case SynonymKind::Abbreviation:
            return 0.8;
        case SynonymKind::Synonym:
            return 0.7;
    }
    return 0.7;
}

// Every character bigram of the text (bigrams carry no positions: a recall fallback for
// partial and unknown words, not an exact substring test).
Q all_bigrams(const Analysis& a, std::set<std::string>& hl) {
    std::vector<Q> grams;
    std::set<std::string> seen;
    for (const auto& t : a.terms)
        if (t.family == TermFamily::Bigram) {
            std::string term = with_prefix(schema::kBigram, t.text);
            hl.insert(term);
            if (seen.insert(term).second) grams.emplace_back(term);
        }
    if (grams.empty()) return Q();
    return Q(Q::OP_AND, grams.begin(), grams.end());
}

// Any two character bigrams of the text (an unknown word shares part of its characters with the
// plan's word: レンタサイクル ~ シェアサイクル). Two, so that one shared bigram is never enough:
// 京都 (one bigram) cannot reach 東京都 this way. Ranked by how many bigrams a project holds.
Q bigram_pairs(const Analysis& a, std::set<std::string>& hl) {
    constexpr size_t kMaxBigrams = 12;  // 66 pairs at most
    std::vector<std::string> grams;
    for (const auto& t : a.terms) {
        if (t.family != TermFamily::Bigram) continue;
        std::string term = with_prefix(schema::kBigram, t.text);
        if (std::find(grams.begin(), grams.end(), term) != grams.end()) continue;
        hl.insert(term);
        grams.push_back(std::move(term));
        if (grams.size() == kMaxBigrams) break;
    }
    std::vector<Q> pairs;
    for (size_t i = 0; i < grams.size(); ++i)
        for (size_t j = i + 1; j < grams.size(); ++j)
            pairs.push_back(Q(Q::OP_AND, Q(grams[i]), Q(grams[j])));
    if (pairs.empty()) return Q();
    return Q(Q::OP_OR, pairs.begin(), pairs.end());
}

// A quoted phrase: its words at their positions (particles keep their places but have no terms,
// so the window spans them: "子どもの居場所" matches 子ども の 居場所).
Q word_phrase(const Analysis& a, std::set<std::string>& hl) {
    std::vector<Q> words;
    unsigned first = 0, last = 0;
    for (const auto& tok : a.tokens) {
        if (!tok.content) continue;
        std::string term = with_prefix(schema::kWord, tok.base);
        hl.insert(term);
        if (words.empty()) first = tok.position;
        last = tok.position;
        words.emplace_back(term);
    }
    if (words.empty()) return Q();
    if (words.size() == 1) return words[0];
    return Q(Q::OP_PHRASE, words.begin(), words.end(), last - first + 1);
}

// Words that say what the asker wants done, not what about: 〜を知りたい, 〜を教えて, 〜を調べる
// 方法. Dropped from a query that has other content words, so a sentence typed into the search
// box ranks by its topic words alone.
bool is_intent_word(std::string_view base) {
    static const std::set<std::string_view> words = {
        "知る", "教える", "調べる", "探す", "欲しい", "ほしい", "思う", "分かる", "わかる",
        "良い", "よい",   "いい",   "方法", "やり方", "仕方",   "願う", "頼む",   "聞く"};
    return words.count(base) > 0;
}

/// The tokens of a query chunk that carry its topic: content words, less intent words when
/// the chunk has others.
std::vector<const Token*> topic_tokens(const Analysis& a) {
    std::vector<const Token*> all, topic;
    for (const auto& tok : a.tokens) {
        if (!tok.content) continue;
        all.push_back(&tok);
        if (!is_intent_word(tok.base)) topic.push_back(&tok);
    }
    return topic.empty() ? all : topic;
}

// A long word's search-mode parts, all required (最高裁判所 → 最高 AND 裁判所): finds the word
// written with separators (パーク・アンド・ライド for パークアンドライド). Documents holding the
// whole also hold its parts, so they score on both and stay first.
Q parts_query(const Token& tok, std::set<std::string>& hl) {
    std::vector<Q> parts;
    for (const auto& part : tok.parts) {
        std::string term = with_prefix(schema::kWord, part.base);
        hl.insert(term);
        parts.emplace_back(term);
    }
    return Q(Q::OP_AND, parts.begin(), parts.end());
}

// What a reading term (R…) matches: the words and compounds the index's reading lexicon has for
// it (schema::terms_read_as), as one term (OP_SYNONYM); with none, the R term, which no document
// holds.
Q read_as(const std::string& reading, const std::vector<std::string>& terms,
          std::set<std::string>& hl) {
    if (terms.empty()) return Q(reading);
    hl.insert(terms.begin(), terms.end());
    return terms.size() == 1 ? Q(terms[0]) : Q(Q::OP_SYNONYM, terms.begin(), terms.end());
}

}  // namespace

// The expansions of a term: from the map when given, else from the database's synonym lists
// (an index without the map: each synonym counts as an equivalent, as it did then).
std::vector<SynonymTarget> QueryBuilder::expansions_of(const std::string& term) const {
    if (synonyms_) return synonyms_->expansions(term);
    std::vector<SynonymTarget> out;
    for (auto it = db_.synonyms_begin(term); it != db_.synonyms_end(term); ++it)
        out.push_back({*it, SynonymKind::Equivalent});
    return out;
}

// The synonyms that are as good a name match as the typed word: the municipal equivalents
// (個人番号カード for マイナンバーカード). A SudachiDict synonym gets no name boost: a rare synonym
// in a name (育児 for 子育て) would otherwise outrank the projects named with the typed word.
std::vector<std::string> QueryBuilder::synonyms_of(const std::string& term) const {
    std::vector<std::string> out;
    for (const auto& t : expansions_of(term))
        if (t.kind == SynonymKind::Equivalent) out.push_back(t.term);
    return out;
}

// A term and its synonyms stored in the index: one tier per kind, each an OP_SYNONYM of the typed
// word and the expansions up to that kind, scaled by the kind's weight, and holding only the
// documents that no closer tier holds (AND_NOT). So a document counts once, by the closest form
// it holds (the word and its synonym do not add up as two terms), and the wider a tier the lower
// its idf and its factor: the typed word outranks a variant, which outranks an abbreviation or a
// synonym, at equal frequency and length. (Not OP_MAX: xapian-tcpsrv 1.4 drops the connection on
// it when it serves several databases.)
Q QueryBuilder::term_with_synonyms(const std::string& term, std::set<std::string>& hl,
                                   const std::vector<SynonymTarget>& more) const {
    std::vector<SynonymTarget> targets = expansions_of(term);
    for (const auto& m : more)
        if (m.term != term &&
            std::none_of(targets.begin(), targets.end(),
                         [&](const SynonymTarget& t) { return t.term == m.term; }))
            targets.push_back(m);
    std::vector<Q> members{Q(term)};
    hl.insert(term);
    // Municipal equivalents stand with the typed word in the first tier.
    for (const auto& t : targets)
        if (t.kind == SynonymKind::Equivalent) {
            members.emplace_back(t.term);
            hl.insert(t.term);
        }
    std::vector<Q> tiers{members.size() == 1 ? members[0]
                                             : Q(Q::OP_SYNONYM, members.begin(), members.end())};
    for (SynonymKind kind :
         {SynonymKind::Variant, SynonymKind::Abbreviation, SynonymKind::Synonym}) {
        const size_t before = members.size();
        for (const auto& t : targets)
            if (t.kind == kind) {
                members.emplace_back(t.term);
                hl.insert(t.term);
            }
        if (members.size() == before) continue;
        Q tier(Q::OP_SCALE_WEIGHT, Q(Q::OP_SYNONYM, members.begin(), members.end()),
               expansion_weight(kind));
        // The tier's new members lead the walk: without them, each tier walked the typed word's
        // postings again only to drop them (a common word has tens of thousands). The filter
        // adds no weight, so the scores stay those of the tier.
        Q added(Q::OP_OR, members.begin() + before, members.end());
        Q closer(Q::OP_OR, members.begin(), members.begin() + before);
        tiers.push_back(Q(Q::OP_AND_NOT, Q(Q::OP_FILTER, tier, added), closer));
    }
    if (tiers.size() == 1) return tiers[0];
    return Q(Q::OP_OR, tiers.begin(), tiers.end());
}

namespace {

// A word's stem: the word without the hiragana it ends with (預|ける, 学|ぶ, 引っ越|す), and the
// stem's reading (the word's reading without those kana). None when the word does not end in
// hiragana after a kanji, or its reading does not end with them.
struct Stem {
    std::string text, reading;
};

std::optional<Stem> stem_of(const JapaneseAnalyzer& analyzer, const std::string& word) {
    const auto chars = utf8_chars(word);
    size_t end = chars.size();
    while (end > 0 && is_all_hiragana(chars[end - 1])) --end;
    if (end == 0 || end == chars.size() || is_all_hiragana(chars[end - 1]) ||
        is_all_katakana(chars[end - 1]))
        return std::nullopt;
    Stem stem;
    std::string tail;
    for (size_t i = 0; i < chars.size(); ++i) (i < end ? stem.text : tail) += chars[i];
    std::string reading;
    for (const Token& t : analyzer.analyze(word).tokens) {
        if (t.reading.empty()) return std::nullopt;
        reading += t.reading;
    }
    if (reading.size() <= tail.size() ||
        reading.compare(reading.size() - tail.size(), tail.size(), tail) != 0)
        return std::nullopt;
    stem.reading = reading.substr(0, reading.size() - tail.size());
    // づ and ぢ sound as ず and じ, and IPADIC writes both (預ける あづける, 預かる あずかる).
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"づ", "ず"}, {"ぢ", "じ"}})
        for (size_t at = stem.reading.find(from); at != std::string::npos;
             at = stem.reading.find(from, at))
            stem.reading.replace(at, from.size(), to);
    return stem;
}

// At most this many words of one stem join a query (a stem is rarely more than a handful).
constexpr size_t kMaxStemFamily = 8;

}  // namespace

// People write verbs (子どもを預けて, 学びたい, 住み続けたい) where the plans write the noun of the
// same stem (一時預かり, 学びの場, 住まい), and MeCab gives each its own dictionary form. A verb or
// adjective of the query therefore also finds the index's words of the same stem: the same kanji
// and stem reading with other kana after them (預ける → 預かる, 学ぶ → 学び, 住む → 住まい), as
// another word of the same meaning (the synonym tier). The reading keeps apart stems that share
// a kanji only (入る はい, 入れる い).
std::vector<SynonymTarget> QueryBuilder::stem_family(const Token& tok) const {
    if (tok.pos.rfind("動詞", 0) != 0 && tok.pos.rfind("形容詞", 0) != 0) return {};
    auto [cached, inserted] = stem_families_.try_emplace(tok.base);
    if (!inserted) return cached->second;
    std::vector<SynonymTarget>& out = cached->second;
    const auto stem = stem_of(analyzer_, tok.base);
    if (!stem) return out;
    const std::string prefix = with_prefix(schema::kWord, stem->text);
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
        const std::string word = (*t).substr(schema::kWord.size());
        if (word == tok.base || !is_all_hiragana(word.substr(stem->text.size()))) continue;
        const auto other = stem_of(analyzer_, word);
        if (!other || other->text != stem->text || other->reading != stem->reading) continue;
        out.push_back({*t, SynonymKind::Synonym});
        if (out.size() == kMaxStemFamily) break;
    }
    return out;
}

struct QueryBuilder::Clause {
    Q query;
    bool bigram_worthy = false;
    bool common = false;  // every word of it is common (kCommonShare)
};

bool QueryBuilder::is_common(const std::string& term) const {
    const Xapian::doccount n = db_.get_doccount();
    return n > 0 && db_.get_termfreq(term) > kCommonShare * n;
}

// One clause (a chunk the user typed without spaces, or a quoted phrase).
QueryBuilder::Clause QueryBuilder::clause_query(const QueryClause& clause, QueryStrength strength,
                                                std::set<std::string>& hl) const {
    Clause out;
    Analysis a = analyzer_.analyze(clause.text);
    if (a.normalized.text.empty()) return out;
    const std::string key = schema::key_term(analyzer_, clause.text);
    if (strength != QueryStrength::Strict) {
        // Whether every word, and the compound they form, is common: then the clause only scores
        // in a relaxed query, and so do its character bigrams.
        const auto topic = topic_tokens(a);
        const bool rare_compound =
            !key.empty() && key[0] == schema::kCompound[0] && !is_common(key);
        out.common = !topic.empty() && !rare_compound &&
                     std::all_of(topic.begin(), topic.end(), [&](const Token* t) {
                         return is_common(with_prefix(schema::kWord, t->base));
                     });
    }
    if (strength == QueryStrength::Bigram) {
        out.query = all_bigrams(a, hl);
        return out;
    }
    if (strength == QueryStrength::Partial) {
        if (!clause.phrase) out.query = bigram_pairs(a, hl);  // a phrase stays exact
        return out;
    }
    if (clause.phrase) {
        out.query = word_phrase(a, hl);
        if (out.query.empty()) out.query = all_bigrams(a, hl);
        // A phrase that is one run of nouns is its compound term as well, which headings and
        // departments hold without positions (健康づくり in a goal heading).
        if (!key.empty() && key[0] == schema::kCompound[0] &&
            out.query.get_type() == Q::OP_PHRASE) {
            hl.insert(key);
            out.query = Q(Q::OP_OR, out.query, Q(key));
        }
        return out;
    }
    std::vector<Q> words, names;
    std::vector<Q> rare_words, common_words;  // the same words, split for a relaxed query
    // A chunk typed in kana whose reading the index knows (こそだて, いじゅう): MeCab can only cut
    // such a chunk into meaningless pieces, so the reading alone stands for it.
    const std::string folded = a.normalized.text;
    const bool kana_chunk = is_all_hiragana(folded) || is_all_katakana(folded);
    std::string chunk_reading = katakana_to_hiragana(folded);
    fold_long_vowel(chunk_reading);
    chunk_reading = with_prefix(schema::kReading, chunk_reading);
    const std::vector<std::string> chunk_terms =
        kana_chunk ? schema::terms_read_as(db_, chunk_reading) : std::vector<std::string>{};
    const bool chunk_known = !chunk_terms.empty();
    for (const Token* t : topic_tokens(a)) {
        if (chunk_known && a.tokens.size() > 1) break;
        const Token& tok = *t;
        std::vector<Q> alts{
            term_with_synonyms(with_prefix(schema::kWord, tok.base), hl, stem_family(tok))};
        if (tok.parts.size() > 1) alts.push_back(parts_query(tok, hl));
        // A kana word may be written in kanji in the plan: match it by reading.
        if (!tok.reading.empty() && (is_all_hiragana(tok.surface) || is_all_katakana(tok.surface))) {
            const std::string r = with_prefix(schema::kReading, tok.reading);
            alts.push_back(read_as(r, schema::terms_read_as(db_, r), hl));
        }
        words.push_back(alts.size() == 1 ? alts[0] : Q(Q::OP_OR, alts.begin(), alts.end()));
        (is_common(with_prefix(schema::kWord, tok.base)) ? common_words : rare_words)
            .push_back(words.back());
        names.emplace_back(with_prefix(schema::kNameWord, tok.base));
        const std::string word = with_prefix(schema::kWord, tok.base);
        for (const auto& syn : synonyms_of(word))
            if (syn.size() > 1) names.emplace_back(with_prefix(schema::kNameWord, syn.substr(1)));
    }
    std::vector<Q> alternatives;
    if (!words.empty()) {
        alternatives.push_back(strength == QueryStrength::Strict
                                   ? Q(Q::OP_AND, words.begin(), words.end())
                                   : any_of(rare_words, common_words));
    }
    // A compound key also stands for a prefix and one word (未収納 = 未 + 収納): its synonyms
    // (未収) are the compound's, not the word's.
    if (!key.empty() && key[0] == schema::kCompound[0]) {
        Q compound = term_with_synonyms(key, hl);
        alternatives.push_back(Q(Q::OP_SCALE_WEIGHT, compound, kCompoundBoost));
        names.emplace_back(with_prefix(schema::kNameWord, key.substr(schema::kCompound.size())));
        // A synonym in the name is as good a name match (個人番号カード for マイナンバーカード).
        for (const auto& syn : synonyms_of(key))
            if (syn.size() > 1) names.emplace_back(with_prefix(schema::kNameWord, syn.substr(1)));
    }  // a one-word key (W…) has its synonyms in `words` already
    // The whole chunk typed in kana: its reading (こそだて → 子育て, まいなんばー → マイナンバー).
    // Not for one particle or auxiliary (の, を, から) nor one kana: their readings are other
    // words' too. Kana that MeCab reads as several function words is a reading (こそ|だ|て).
    const bool one_function_word =
        a.tokens.size() == 1 && (a.tokens[0].pos.rfind("助詞", 0) == 0 ||
                                 a.tokens[0].pos.rfind("助動詞", 0) == 0);
    if (kana_chunk && !one_function_word && folded.size() > 3) {
        // The whole kana chunk is what was meant (ちょうないかい = 町内会), not its pieces' readings.
        alternatives.push_back(
            Q(Q::OP_SCALE_WEIGHT, read_as(chunk_reading, chunk_terms, hl), kCompoundBoost));
    }
    if (alternatives.empty()) return out;
    Q body = alternatives.size() == 1 ? alternatives[0] : Q(Q::OP_OR, alternatives.begin(), alternatives.end());
    if (!names.empty()) {
        Q name_boost(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, names.begin(), names.end()), kNameBoost);
        body = Q(Q::OP_AND_MAYBE, body, name_boost);
    }
    out.query = body;
    // Worth a bigram fallback when the chunk is not one dictionary word: a part of a compound,
    // an unknown word, or kana that MeCab could only split into pieces.
    out.bigram_worthy = a.tokens.size() > 1 || (a.tokens.size() == 1 && a.tokens[0].pos.rfind("名詞", 0) != 0);
    return out;
}

BuiltQuery QueryBuilder::build(const ParsedQuery& parsed, QueryStrength strength) const {
    BuiltQuery out;
    std::vector<Q> positives, common_positives, negatives;
    bool unsearchable_positive = false;  // e.g. a particle alone: it must find nothing
    for (const auto& item : parsed.items) {
        std::vector<Q> alts;
        std::set<std::string> scratch;
        // Only a relaxed or bigram query sets common items apart.
        bool item_common = strength == QueryStrength::Relaxed || strength == QueryStrength::Bigram;
        for (const auto& clause : item.alternatives) {
            Clause cq = clause_query(clause, item.negated ? QueryStrength::Strict : strength,
                                     item.negated ? scratch : out.highlight_terms);
            if (!cq.query.empty()) alts.push_back(cq.query);
            if (!cq.common) item_common = false;
            if (!item.negated && cq.bigram_worthy) out.bigram_possible = true;
        }
        if (alts.empty()) {
            if (!item.negated) unsearchable_positive = true;
            continue;
        }
        Q q = alts.size() == 1 ? alts[0] : Q(Q::OP_OR, alts.begin(), alts.end());
        if (item.negated)
            negatives.push_back(q);
        else
            (item_common ? common_positives : positives).push_back(q);
    }
    if (positives.empty() && !common_positives.empty()) std::swap(positives, common_positives);
    if (positives.empty()) {
        // Only words that are not terms (の, を): nothing, rather than everything. Not
        // Q::MatchNothing: that is the empty Query, which means "no text query" to the searcher
        // (it browses everything); this one is not empty and matches no document.
        out.query = unsearchable_positive ? Q(Q::OP_AND_NOT, match_all(), match_all()) : Q();
        out.has_positive = unsearchable_positive;
        return out;
    }
    out.has_positive = true;
    Q q = strength == QueryStrength::Strict ? Q(Q::OP_AND, positives.begin(), positives.end())
                                            : any_of(positives, common_positives);
    if (!negatives.empty()) q = Q(Q::OP_AND_NOT, q, Q(Q::OP_OR, negatives.begin(), negatives.end()));
    out.query = q;
    return out;
}

}  // namespace plan
