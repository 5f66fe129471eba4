#include "index_schema.h"

#include <sstream>
#include <unordered_map>
#include <vector>

#include "errors.h"
#include "facet_table.h"

namespace plan::schema {

namespace {
constexpr size_t kMaxTermBytes = 240;  // Xapian's limit is 245 including the prefix
}

std::string_view prefix_of(TermFamily family) {
    switch (family) {
        case TermFamily::Word:
            return kWord;
        case TermFamily::Compound:
            return kCompound;
        case TermFamily::Reading:
            return kReading;
        case TermFamily::Bigram:
            return kBigram;
    }
    return kWord;
}

std::string filter_term(std::string_view prefix, std::string_view value) {
    std::string t(prefix);
    t.append(value.substr(0, kMaxTermBytes - prefix.size()));
    return t;
}

unsigned field_weight(Field f) {
    switch (f) {
        case kFieldName:
            return 3;
        case kFieldSummary:
            return 1;
        default:
            return 1;
    }
}

std::string join_levels(std::initializer_list<std::string_view> levels) {
    std::string out;
    bool first = true;
    for (auto l : levels) {
        if (!first) out.push_back(kLevelSeparator);
        out.append(l);
        first = false;
    }
    return out;
}

std::string last_level(std::string_view value) {
    auto p = value.rfind(kLevelSeparator);
    return std::string(p == std::string_view::npos ? value : value.substr(p + 1));
}

namespace {

// Which term families a field gets besides words and compounds, which every field gets. Only words
// carry positions (phrases), and only in the project's own text; compounds, readings and bigrams
// are position-free, which keeps the index small (positions were half of it).
struct FieldTerms {
    bool readings = true;
    bool bigrams = true;
    bool name_terms = false;
    bool positions = true;
};

// What a field gets, less the families the index leaves out.
FieldTerms limited(FieldTerms kinds, const TermFamilies& families) {
    kinds.readings = kinds.readings && families.readings;
    kinds.bigrams = kinds.bigrams && families.bigrams;
    kinds.name_terms = kinds.name_terms && families.name_terms;
    kinds.positions = kinds.positions && families.positions;
    return kinds;
}

// Where a record's terms go: its document, less the families the index leaves out, and its
// readings to the lexicon when the index has one.
struct TermSink {
    Xapian::Document& doc;
    const TermFamilies& families;
    ReadingLexicon* lexicon;
};

// A field's analyzed terms into the sink, as the field and the index's families want them.
// The analyzer adds a reading right after the word or compound terms of the same text span
// (japanese_analyzer.cpp), which is how the lexicon pairs them.
void add_terms(TermSink& out, const std::vector<AnalyzedTerm>& terms, Field field,
               FieldTerms kinds) {
    kinds = limited(kinds, out.families);
    const unsigned w = field_weight(field);
    std::vector<std::string> span_terms;  // the W/K terms of the span of the last one
    size_t span_begin = 0, span_end = 0;
    for (const auto& t : terms) {
        if (t.text.empty() || t.text.size() > kMaxTermBytes) continue;
        if (t.family == TermFamily::Reading && !kinds.readings) continue;
        if (t.family == TermFamily::Bigram && !kinds.bigrams) continue;
        if (t.family == TermFamily::Compound && !out.families.compounds) continue;
        std::string term(prefix_of(t.family));
        term += t.text;
        if (t.family == TermFamily::Reading && out.lexicon) {
            if (t.begin == span_begin && t.end == span_end)
                for (const auto& read_so : span_terms) out.lexicon->add(t.text, read_so);
            continue;
        }
        if (out.lexicon && (t.family == TermFamily::Word || t.family == TermFamily::Compound)) {
            if (t.begin != span_begin || t.end != span_end) span_terms.clear();
            span_begin = t.begin;
            span_end = t.end;
            span_terms.push_back(term);
        }
        if (t.family == TermFamily::Word && kinds.positions)
            out.doc.add_posting(term, t.position + 1, w);  // Xapian positions start at 1 by habit
        else
            out.doc.add_term(term, w);
        if (kinds.name_terms &&
            (t.family == TermFamily::Word || t.family == TermFamily::Compound)) {
            std::string nterm(kNameWord);
            nterm += t.text;
            out.doc.add_term(nterm);  // non-positional: scored as a name match
        }
    }
}

unsigned first_position(Field field) { return static_cast<unsigned>(field) * kFieldGap; }

void index_text(TermSink& out, const JapaneseAnalyzer& analyzer, std::string_view text, Field field,
                FieldTerms kinds) {
    if (text.empty()) return;
    add_terms(out, analyzer.analyze(text, first_position(field)).terms, field, kinds);
}

// Labels (departments, the goal path) repeat from record to record: the projects under one
// measure share its whole path. Their terms are kept per thread, keyed by field and text, so
// MeCab reads each distinct label once instead of once per record.
class LabelTerms {
  public:
    const std::vector<AnalyzedTerm>& of(const JapaneseAnalyzer& analyzer, std::string_view text,
                                        Field field) {
        if (&analyzer != analyzer_ || analyzer.version() != version_) {
            cache_.clear();
            analyzer_ = &analyzer;
            version_ = analyzer.version();
        }
        std::string key(1, static_cast<char>('0' + field));
        key.append(text);
        if (auto it = cache_.find(key); it != cache_.end()) return it->second;
        if (cache_.size() >= kMaxLabels) cache_.clear();  // bounded memory: start over
        return cache_.emplace(std::move(key), analyzer.analyze(text, first_position(field)).terms)
            .first->second;
    }

  private:
    static constexpr size_t kMaxLabels = 4096;
    const JapaneseAnalyzer* analyzer_ = nullptr;
    std::string version_;
    std::unordered_map<std::string, std::vector<AnalyzedTerm>> cache_;
};

void index_label(TermSink& out, const JapaneseAnalyzer& analyzer, std::string_view text,
                 Field field, FieldTerms kinds) {
    if (text.empty()) return;
    thread_local LabelTerms labels;
    add_terms(out, labels.of(analyzer, text, field), field, kinds);
}

}  // namespace

TermFamilies families_without(const std::string& list, const std::string& option) {
    TermFamilies f;
    std::stringstream in(list);
    for (std::string name; std::getline(in, name, ',');) {
        if (name == "bigrams")
            f.bigrams = false;
        else if (name == "compounds")
            f.compounds = false;
        else if (name == "readings")
            f.readings = false;
        else if (name == "name")
            f.name_terms = false;
        else if (name == "positions")
            f.positions = false;
        else
            throw InputError(option, "unknown term family '" + name +
                                         "' (bigrams, compounds, readings, name, positions)");
    }
    return f;
}

void ReadingLexicon::add(std::string_view reading, const std::string& term) {
    // FNV-1a over reading, a separator and term.
    uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::string_view bytes) {
        for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
    };
    mix(reading);
    mix(std::string_view("\0", 1));
    mix(term);
    if (seen_.size() >= kMaxRemembered) seen_.clear();
    if (!seen_.insert(h).second) return;
    fresh_.emplace_back(std::string(reading), term);
}

void add_readings(ReadingTable& table, const std::vector<ReadingPair>& pairs) {
    for (const auto& [reading, term] : pairs) table[reading].insert(term);
}

namespace {
constexpr char kReadingListSeparator = '\n';  // terms hold no newline (the normalizer folds it)

std::set<std::string> reading_list(std::string_view list) {
    std::set<std::string> terms;
    std::stringstream in{std::string(list)};
    for (std::string t; std::getline(in, t, kReadingListSeparator);)
        if (!t.empty()) terms.insert(t);
    return terms;
}

std::string joined(const std::set<std::string>& terms) {
    std::string out;
    for (const auto& t : terms) {
        if (!out.empty()) out.push_back(kReadingListSeparator);
        out += t;
    }
    return out;
}
}  // namespace

void store_readings(Xapian::WritableDatabase& db, const ReadingTable& table) {
    for (const auto& [reading, terms] : table) {
        const std::string key = std::string(kMetaReading) + reading;
        if (key.size() > kMaxTermBytes) continue;  // longer than any key Xapian takes
        std::set<std::string> all = reading_list(db.get_metadata(key));
        const size_t before = all.size();
        all.insert(terms.begin(), terms.end());
        if (all.size() != before) db.set_metadata(key, joined(all));
    }
}

bool is_reading_key(std::string_view key) { return key.starts_with(kMetaReading); }

std::string merged_reading_lists(const std::vector<std::string>& lists) {
    std::set<std::string> all;
    for (const auto& l : lists) all.merge(reading_list(l));
    return joined(all);
}

std::vector<std::string> terms_read_as(const Xapian::Database& db,
                                       const std::string& reading_term) {
    if (!reading_term.starts_with(kReading)) return {};
    const std::string key = std::string(kMetaReading) + reading_term.substr(kReading.size());
    if (key.size() > kMaxTermBytes) return {};
    const std::set<std::string> terms = reading_list(db.get_metadata(key));
    return {terms.begin(), terms.end()};
}

Xapian::Document make_document(const ProjectRecord& r, const JapaneseAnalyzer& analyzer,
                               std::map<std::string, Xapian::valueno>& extra_facet_slot,
                               unsigned document_ordinal, const TermFamilies& families,
                               ReadingLexicon* lexicon) {
    Xapian::Document doc;
    TermSink out{doc, families, lexicon};

    // Free text (name, summary, details) and the indicator names get every family: words with
    // positions, compounds, readings and bigrams; the name also gets its N terms. Labels
    // (departments, goal path) get words, compounds and readings but no bigrams nor positions:
    // they repeat across records and have filters and facets of their own, yet a kana query must
    // find what its kanji finds (けんこう ~ 健康 in a goal heading). A quoted phrase is the
    // project's own words; in a heading, its words match one by one. (Label positions were half
    // of all positions in the 200k benchmark: 25 of 48 per record.)
    const FieldTerms text_terms{true, true, false, true}, label_terms{true, false, false, false};
    index_text(out, analyzer, r.name, kFieldName, FieldTerms{true, true, true, true});
    index_text(out, analyzer, r.summary, kFieldSummary, text_terms);
    {
        std::string details;
        for (const auto& d : r.details) details += d.text + "\n";
        index_text(out, analyzer, details, kFieldDetails, text_terms);
    }
    {
        std::string ind;
        for (const auto& i : r.indicators) ind += i.name + "\n";
        index_text(out, analyzer, ind, kFieldIndicators, text_terms);
    }
    {
        std::string depts;
        for (const auto& d : r.departments) depts += d + "\n";
        index_label(out, analyzer, depts, kFieldDepartments, label_terms);
    }
    index_label(out, analyzer,
                r.goal.goal + "\n" + r.goal.policy + "\n" + r.goal.measure + "\n" + r.goal.pillar,
                kFieldGoal, label_terms);

    doc.add_boolean_term(filter_term(kId, r.id));
    if (r.is_relisted()) doc.add_boolean_term(std::string(kRelisted));
    for (const auto& field : facet_fields()) {
        const FacetEntries e = field.extract(r);
        for (const auto& t : e.terms) doc.add_boolean_term(filter_term(field.prefix, t));
        for (unsigned k = 0; k < e.values.size() && k < field.slot_count; ++k)
            doc.add_value(field.first_slot + k, e.values[k]);
    }
    doc.add_value(kSlotNameKey, analyzer.normalize(r.name));
    doc.add_value(kSlotOrder,
                  Xapian::sortable_serialise(double(document_ordinal) * 1e6 + r.source.line));
    doc.add_value(kSlotDuplicateKey, r.city + kLevelSeparator + analyzer.normalize(r.name));
    if (!r.is_relisted()) doc.add_value(kSlotMainEntry, Xapian::sortable_serialise(1.0));
    for (const auto& [name, value] : r.facets) {
        auto it = extra_facet_slot.find(name);
        if (it == extra_facet_slot.end()) {
            if (extra_facet_slot.size() >= kMaxExtraFacetSlots) continue;
            it = extra_facet_slot
                     .emplace(name, kSlotExtraFacetFirst +
                                        static_cast<Xapian::valueno>(extra_facet_slot.size()))
                     .first;
        }
        doc.add_value(it->second, value);
        doc.add_boolean_term(filter_term(kExtraFacet, name + "=" + value));
    }
    set_record(doc, r);  // after the values: the record leaves out what they hold
    return doc;
}

std::string key_term(const JapaneseAnalyzer& analyzer, std::string_view phrase) {
    Analysis a = analyzer.analyze(phrase);
    if (a.tokens.empty()) return {};
    if (a.tokens.size() == 1) {
        if (!a.tokens[0].content) return {};
        return std::string(kWord) + a.tokens[0].base;
    }
    // The compound term over every token: a whole noun run, or a user-dictionary entry (whose
    // parts need not all be nouns, as in 証拠に基づく政策立案).
    const size_t begin = a.tokens.front().begin, end = a.tokens.back().end;
    for (const auto& t : a.terms)
        if (t.family == TermFamily::Compound && t.begin == begin && t.end == end)
            return std::string(kCompound) + t.text;
    return {};
}

namespace {

// The record's fields that a value slot of its document holds as well (facet_table.cpp): the
// stored record leaves them out when the slot gives them back exactly, and reading fills them in.
// `object` is the JSON object holding the field (null: the record itself).
struct SlotField {
    enum Kind {
        kText,       // the slot holds the field
        kLastLevel,  // the goal path down to the field (join_levels): the field is its last level
        kYear,       // Xapian::sortable_serialise(year)
    };
    const char* object;
    const char* key;
    Xapian::valueno slot;
    Kind kind;
};
const SlotField kSlotFields[] = {
    {nullptr, "city", kSlotCity, SlotField::kText},
    {nullptr, "prefecture", kSlotPrefecture, SlotField::kText},
    {nullptr, "section", kSlotSection, SlotField::kText},
    {"document", "id", kSlotDocument, SlotField::kText},
    {"document", "year", kSlotYear, SlotField::kYear},
    {"goal", "goal", kSlotGoal, SlotField::kText},
    {"goal", "policy", kSlotPolicy, SlotField::kLastLevel},
    {"goal", "measure", kSlotMeasure, SlotField::kLastLevel},
};

// The field as the slot gives it back, in the record's JSON form.
nlohmann::json from_slot(const SlotField& f, const Xapian::Document& doc) {
    const std::string v = doc.get_value(f.slot);
    switch (f.kind) {
        case SlotField::kYear:
            return v.empty() ? 0 : static_cast<int>(Xapian::sortable_unserialise(v));
        case SlotField::kLastLevel:
            return v.empty() ? v : last_level(v);
        case SlotField::kText:
            break;
    }
    return v;
}

nlohmann::json& place(nlohmann::json& j, const char* object) { return object ? j[object] : j; }

bool has(const nlohmann::json& j, const SlotField& f) {
    if (!f.object) return j.contains(f.key);
    const auto it = j.find(f.object);
    return it != j.end() && it->is_object() && it->contains(f.key);
}

// Empty strings, arrays and objects, false and null: what reading a record defaults to.
void drop_defaults(nlohmann::json& j) {
    for (auto it = j.begin(); it != j.end();) {
        if (it->is_object()) drop_defaults(*it);
        const bool is_default =
            it->is_null() || (it->is_boolean() && !it->get<bool>()) ||
            ((it->is_string() || it->is_array() || it->is_object()) && it->empty()) ||
            (it->is_string() && it->get_ref<const std::string&>().empty());
        it = is_default ? j.erase(it) : std::next(it);
    }
}

}  // namespace

void set_record(Xapian::Document& doc, const ProjectRecord& r) {
    const nlohmann::json full = r;
    nlohmann::json j = full;
    drop_defaults(j);
    // A field the slot gives back is left out; one it does not (a goal level holding the level
    // separator, say) is kept, even when empty, so that reading does not take the slot's.
    for (const auto& f : kSlotFields) {
        const nlohmann::json& value = f.object ? full.at(f.object).at(f.key) : full.at(f.key);
        if (value != from_slot(f, doc))
            place(j, f.object)[f.key] = value;
        else if (has(j, f))
            place(j, f.object).erase(f.key);
    }
    for (const char* object : {"document", "goal"})
        if (j.contains(object) && j[object].empty()) j.erase(object);
    doc.set_data(j.dump());
}

ProjectRecord read_record(const Xapian::Document& doc) {
    nlohmann::json j = nlohmann::json::parse(doc.get_data());
    for (const auto& f : kSlotFields)
        if (!has(j, f)) place(j, f.object)[f.key] = from_slot(f, doc);
    return j.get<ProjectRecord>();
}

}  // namespace plan::schema
