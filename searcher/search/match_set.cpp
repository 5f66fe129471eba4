#include "match_set.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace plan {
namespace {

using Q = Xapian::Query;
using TermSet = std::set<std::string>;

/// Whether `q` matches exactly the documents holding any of some terms (a term, or an OR or
/// synonym of such); if so, adds them to `terms`.
bool collect_terms(const Q& q, TermSet& terms) {
    const auto type = q.get_type();
    if (type == Q::LEAF_TERM) {
        terms.insert(*q.get_terms_begin());
        return true;
    }
    if (type != Q::OP_OR && type != Q::OP_SYNONYM && type != Q::OP_MAX) return false;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (!collect_terms(q.get_subquery(i), terms)) return false;
    return true;
}

std::vector<Q> rewritten_subqueries(const Q& q) {
    std::vector<Q> subs;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(match_set_query(q.get_subquery(i)));
    return subs;
}

/// OR(A…, AND_NOT(Y, Z)) → OR(A…, Y) when the earlier alternatives A hold every term of Z.
std::vector<Q> union_of(const std::vector<Q>& subs) {
    std::vector<Q> out;
    TermSet covered;  // terms some earlier alternative matches wherever they occur
    for (const Q& sub : subs) {
        Q kept = sub;
        if (sub.get_type() == Q::OP_AND_NOT && sub.get_num_subqueries() == 2) {
            TermSet excluded;
            if (collect_terms(sub.get_subquery(1), excluded) &&
                std::includes(covered.begin(), covered.end(), excluded.begin(), excluded.end()))
                kept = sub.get_subquery(0);
        }
        TermSet terms;
        if (!collect_terms(kept, terms)) {
            out.push_back(kept);
            continue;
        }
        // Each term once: the tiers repeat the closer tiers' terms, and an OR walks a term's
        // postings as many times as it holds it.
        for (const auto& t : terms)
            if (covered.insert(t).second) out.emplace_back(t);
    }
    return out;
}

/// AND or FILTER of term sets: T ∩ U = T when every term of T is in U.
Q intersection_of(Q::op op, std::vector<Q> subs) {
    std::vector<TermSet> sets(subs.size());
    for (size_t i = 0; i < subs.size(); ++i)
        if (!collect_terms(subs[i], sets[i])) sets[i].clear();
    for (size_t i = 0; i < subs.size(); ++i) {
        if (sets[i].empty()) continue;
        for (size_t j = 0; j < subs.size(); ++j) {
            if (j == i || sets[j].empty() || sets[j].size() < sets[i].size()) continue;
            if (!std::includes(sets[j].begin(), sets[j].end(), sets[i].begin(), sets[i].end()))
                continue;
            // subs[j] ⊇ subs[i]: drop subs[j] (the first of two equal sets stays).
            if (sets[j] == sets[i] && j < i) continue;
            subs.erase(subs.begin() + static_cast<std::ptrdiff_t>(j));
            return intersection_of(op, std::move(subs));
        }
    }
    return subs.size() == 1 ? subs[0] : Q(op, subs.begin(), subs.end());
}

}  // namespace

Xapian::Query match_set_query(const Xapian::Query& q) {
    switch (q.get_type()) {
        case Q::OP_SCALE_WEIGHT:
        case Q::OP_AND_MAYBE:
            return match_set_query(q.get_subquery(0));
        case Q::OP_OR:
        case Q::OP_SYNONYM:
        case Q::OP_MAX: {
            const std::vector<Q> subs = union_of(rewritten_subqueries(q));
            return subs.size() == 1 ? subs[0] : Q(Q::OP_OR, subs.begin(), subs.end());
        }
        case Q::OP_AND:
        case Q::OP_FILTER:
            return intersection_of(q.get_type(), rewritten_subqueries(q));
        case Q::OP_AND_NOT: {
            // Only the first subquery matches; the rest only take documents away, as they are.
            std::vector<Q> subs{match_set_query(q.get_subquery(0))};
            for (size_t i = 1; i < q.get_num_subqueries(); ++i) subs.push_back(q.get_subquery(i));
            return Q(Q::OP_AND_NOT, subs.begin(), subs.end());
        }
        default:
            return q;  // a leaf, a phrase, a value range: nothing in them only weighs
    }
}

}  // namespace plan
