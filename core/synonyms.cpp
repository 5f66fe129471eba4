#include "synonyms.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

#include "index_schema.h"
#include "input_error.h"

namespace plan {

namespace {

std::string env_or(const char* name, const char* fallback) {
    if (const char* env = std::getenv(name); env && *env) return env;
    return fallback;
}

std::string trimmed(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t at; (at = line.find(sep, start)) != std::string::npos; start = at + 1)
        fields.push_back(line.substr(start, at - start));
    fields.push_back(line.substr(start));
    return fields;
}

// A small unsigned code of the TSV: digits only, at most `max`.
unsigned code(const std::string& field, unsigned max, const std::string& where, const char* what) {
    if (field.empty() || field.size() > 6 ||
        !std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoul(field) > max)
        throw InputError(where, std::string("bad ") + what + " '" + field + "'");
    return static_cast<unsigned>(std::stoul(field));
}

// What `other` is to a query for `typed`. A group's 体言 and 用言 expand to each other: SudachiDict
// puts 支払う beside 支払い as another lexeme of one group, and a sentence typed into the search
// box brings verbs (引っ越してきた) where the plans hold nouns (移住, 転居).
SynonymKind relation(const SynonymMember& typed, const SynonymMember& other, bool municipal) {
    if (municipal) return SynonymKind::Equivalent;
    if (typed.lexeme == 0 || typed.lexeme != other.lexeme) return SynonymKind::Synonym;
    if (typed.form == other.form && typed.abbreviation == other.abbreviation)
        return SynonymKind::Variant;
    return SynonymKind::Abbreviation;
}

const std::vector<SynonymTarget> kNoExpansion;

}  // namespace

// ---- SynonymMap ----

void SynonymMap::add(const std::string& key, const std::string& term, SynonymKind kind,
                     bool overrides) {
    auto& targets = map_[key];
    auto it = std::find_if(targets.begin(), targets.end(),
                           [&](const SynonymTarget& t) { return t.term == term; });
    if (it == targets.end())
        targets.push_back({term, kind});
    else if (overrides || kind < it->kind)
        it->kind = kind;
}

const std::vector<SynonymTarget>& SynonymMap::expansions(const std::string& key) const {
    auto it = map_.find(key);
    return it == map_.end() ? kNoExpansion : it->second;
}

std::vector<std::string> SynonymMap::terms(const std::string& key) const {
    std::vector<std::string> out;
    for (const auto& t : expansions(key)) out.push_back(t.term);
    return out;
}

void to_json(nlohmann::json& j, const SynonymMap& map) {
    j = nlohmann::json::object();
    for (const auto& [key, targets] : map.entries()) {
        auto& list = j[key] = nlohmann::json::array();
        for (const auto& t : targets)
            list.push_back(std::to_string(static_cast<int>(t.kind)) + t.term);
    }
}

void from_json(const nlohmann::json& j, SynonymMap& map) {
    map = SynonymMap();
    for (const auto& [key, list] : j.items())
        for (const auto& entry : list) {
            const auto s = entry.get<std::string>();
            // Terms start with an upper-case prefix letter, so a leading digit is the kind.
            if (!s.empty() && s[0] >= '0' && s[0] <= '3')
                map.add(key, s.substr(1), static_cast<SynonymKind>(s[0] - '0'), true);
            else
                map.add(key, s, SynonymKind::Equivalent, true);
        }
}

// ---- Loading ----

std::string default_synonyms_path() {
#ifdef PLAN_SEARCH_DEFAULT_SYNONYMS
    return env_or("PLAN_SEARCH_SYNONYMS", PLAN_SEARCH_DEFAULT_SYNONYMS);
#else
    return env_or("PLAN_SEARCH_SYNONYMS", "dict/synonyms.txt");
#endif
}

std::string default_sudachi_synonyms_path() {
#ifdef PLAN_SEARCH_DEFAULT_SUDACHI_SYNONYMS
    return env_or("PLAN_SEARCH_SUDACHI_SYNONYMS", PLAN_SEARCH_DEFAULT_SUDACHI_SYNONYMS);
#else
    return env_or("PLAN_SEARCH_SUDACHI_SYNONYMS", "dict/sudachi-synonyms.tsv");
#endif
}

SynonymGroups load_synonym_groups(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path, "cannot open synonyms file");
    SynonymGroups groups;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        SynonymGroup group{at_line(path, n), true, {}};
        for (const auto& field : split(line, ','))
            if (std::string phrase = trimmed(field); !phrase.empty())
                group.members.push_back({phrase});
        if (group.members.size() == 1)
            throw InputError(at_line(path, n), "a synonym group needs at least two phrases");
        if (!group.members.empty()) groups.push_back(std::move(group));
    }
    return groups;
}

SynonymGroups load_sudachi_synonyms(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path, "cannot open SudachiDict synonyms file");
    SynonymGroups groups;
    std::string line, group_id;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        const std::string where = at_line(path, n);
        const auto f = split(line, '\t');
        if (f.size() != 8)
            throw InputError(where,
                             "expected 8 tab-separated fields (group, lexeme, form, "
                             "abbreviation, spelling, class, expand, member), got " +
                                 std::to_string(f.size()));
        SynonymMember m;
        m.lexeme = code(f[1], 999, where, "lexeme");
        m.form = code(f[2], 4, where, "form");
        m.abbreviation = code(f[3], 2, where, "abbreviation");
        // The spelling is checked but not kept: lexeme, form and abbreviation tell a variant.
        code(f[4], 3, where, "spelling");
        m.word_class = code(f[5], 2, where, "class");
        m.expands = code(f[6], 1, where, "expand") == 0;
        m.phrase = trimmed(f[7]);
        if (f[0].empty() || m.phrase.empty()) throw InputError(where, "empty group or member");
        if (groups.empty() || f[0] != group_id) {
            group_id = f[0];
            groups.push_back({where, false, {}});
        }
        groups.back().members.push_back(std::move(m));
    }
    return groups;
}

SynonymGroups load_default_synonyms() {
    SynonymGroups groups = load_sudachi_synonyms(default_sudachi_synonyms_path());
    SynonymGroups municipal = load_synonym_groups(default_synonyms_path());
    groups.insert(groups.end(), std::make_move_iterator(municipal.begin()),
                  std::make_move_iterator(municipal.end()));
    return groups;
}

std::string synonyms_digest(const SynonymGroups& groups) {
    uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](const std::string& s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ULL;
        }
    };
    for (const auto& g : groups) {
        mix(g.municipal ? "M\n" : "S\n");
        for (const auto& m : g.members)
            mix(m.phrase + "\t" + std::to_string(m.lexeme) + "." + std::to_string(m.form) + "." +
                std::to_string(m.abbreviation) + "." + std::to_string(m.word_class) +
                (m.expands ? "+" : "-") + "\n");
    }
    char buf[17];
    snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

// ---- The map ----

SynonymMap build_synonym_map(const SynonymGroups& groups, const JapaneseAnalyzer& analyzer,
                             const std::function<bool(const std::string&)>& in_index) {
    SynonymMap map;
    std::vector<std::string> keys;
    for (const auto& g : groups) {
        keys.clear();
        for (const auto& m : g.members) keys.push_back(schema::key_term(analyzer, m.phrase));
        for (size_t t = 0; t < keys.size(); ++t) {
            if (keys[t].empty() || (!g.municipal && !g.members[t].expands)) continue;
            for (size_t o = 0; o < keys.size(); ++o) {
                if (keys[o].empty() || keys[o] == keys[t]) continue;
                if (!g.municipal && !in_index(keys[o])) continue;
                map.add(keys[t], keys[o], relation(g.members[t], g.members[o], g.municipal),
                        g.municipal);
            }
        }
    }
    return map;
}

void store_synonyms(Xapian::WritableDatabase& db, const SynonymMap& map) {
    for (const auto& [key, targets] : map.entries())
        for (const auto& t : targets) db.add_synonym(key, t.term);
    // The same map as metadata: Xapian's remote backend (xapian-tcpsrv) serves metadata but not
    // synonyms, and a searcher reading remote shards must expand queries alike.
    db.set_metadata(std::string(kMetaSynonymMap), nlohmann::json(map).dump());
}

}  // namespace plan
