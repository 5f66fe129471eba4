/** @file synonyms.h
 *  @brief Synonym groups in two layers, loaded at index time and stored in the Xapian database,
 *  so every searcher — including one reading remote shards — expands queries alike.
 *
 *  In: the base layer, SudachiDict's synonym dictionary converted to dict/sudachi-synonyms.tsv
 *  (scripts/update-sudachi-synonyms.sh; one member per line with its group, lexeme, form,
 *  abbreviation, spelling, 体言/用言 class and expandControl), and the municipal layer,
 *  dict/synonyms.txt (one group per line, phrases separated by commas; '#' starts a comment).
 *  Out: a SynonymMap from each member's key term to the key terms a query for it expands to,
 *  each with its kind (orthographic variant, abbreviation, other synonym), which decides its
 *  weight at query time; store_synonyms() writes it as index metadata and Xapian synonyms.
 */
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "japanese_analyzer.h"

namespace plan {

/// One phrase of a group, with what SudachiDict says about it (defaults for the municipal layer).
struct SynonymMember {
    std::string phrase;
    unsigned lexeme = 0;        // members with the same non-zero lexeme are one word, other forms
    unsigned form = 0;          // 語形種別: 0 representative, 1 translation, 2 alias, 3 former, 4 error
    unsigned abbreviation = 0;  // 略語・略称: 0 none, 1 alphabetic, 2 other
    unsigned word_class = 0;    // 1 体言, 2 用言, 0 undefined (in the digest; not a limit)
    bool expands = true;        // false (expandControl 1): a query for it is not expanded
};

struct SynonymGroup {
    std::string origin;      // "file:line" of its first member, for messages
    bool municipal = false;  // dict/synonyms.txt: hand-checked, always stored, wins over Sudachi
    std::vector<SynonymMember> members;
};
using SynonymGroups = std::vector<SynonymGroup>;

/// How an expansion relates to the typed word; the closer, the more it weighs at query time.
enum class SynonymKind : std::uint8_t {
    Equivalent = 0,    // a municipal group (dict/synonyms.txt): declared the same thing
    Variant = 1,       // the same word spelled otherwise (表記ゆれ, alphabet)
    Abbreviation = 2,  // the same word abbreviated, translated, an alias or former name
    Synonym = 3,       // another word of the same meaning
};

struct SynonymTarget {
    std::string term;
    SynonymKind kind;
};

/// Key term -> the key terms a query for it expands to, as stored in the index metadata.
class SynonymMap {
public:
    /// Add an expansion; a pair seen twice keeps its closest kind (or the municipal layer's).
    void add(const std::string& key, const std::string& term, SynonymKind kind, bool overrides);
    /// What a query for `key` expands to: empty when nothing (or an expandControl headword).
    const std::vector<SynonymTarget>& expansions(const std::string& key) const;
    std::vector<std::string> terms(const std::string& key) const;
    const std::map<std::string, std::vector<SynonymTarget>>& entries() const { return map_; }

private:
    std::map<std::string, std::vector<SynonymTarget>> map_;
};

/// Stored as {key: ["<kind digit><term>", …]}; an entry without a digit (an index of the
/// one-layer format, whose groups were all municipal) reads as an equivalent.
void to_json(nlohmann::json& j, const SynonymMap& map);
void from_json(const nlohmann::json& j, SynonymMap& map);

inline constexpr std::string_view kMetaSynonymMap = "plan:synonym-map";

/// The municipal layer: dict/synonyms.txt (or the file at `path`).
SynonymGroups load_synonym_groups(const std::string& path);
/// The base layer: SudachiDict's groups as converted by scripts/update-sudachi-synonyms.sh.
SynonymGroups load_sudachi_synonyms(const std::string& path);
/// Both layers, base first: what plan-index stores.
SynonymGroups load_default_synonyms();

/// Where dict/synonyms.txt is: $PLAN_SEARCH_SYNONYMS or the source tree's dict/.
std::string default_synonyms_path();
/// Where dict/sudachi-synonyms.tsv is: $PLAN_SEARCH_SUDACHI_SYNONYMS or the source tree's dict/.
std::string default_sudachi_synonyms_path();

/// Digest of the groups, stored in the index so a mismatch can be detected.
std::string synonyms_digest(const SynonymGroups& groups);

/// The key-term map of the groups. A Sudachi expansion is kept only when its target occurs in
/// the index (`in_index`), so the map holds what can change a result; municipal groups are kept
/// whole.
SynonymMap build_synonym_map(const SynonymGroups& groups, const JapaneseAnalyzer& analyzer,
                             const std::function<bool(const std::string&)>& in_index);

/// Store the map as metadata (read by every searcher, remote shards included) and as Xapian
/// synonyms.
void store_synonyms(Xapian::WritableDatabase& db, const SynonymMap& map);

}  // namespace plan
