/** @file index_metadata.h
 *  @brief What a database stores besides its records — how it was built (metadata keys), the
 *  synonym map, the shard bookkeeping — and the check that an index can take records from this
 *  plan-index.
 *
 *  In: the analyzer, the synonyms and their digest, the extra facet slots (a build or an update);
 *  a database to check. Out: metadata and synonyms written to databases; IndexUpdateError when a
 *  database was built by another analyzer, other synonyms or another schema.
 */
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "japanese_analyzer.h"
#include "synonyms.h"

namespace plan {

/// Extra facet name -> value slot (schema::kSlotExtraFacetFirst …), as make_document fills it.
using FacetSlots = std::map<std::string, Xapian::valueno>;

// Shard bookkeeping kept in every shard's metadata (the searcher reads none of it).
inline constexpr const char* kMetaShardBy = "plan:shard-by";
inline constexpr const char* kMetaShardCount = "plan:shard-count";
inline constexpr const char* kMetaShardKey = "plan:shard-key";

/// Milliseconds since the epoch, as text: generation names and the time of the last write
/// (schema::kMetaUpdated).
std::string now_ms();

/// The metadata a build stores in every database: analyzer version, synonyms digest, schema
/// version, the extra facet slots and the time.
std::map<std::string, std::string> build_metadata(const JapaneseAnalyzer& analyzer,
                                                  const std::string& synonyms_digest,
                                                  const FacetSlots& slots);

/// Record the extra facet slots and the time of this update in db (not committed).
void stamp_update(Xapian::WritableDatabase& db, const FacetSlots& slots, const std::string& time);

/// The extra facet slots db records (empty when it has none).
FacetSlots stored_facet_slots(const Xapian::Database& db);

/// Build the synonym map over the databases together (the index keeps only expansions to terms
/// one of them holds) and store it in each.
void store_synonym_map(const std::vector<Xapian::WritableDatabase*>& dbs,
                       const SynonymGroups& groups, const JapaneseAnalyzer& analyzer);

/// Throws IndexUpdateError unless db was built by plan-index with this schema and, where given,
/// this analyzer and these synonyms. where names the index (and shard) in the message.
void check_compatible(const Xapian::Database& db, const std::string& where,
                      const JapaneseAnalyzer* analyzer, const std::string* synonyms_digest);

}  // namespace plan
