/** @file xapian_pruning.h
 *  @brief Whether the linked Xapian may skip documents by weight bounds without losing any.
 */
#pragma once

namespace plan {

/// True when the linked libxapian ranks a pruned match exactly like a full visit (the
/// AND_MAYBE decay fix in patches/xapian-core is in). Checked once, on an in-memory database.
bool xapian_pruning_is_exact();

}  // namespace plan
