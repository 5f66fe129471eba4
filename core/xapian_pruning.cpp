#include "xapian_pruning.h"

#include <xapian.h>

namespace plan {

bool xapian_pruning_is_exact() {
    static const bool exact = [] {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        for (const char* terms : {"AB", "A", "B", "BC"}) {
            Xapian::Document doc;
            for (const char* t = terms; *t; ++t) doc.add_term(std::string(1, *t));
            db.add_document(doc);
        }
        using Q = Xapian::Query;
        Q q(Q::OP_OR, Q("A"),
            Q(Q::OP_AND_MAYBE, Q(Q::OP_SCALE_WEIGHT, Q("B"), 2), Q(Q::OP_SCALE_WEIGHT, Q("C"), 2)));
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        enquire.set_weighting_scheme(Xapian::TfIdfWeight("bnn"));
        const Xapian::MSet pruned = enquire.get_mset(0, 1, Xapian::doccount(0));
        const Xapian::MSet full = enquire.get_mset(0, 1, db.get_doccount());
        return !pruned.empty() && !full.empty() && *pruned.begin() == *full.begin();
    }();
    return exact;
}

}  // namespace plan
