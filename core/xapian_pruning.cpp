/** @file xapian_pruning.cpp
 *  @brief The AND_MAYBE decay probe (see xapian_pruning.h).
 */
#include "xapian_pruning.h"

#include <string>
#include <vector>

namespace plan {

namespace {

Xapian::Query scaled(const std::string& term, double factor) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), factor);
}

}  // namespace

void add_xapian_probe_documents(Xapian::WritableDatabase& db) {
    const std::vector<std::vector<std::string>> documents = {{"a", "b"}, {"a"}, {"b"}, {"b", "c"}};
    for (const auto& terms : documents) {
        Xapian::Document doc;
        for (const auto& term : terms) doc.add_term(term);
        db.add_document(doc);
    }
}

XapianProbeTop xapian_pruning_probe(const Xapian::Database& db, Xapian::doccount check_at_least) {
    Xapian::Enquire enquire(db);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_OR, scaled("a", 1),
                      Xapian::Query(Xapian::Query::OP_AND_MAYBE, scaled("b", 2), scaled("c", 2))));
    enquire.set_weighting_scheme(Xapian::TfIdfWeight("bnn"));
    const Xapian::MSet mset = enquire.get_mset(0, 1, check_at_least);
    if (mset.empty()) return {};
    return {*mset.begin(), mset.begin().get_weight()};
}

XapianProbeTop xapian_pruning_probe(Xapian::doccount check_at_least) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    add_xapian_probe_documents(db);
    return xapian_pruning_probe(db, check_at_least);
}

bool xapian_pruning_is_exact() {
    static const bool exact = [] {
        try {
            return xapian_pruning_probe(0).docid == 4 && xapian_pruning_probe(4).docid == 4;
        } catch (const Xapian::Error&) {
            return false;
        }
    }();
    return exact;
}

}  // namespace plan
