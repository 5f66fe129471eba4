/** @file index_schema.h
 *  @brief The index schema both programs include: term prefixes, value slots, metadata keys,
 *  and the encoding of a ProjectRecord as a Xapian::Document (and back).
 *
 *  In: ProjectRecord + JapaneseAnalyzer. Out: Xapian::Document whose data is the record's JSON.
 */
#pragma once

#include <xapian.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "japanese_analyzer.h"
#include "project_record.h"

namespace plan::schema {

// ---- Free-text term prefixes (one per analyzer family) ----
inline constexpr std::string_view kWord = "W";      // base forms, positional
inline constexpr std::string_view kCompound = "K";  // noun runs (no positions)
inline constexpr std::string_view kReading = "R";   // hiragana readings (no positions)
inline constexpr std::string_view kBigram = "B";    // character bigrams (no positions)
inline constexpr std::string_view kNameWord = "N";  // words/compounds of the project name only

std::string_view prefix_of(TermFamily family);

// ---- Boolean filter term prefixes (the fixed facets' rows are in facet_table.h) ----
inline constexpr std::string_view kId = "Q";
inline constexpr std::string_view kCity = "XC";
inline constexpr std::string_view kPrefecture = "XT";
inline constexpr std::string_view kDocument = "XO";
inline constexpr std::string_view kYear = "XY";
inline constexpr std::string_view kDepartment = "XD";
inline constexpr std::string_view kFlag = "XF";
inline constexpr std::string_view kGoal = "XG";
inline constexpr std::string_view kPolicy = "XP";
inline constexpr std::string_view kMeasure = "XM";
inline constexpr std::string_view kSection = "XS";
inline constexpr std::string_view kExtraFacet = "XE";  // XE<facet>=<value>
inline constexpr std::string_view kRelisted = "XR";    // present on 再/再掲 copies

/// Boolean term for a filter value: prefix + value as written (facet values are exact strings).
std::string filter_term(std::string_view prefix, std::string_view value);

// ---- Value slots (facets via Xapian::ValueCountMatchSpy, sorting, collapsing) ----
enum Slot : Xapian::valueno {
    kSlotCity = 0,
    kSlotDocument = 1,
    kSlotYear = 2,       // Xapian::sortable_serialise(year)
    kSlotNameKey = 3,    // normalized name, for sort by name
    kSlotSection = 4,
    kSlotGoal = 5,
    kSlotPolicy = 6,     // "goal\x1fpolicy" so policies of different goals stay apart
    kSlotMeasure = 7,    // "goal\x1fpolicy\x1fmeasure"
    kSlotPrefecture = 8,
    kSlotOrder = 9,      // document ordinal and line: stable source order
    kSlotDuplicateKey = 10,  // city + normalized name: re-listed copies collapse onto the main entry
    kSlotMainEntry = 11,     // sortable_serialise(1) on a project's main entry, absent on 再/再掲
                             // copies: a small boost (ValueWeightPostingSource) ranks them below
    kSlotDepartmentFirst = 20,  // departments occupy 20..27 (multi-valued facet)
    kSlotFlagFirst = 30,        // flags occupy 30..35
    kSlotExtraFacetFirst = 40,  // extra facets (declared by data sources): 40..59
};
inline constexpr unsigned kMaxDepartmentSlots = 8;
inline constexpr unsigned kMaxFlagSlots = 6;
inline constexpr unsigned kMaxExtraFacetSlots = 20;
inline constexpr char kLevelSeparator = '\x1f';

// ---- Word position layout: each field starts at a multiple of kFieldGap ----
inline constexpr unsigned kFieldGap = 1000;
enum Field : unsigned {
    kFieldName = 0,
    kFieldSummary = 1,
    kFieldDetails = 2,
    kFieldIndicators = 3,
    kFieldDepartments = 4,
    kFieldGoal = 5,
};
/// wdf multiplier per field: 3 for the name, 1 for every other field (the summary included).
unsigned field_weight(Field f);

// ---- Metadata keys ----
inline constexpr std::string_view kMetaAnalyzer = "plan:analyzer";  // JapaneseAnalyzer::version()
inline constexpr std::string_view kMetaSynonyms = "plan:synonyms";  // digest of the synonyms file
inline constexpr std::string_view kMetaSchema = "plan:schema";
inline constexpr std::string_view kMetaExtraFacets = "plan:extra-facets";  // JSON: name -> slot
inline constexpr std::string_view kSchemaVersion = "3";  // 3: readings in a lexicon
// The reading lexicon: kMetaReading + reading (hiragana) -> the terms read so, one per line.
inline constexpr std::string_view kMetaReading = "plan:reading:";
// Time (ms) of the last build or in-place update: the revision of a sharded index.
inline constexpr std::string_view kMetaUpdated = "plan:updated";

/// The free-text term families a document gets. Every index has them all; leaving one out is
/// how bench/term_families.sh measures what it buys in relevance and costs in bytes and time.
struct TermFamilies {
    bool bigrams = true;     // B
    bool compounds = true;   // K
    bool readings = true;    // R
    bool name_terms = true;  // N
    bool positions = true;   // positions of W (phrases)
};
/// "bigrams,readings" -> those left out; throws InputError naming `option` for another name.
TermFamilies families_without(const std::string& list, const std::string& option);

/// A reading (hiragana, no prefix) and a word or compound term (W…, K…) read so: こそだて, K子育て.
using ReadingPair = std::pair<std::string, std::string>;

/// The pairs of reading and term that an analysis thread meets, each handed on once. An index
/// keeps its readings in a lexicon (the kMetaReading metadata) instead of an R posting in every
/// document that holds the word: a distinct word's reading is stored once, not once per record,
/// and a kana query expands to the terms read so (QueryBuilder). Metadata, not Xapian's synonym
/// table: xapian-tcpsrv serves metadata, and compaction lets the merge take the union.
class ReadingLexicon {
  public:
    void add(std::string_view reading, const std::string& term);
    /// The pairs added since the last take(), none met before by this lexicon.
    std::vector<ReadingPair> take() { return std::exchange(fresh_, {}); }

  private:
    // Pairs are remembered by a 64-bit hash, not by their text, to bound the memory per thread;
    // a collision (odds about n^2 / 2^65: 1 in 4 x 10^7 at a million pairs) would leave a pair out.
    static constexpr size_t kMaxRemembered = 1 << 20;  // then forget: a pair again is harmless
    std::unordered_set<uint64_t> seen_;
    std::vector<ReadingPair> fresh_;
};

/// Reading -> the terms read so: the lexicon a build or an update adds to an index.
using ReadingTable = std::map<std::string, std::set<std::string>>;
void add_readings(ReadingTable& table, const std::vector<ReadingPair>& pairs);

/// The table into db's lexicon, merged with what db holds already.
void store_readings(Xapian::WritableDatabase& db, const ReadingTable& table);

/// Whether a metadata key is a lexicon entry, and one entry's lists (from several databases
/// being merged) as one.
bool is_reading_key(std::string_view key);
std::string merged_reading_lists(const std::vector<std::string>& lists);

/// The word and compound terms that a reading term (R…) stands for.
std::vector<std::string> terms_read_as(const Xapian::Database& db, const std::string& reading_term);

/// Build the Xapian document for a record (terms, values, data = the record: set_record).
/// extra_facet_slot maps an extra facet name to its slot; unknown names are added to it.
/// The record's readings go to the lexicon; without one (term listings in tests), to R terms.
Xapian::Document make_document(const ProjectRecord& record, const JapaneseAnalyzer& analyzer,
                               std::map<std::string, Xapian::valueno>& extra_facet_slot,
                               unsigned document_ordinal = 0, const TermFamilies& families = {},
                               ReadingLexicon* lexicon = nullptr);

/// The term that stands for a whole phrase (a query chunk or a synonym): the word term when the
/// phrase is one word, the compound term when it is a run of nouns, else empty.
std::string key_term(const JapaneseAnalyzer& analyzer, std::string_view phrase);

/// Store r as doc's data, compactly: JSON without the fields that hold their default (empty,
/// false, null) nor those that doc's value slots hold already (city, document id and year, goal
/// path…). Call it after the values are added.
void set_record(Xapian::Document& doc, const ProjectRecord& r);

/// Decode the record stored in a document (set_record), its slots filling in what it left out.
ProjectRecord read_record(const Xapian::Document& doc);

/// Split a multi-level value (policy / measure slot) into its last level.
std::string last_level(std::string_view value);

/// Join goal path levels with kLevelSeparator (the policy / measure slot values).
std::string join_levels(std::initializer_list<std::string_view> levels);

}  // namespace plan::schema
