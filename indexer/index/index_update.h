/** @file index_update.h
 *  @brief In-place updates of the served index: one document's records replaced (plan-index add)
 *  or deleted (plan-index remove) in the served generation; nothing else is rebuilt.
 *
 *  In: the index folder, a document id and (add) its records. Out: UpdateStats; IndexUpdateError
 *  when the index is missing, being written, has a remote shard, or was built by another
 *  analyzer, other synonyms or another schema (the message says to rebuild).
 */
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "errors.h"  // IndexUpdateError
#include "japanese_analyzer.h"
#include "project_record.h"
#include "synonyms.h"

namespace plan {

struct UpdateStats {
    size_t added = 0;     // records whose id was not in the index
    size_t replaced = 0;  // records whose id was there (replaced by their id term)
    size_t removed = 0;   // records of the document that are gone
};

/// Replace the records of one document in the served index, in place: each record by its id term
/// (Q<id>), records of the document no longer present deleted (XO<document>); nothing else is
/// touched. ordinal is the document's 1-based manifest position (source order).
/// Throws IndexUpdateError when the index was built by another analyzer or other synonyms.
/// `synonyms` (the groups of synonyms_digest): the stored synonym map is rebuilt over the updated
/// index, so expansions to the new records' terms are kept.
UpdateStats update_document(const std::filesystem::path& index_dir, const std::string& document_id,
                            const std::vector<ProjectRecord>& records, unsigned ordinal,
                            const std::string& synonyms_digest, const JapaneseAnalyzer& analyzer,
                            const SynonymGroups* synonyms = nullptr);

/// Delete every record of a document from the served index, in place.
UpdateStats remove_document(const std::filesystem::path& index_dir, const std::string& document_id);

}  // namespace plan
