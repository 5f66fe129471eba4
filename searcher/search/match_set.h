/** @file match_set.h
 *  @brief match_set_query: a ranked Xapian::Query in, a query matching the same documents out,
 *  without the parts that only weigh.
 *
 *  The searcher counts every match (the total and the facets) in a weightless pass. That pass
 *  needs the match set, not the weights, and the ranked query carries much that only weighs: the
 *  name boost (the optional side of OP_AND_MAYBE), scale factors, and the synonym tiers that
 *  hold back a document from a wider tier when a closer one holds it (OP_AND_NOT against the
 *  closer members). On a common word each tier walks the word's postings again, so the count
 *  cost several times the word's list. The rewrite keeps the set exactly: every rule below is an
 *  identity of sets, checked over corpus queries in tests/facet_counting_test.cpp.
 */
#pragma once

#include <xapian.h>

namespace plan {

/// The documents `q` matches, as a query without weights. Rules:
/// - OP_SCALE_WEIGHT(x) → x; OP_AND_MAYBE(x, y…) → x; OP_SYNONYM and OP_MAX → OP_OR;
/// - inside an OP_OR, OP_AND_NOT(y, z) → y when z is terms every one of which an earlier
///   alternative of the OR already matches (A ∪ (Y \ Z) = A ∪ Y when Z ⊆ A);
/// - OP_AND or OP_FILTER of term sets where one set's terms are all in another → the smaller
///   set's terms alone (T ∩ U = T when T ⊆ U);
/// - other operators keep their kind with their subqueries rewritten; leaves, phrases and
///   value ranges are kept as they are.
Xapian::Query match_set_query(const Xapian::Query& q);

}  // namespace plan
