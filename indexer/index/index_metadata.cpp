#include "index_metadata.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "index_schema.h"
#include "index_update.h"

namespace plan {

std::string now_ms() {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count());
}

std::map<std::string, std::string> build_metadata(const JapaneseAnalyzer& analyzer,
                                                  const std::string& synonyms_digest,
                                                  const FacetSlots& slots) {
    return {{std::string(schema::kMetaAnalyzer), analyzer.version()},
            {std::string(schema::kMetaSynonyms), synonyms_digest},
            {std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion)},
            {std::string(schema::kMetaExtraFacets), nlohmann::json(slots).dump()},
            {std::string(schema::kMetaUpdated), now_ms()}};
}

void stamp_update(Xapian::WritableDatabase& db, const FacetSlots& slots, const std::string& time) {
    db.set_metadata(std::string(schema::kMetaExtraFacets), nlohmann::json(slots).dump());
    db.set_metadata(std::string(schema::kMetaUpdated), time);
}

FacetSlots stored_facet_slots(const Xapian::Database& db) {
    const std::string extra = db.get_metadata(std::string(schema::kMetaExtraFacets));
    if (extra.empty()) return {};
    return nlohmann::json::parse(extra).get<FacetSlots>();
}

void store_synonym_map(const std::vector<Xapian::WritableDatabase*>& dbs,
                       const SynonymGroups& groups, const JapaneseAnalyzer& analyzer) {
    const SynonymMap map = build_synonym_map(groups, analyzer, [&](const std::string& t) {
        return std::any_of(dbs.begin(), dbs.end(),
                           [&](const auto* db) { return db->term_exists(t); });
    });
    for (auto* db : dbs) store_synonyms(*db, map);
}

void check_compatible(const Xapian::Database& db, const std::string& where,
                      const JapaneseAnalyzer* analyzer, const std::string* synonyms_digest) {
    const std::string built_with = db.get_metadata(std::string(schema::kMetaAnalyzer));
    if (built_with.empty())
        throw IndexUpdateError(where +
                               " is not a plan-search index: rebuild it with plan-index build");
    if (db.get_metadata(std::string(schema::kMetaSchema)) != schema::kSchemaVersion)
        throw IndexUpdateError(where +
                               " has another index schema: rebuild it with plan-index build");
    if (analyzer && built_with != analyzer->version())
        throw IndexUpdateError(where + " was built by analyzer '" + built_with +
                               "' but this plan-index uses '" + analyzer->version() +
                               "' (the user dictionary changed?): new records would not match "
                               "old ones; rebuild the index with plan-index build");
    if (synonyms_digest && db.get_metadata(std::string(schema::kMetaSynonyms)) != *synonyms_digest)
        throw IndexUpdateError(where + " was built with other synonyms than " +
                               default_synonyms_path() +
                               " holds now: rebuild the index with plan-index build");
}

}  // namespace plan
