/** @file xapian_pruning.h
 *  @brief Whether the linked Xapian may prune a match (skip documents by max-weight bounds)
 *  without losing a better document.
 *
 *  Xapian 1.4.22 skips a document when an AND_MAYBE decays to AND during a pruned match
 *  (patches/xapian-core/0001-andmaybe-decay-skip.patch; docs/upstream/xapian-andmaybe-decay.md).
 *  plan-search links a Xapian with that patch, but can be built against Debian's stock library
 *  (-DPLAN_XAPIAN_PREFIX=system). The searcher asks xapian_pruning_is_exact() before it lets
 *  Xapian prune (check_at_least below the number of matches); when it says no, every match is
 *  visited.
 *
 *  In: nothing but the Xapian library linked into the program. Out: the probe's best document,
 *  and yes or no.
 */
#pragma once

#include <xapian.h>

namespace plan {

/// The best document of one probe match.
struct XapianProbeTop {
    Xapian::docid docid = 0;  // 0: no result
    double weight = 0;
};

/// Adds the probe's documents to an empty database: {a b} {a} {b} {b c} as docids 1 to 4.
void add_xapian_probe_documents(Xapian::WritableDatabase& db);

/// The smallest case of the bug on `db`, which holds the probe's documents (a local database,
/// or a remote one, whose match runs in the server): query OR(a×1, AND_MAYBE(b×2, c×2))
/// (OP_SCALE_WEIGHT factors) weighted with TfIdfWeight("bnn"), so the weights are exactly 3, 1,
/// 2, 4. Asks for one result with `check_at_least`: 0 lets Xapian prune, 4 visits every document.
/// The exact answer is docid 4, weight 4; a stock 1.4.22 gives docid 1 (weight 3) when it prunes.
/// Throws Xapian::Error if Xapian does.
XapianProbeTop xapian_pruning_probe(const Xapian::Database& db, Xapian::doccount check_at_least);

/// The same on an in-memory database of the probe's documents.
XapianProbeTop xapian_pruning_probe(Xapian::doccount check_at_least);

/// True when the probe gives docid 4 both pruned and in full. Computed once per process
/// (thread-safe); never throws: a Xapian error counts as "not exact".
bool xapian_pruning_is_exact();

}  // namespace plan
