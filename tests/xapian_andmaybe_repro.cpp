// Xapian 1.4.22: when AND_MAYBE decays to AND in AndMaybePostList::next(), it skips to
// max(lhead, rhead) + 1 and can jump over the document the right-hand side already sits on.
//
// Four documents {a b} {a} {b} {b c}; query OR(a×1, AND_MAYBE(b×2, c×2)) weighted with
// TfIdfWeight("bnn"), so every weight is exact: doc 1 = 3, doc 2 = 1, doc 3 = 2, doc 4 = 4.
// The best document is 4. Asking for one result with check_at_least 0 lets the matcher prune;
// with check_at_least 4 it visits every document. Both must return docid 4 with weight 4.
//
// Exit status: 0 when both agree on docid 4, 1 (and a message) when the bug shows.
// Build: g++ xapian_andmaybe_repro.cpp $(xapian-config --cxxflags --libs)
#include <xapian.h>

#include <cstdio>
#include <string>

static Xapian::Query scaled(const std::string& term, double factor) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), factor);
}

int main() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const char* const documents[][2] = {{"a", "b"}, {"a", nullptr}, {"b", nullptr}, {"b", "c"}};
    for (const auto& terms : documents) {
        Xapian::Document doc;
        for (const char* term : terms)
            if (term) doc.add_term(term);
        db.add_document(doc);
    }

    Xapian::Query query(Xapian::Query::OP_OR, scaled("a", 1),
                        Xapian::Query(Xapian::Query::OP_AND_MAYBE, scaled("b", 2), scaled("c", 2)));
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::TfIdfWeight("bnn"));

    int status = 0;
    for (Xapian::doccount check_at_least : {0u, 4u}) {
        Xapian::MSet mset = enquire.get_mset(0, 1, check_at_least);
        if (mset.empty()) {
            std::printf("check_at_least %u: no result\n", check_at_least);
            status = 1;
            continue;
        }
        std::printf("check_at_least %u: docid %u, weight %g\n", check_at_least, *mset.begin(),
                    mset.begin().get_weight());
        if (*mset.begin() != 4) status = 1;
    }
    std::printf("Xapian %s: %s\n", Xapian::version_string(),
                status == 0 ? "ok, pruning returns the best document"
                            : "BUG: pruning skipped the best document (docid 4, weight 4)");
    return status;
}
