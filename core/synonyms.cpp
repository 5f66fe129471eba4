#include "synonyms.h"

#include <cstdlib>
#include <algorithm>
#include <fstream>
#include <map>

#include "index_schema.h"
#include "input_error.h"

namespace plan {

std::string default_synonyms_path() {
    if (const char* env = std::getenv("PLAN_SEARCH_SYNONYMS"); env && *env) return env;
#ifdef PLAN_SEARCH_DEFAULT_SYNONYMS
    return PLAN_SEARCH_DEFAULT_SYNONYMS;
#else
    return "dict/synonyms.txt";
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
        std::vector<std::string> group;
        size_t start = 0;
        while (start <= line.size()) {
            size_t comma = line.find(',', start);
            std::string phrase = line.substr(start, comma == std::string::npos ? std::string::npos
                                                                             : comma - start);
            while (!phrase.empty() && std::isspace(static_cast<unsigned char>(phrase.front())))
                phrase.erase(0, 1);
            while (!phrase.empty() && std::isspace(static_cast<unsigned char>(phrase.back())))
                phrase.pop_back();
            if (!phrase.empty()) group.push_back(phrase);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (group.size() == 1)
            throw InputError(at_line(path, n), "a synonym group needs at least two phrases");
        if (!group.empty()) groups.push_back(std::move(group));
    }
    return groups;
}

std::string synonyms_digest(const SynonymGroups& groups) {
    uint64_t h = 1469598103934665603ULL;
    for (const auto& g : groups)
        for (const auto& p : g) {
            for (unsigned char c : p + "\n") {
                h ^= c;
                h *= 1099511628211ULL;
            }
        }
    char buf[17];
    snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

void add_synonyms(Xapian::WritableDatabase& db, const SynonymGroups& groups,
                  const JapaneseAnalyzer& analyzer) {
    for (const auto& g : groups) {
        std::vector<std::string> keys;
        for (const auto& p : g) {
            std::string k = schema::key_term(analyzer, p);
            if (!k.empty()) keys.push_back(k);
        }
        for (const auto& a : keys)
            for (const auto& b : keys)
                if (a != b) db.add_synonym(a, b);
    }
    // The same map as metadata: Xapian's remote backend (xapian-tcpsrv) serves metadata but not
    // synonyms, and a searcher reading remote shards must expand queries alike.
    std::map<std::string, std::vector<std::string>> map;
    for (const auto& g : groups) {
        std::vector<std::string> keys;
        for (const auto& p : g)
            if (std::string k = schema::key_term(analyzer, p); !k.empty()) keys.push_back(k);
        for (const auto& a : keys)
            for (const auto& b : keys)
                if (a != b && std::find(map[a].begin(), map[a].end(), b) == map[a].end()) map[a].push_back(b);
    }
    db.set_metadata(std::string(kMetaSynonymMap), nlohmann::json(map).dump());
}

}  // namespace plan
