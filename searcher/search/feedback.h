/** @file feedback.h
 *  @brief Pseudo-relevance feedback for thin answers: the words the best few matches share
 *  beyond the typed ones, as a weighted query (RM3-style expansion on Xapian's ESet).
 *
 *  A person's words are often not the plan's (災害のときの避難 where the plans say 防災,
 *  ハザードマップ). When the strict answer is thin and a relaxed one ran, its top few projects
 *  are likely on topic, and the words they share that are rare in the collection are the
 *  plan's vocabulary for the need. Xapian's expand set ranks those words; the searcher adds
 *  them at a fraction of a typed word's weight, so they widen and reorder the answer while the
 *  projects that match the typed words stay ahead as a rule (tests/feedback_test.cpp checks
 *  this on a sentence's first page; a strong match of several added words can pass a weak one).
 *
 *  In: an Enquire holding the ranked query, its top documents, the query's own terms.
 *  Out: an OP_OR of expansion terms (words of two or more characters), each scaled by its ESet
 *  weight relative to the best one, and the words themselves (for highlighting, the response).
 */
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace plan {

struct FeedbackExpansion {
    Xapian::Query query;             // empty when the top documents share nothing new
    std::vector<std::string> terms;  // prefixed word terms (W…), best first
};

/// How many top documents are taken as relevant, and how many terms they may give.
inline constexpr Xapian::doccount kFeedbackDocuments = 3;
inline constexpr Xapian::termcount kFeedbackTerms = 20;
/// Only an answer of fewer matches than this is widened. A person reads a few pages; an answer
/// of a thousand already holds more than that, and widening it would only reorder its tail at
/// a cost that grows with it (on 200,000 records the relaxed answers of 1-3 common words hold
/// up to 90,000 matches, and their best projects share common words: 基本, 開催).
inline constexpr Xapian::doccount kFeedbackBelow = 1000;
/// The added words together hold at most this many postings: a bounded cost at any collection
/// size (a few milliseconds of matching); a word that does not fit is skipped for rarer ones.
inline constexpr Xapian::doccount kFeedbackPostings = 100000;

/// The expansion of `typed` from `top` (the first documents of enquire's ranking in db).
FeedbackExpansion feedback_expansion(const Xapian::Database& db, const Xapian::Enquire& enquire,
                                     const Xapian::MSet& top, const Xapian::Query& typed);

}  // namespace plan
