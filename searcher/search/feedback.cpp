#include "feedback.h"

#include <set>

#include "index_schema.h"
#include "utf8_scan.h"

namespace plan {

namespace {

// Only word terms widen a query. Compound terms hold every sub-run of a noun run (避難行動要),
// fragments that read as noise and match what the words already match; readings would add
// homophones, bigrams fragments, name terms nothing the words do not; boolean terms are filters.
class ExpansionTerms : public Xapian::ExpandDecider {
  public:
    explicit ExpansionTerms(const Xapian::Query& typed)
        : typed_(typed.get_terms_begin(), typed.get_terms_end()) {}
    bool operator()(const std::string& term) const override {
        // A one-character word is mostly a suffix or particle MeCab split off (者, 署, 等): it
        // says little of the topic and matches widely.
        return term.rfind(schema::kWord, 0) == 0 &&
               char_count(std::string_view(term).substr(schema::kWord.size())) > 1 &&
               typed_.count(term) == 0;
    }

  private:
    std::set<std::string> typed_;
};

}  // namespace

FeedbackExpansion feedback_expansion(const Xapian::Database& db, const Xapian::Enquire& enquire,
                                     const Xapian::MSet& top, const Xapian::Query& typed) {
    Xapian::RSet relevant;
    Xapian::doccount taken = 0;
    for (auto it = top.begin(); it != top.end() && taken < kFeedbackDocuments; ++it, ++taken)
        relevant.add_document(*it);
    FeedbackExpansion out;
    if (relevant.empty()) return out;
    const ExpansionTerms decider(typed);
    // Exact term frequencies: over several shards Xapian otherwise estimates them, and the
    // expansion (so the answer) would depend on how the collection is split.
    const Xapian::ESet eset =
        enquire.get_eset(kFeedbackTerms, relevant, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    if (eset.empty() || eset.begin().get_weight() <= 0) return out;
    const double best = eset.begin().get_weight();
    Xapian::doccount spent = 0;
    std::vector<Xapian::Query> parts;
    for (auto it = eset.begin(); it != eset.end() && it.get_weight() > 0; ++it) {
        const Xapian::doccount postings = db.get_termfreq(*it);
        if (spent + postings > kFeedbackPostings) continue;  // a rarer word further down may fit
        spent += postings;
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                           it.get_weight() / best);
        out.terms.push_back(*it);
    }
    if (!parts.empty()) out.query = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    return out;
}

}  // namespace plan
