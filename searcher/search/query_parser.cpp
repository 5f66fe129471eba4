#include "query_parser.h"

#include "facet_table.h"
#include "text_normalizer.h"

namespace plan {

std::string canonical_filter_name(const std::string& name) {
    const auto* f = schema::find_facet_field(name);
    return f && f->filter ? std::string(f->name) : std::string();
}

namespace {

bool is_space_char(const std::string& c) { return c == " " || c == "\t" || c == "\n" || c == "\u3000"; }
bool is_quote(const std::string& c) { return c == "\"" || c == "“" || c == "”" || c == "＂"; }

struct Lexeme {
    std::string text;
    bool phrase = false;
    bool negated = false;
    std::string field;  // non-empty for field:value
    size_t position = 0;
};

}  // namespace

ParsedQuery parse_query(const std::string& query, const std::set<std::string>& extra_facets) {
    auto c = utf8_chars(query);
    std::vector<Lexeme> lex;
    size_t i = 0;
    while (i < c.size()) {
        if (is_space_char(c[i])) {
            ++i;
            continue;
        }
        Lexeme l;
        l.position = i;
        if ((c[i] == "-" || c[i] == "－") && i + 1 < c.size() && !is_space_char(c[i + 1])) {
            l.negated = true;
            ++i;
        }
        // A bare word, possibly field:value, possibly with a quoted part.
        std::string word;
        bool quoted = false;
        while (i < c.size() && !is_space_char(c[i])) {
            if (is_quote(c[i])) {
                size_t j = i + 1;
                while (j < c.size() && !is_quote(c[j])) word += c[j++];
                if (j >= c.size())
                    throw QueryError("unterminated quote at character " + std::to_string(i + 1));
                quoted = true;
                i = j + 1;
                continue;
            }
            if ((c[i] == ":" || c[i] == "：") && !quoted && l.field.empty()) {
                std::string f = canonical_filter_name(word);
                if (f.empty() && (word == "facet" || extra_facets.count(word))) f = word;
                if (!f.empty()) {
                    l.field = f;
                    word.clear();
                    ++i;
                    continue;
                }
            }
            word += c[i++];
        }
        l.text = word;
        l.phrase = quoted && l.field.empty();
        if (!l.field.empty() && l.text.empty())
            throw QueryError("filter '" + l.field + ":' at character " + std::to_string(l.position + 1) +
                             " has no value");
        if (l.text.empty() && !quoted) continue;
        lex.push_back(std::move(l));
    }

    ParsedQuery out;
    for (size_t k = 0; k < lex.size(); ++k) {
        const Lexeme& l = lex[k];
        if (!l.field.empty()) {
            if (l.negated) throw QueryError("a filter cannot be negated: -" + l.field + ":" + l.text);
            if (l.field == "facet") {  // facet:NAME=VALUE, an extra facet of a data source
                const size_t eq = l.text.find('=');
                if (eq == std::string::npos || eq == 0 || eq + 1 == l.text.size())
                    throw QueryError("filter 'facet:' at character " + std::to_string(l.position + 1) +
                                     " needs NAME=VALUE, e.g. facet:事業区分=政策事業");
                out.filters[l.text.substr(0, eq)].push_back(l.text.substr(eq + 1));
                continue;
            }
            out.filters[l.field].push_back(l.text);
            continue;
        }
        if (!l.phrase && !l.negated && l.text == "OR") {
            if (out.items.empty() || out.items.back().negated || k + 1 >= lex.size() ||
                !lex[k + 1].field.empty() || lex[k + 1].negated ||
                (!lex[k + 1].phrase && lex[k + 1].text == "OR"))
                throw QueryError("OR at character " + std::to_string(l.position + 1) +
                                 " needs a word on each side");
            ++k;
            out.items.back().alternatives.push_back({lex[k].text, lex[k].phrase});
            continue;
        }
        QueryItem item;
        item.negated = l.negated;
        item.alternatives.push_back({l.text, l.phrase});
        out.items.push_back(std::move(item));
    }
    return out;
}

}  // namespace plan
