#include "japanese_analyzer.h"

#include <mecab.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

namespace plan {

namespace {

std::vector<std::string> split_features(const char* feature) {
    std::vector<std::string> out;
    std::string cur;
    for (const char* p = feature; *p; ++p) {
        if (*p == ',') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(*p);
        }
    }
    out.push_back(cur);
    return out;
}

// Words that are grammatical glue even though MeCab tags them as content words.
const std::unordered_set<std::string>& function_bases() {
    static const std::unordered_set<std::string> s = {
        "する", "いる", "ある", "なる", "れる", "られる", "せる", "させる", "こと", "もの",
        "ため", "よう", "これ", "それ", "ほか", "等", "など", "できる", "おる"};
    return s;
}

bool is_content(const std::vector<std::string>& f) {
    const std::string& p1 = f[0];
    const std::string p2 = f.size() > 1 ? f[1] : "";
    if (p1 == "名詞") return p2 != "非自立" && p2 != "代名詞";
    if (p1 == "動詞" || p1 == "形容詞") return p2 == "自立";
    return false;
}

bool is_noun_like(const std::vector<std::string>& f) {
    const std::string& p1 = f[0];
    const std::string p2 = f.size() > 1 ? f[1] : "";
    if (p1 == "名詞") return p2 != "非自立" && p2 != "代名詞";
    if (p1 == "接頭詞") return p2 == "名詞接続" || p2 == "数接続";
    return false;
}

uint64_t fnv1a(std::string_view data, uint64_t h = 1469598103934665603ULL) {
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string file_digest(const std::string& path) {
    if (path.empty()) return "none";
    std::ifstream in(path, std::ios::binary);
    if (!in) return "missing";
    std::stringstream ss;
    ss << in.rdbuf();
    char buf[17];
    snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv1a(ss.str())));
    return buf;
}

bool is_bigram_char(const std::string& ch) {
    if (ch.size() == 1) {
        unsigned char c = static_cast<unsigned char>(ch[0]);
        return std::isalnum(c);
    }
    // Exclude common Japanese punctuation and brackets; keep kana, kanji, ー, full-width forms.
    static const std::unordered_set<std::string> punct = {
        "、", "。", "・", "「", "」", "『", "』", "（", "）", "【", "】", "〔", "〕", "〈", "〉",
        "《", "》", "“", "”", "‘", "’", "…", "※", "○", "◇", "◆", "●", "■", "□", "☞", "～", "〜"};
    return punct.count(ch) == 0;
}

}  // namespace

struct JapaneseAnalyzer::Impl {
    MeCab::Model* model = nullptr;
    MeCab::Tagger* tagger = nullptr;
    MeCab::Model* system_model = nullptr;  // without the user dictionary: splits its entries
    MeCab::Tagger* system_tagger = nullptr;

    ~Impl() {
        delete tagger;
        delete model;
        delete system_tagger;
        delete system_model;
    }

    struct RawNode {
        std::string surface;
        std::vector<std::string> features;
        size_t begin, end;  // in the normalized text
    };

    std::vector<RawNode> parse(MeCab::Model* m, MeCab::Tagger* t, const std::string& text) const {
        std::vector<RawNode> out;
        MeCab::Lattice* lattice = m->createLattice();
        lattice->set_sentence(text.c_str());
        if (!t->parse(lattice)) {
            std::string err = lattice->what() ? lattice->what() : "unknown";
            delete lattice;
            throw std::runtime_error("MeCab failed: " + err);
        }
        const char* base = lattice->sentence();
        for (const MeCab::Node* n = lattice->bos_node(); n; n = n->next) {
            if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE) continue;
            RawNode r;
            r.surface.assign(n->surface, n->length);
            r.features = split_features(n->feature);
            r.begin = static_cast<size_t>(n->surface - base);
            r.end = r.begin + n->length;
            out.push_back(std::move(r));
        }
        delete lattice;
        return out;
    }
};

AnalyzerOptions AnalyzerOptions::defaults() {
    AnalyzerOptions o;
    if (const char* env = std::getenv("PLAN_SEARCH_DICT"); env && *env) {
        o.user_dict = env;
    } else {
#ifdef PLAN_SEARCH_DEFAULT_USER_DICT
        o.user_dict = PLAN_SEARCH_DEFAULT_USER_DICT;
#endif
    }
    if (const char* env = std::getenv("PLAN_SEARCH_SYSTEM_DICT"); env && *env) o.system_dict_dir = env;
    return o;
}

JapaneseAnalyzer::JapaneseAnalyzer(const AnalyzerOptions& options) : impl_(std::make_unique<Impl>()) {
    std::string args;
    if (!options.system_dict_dir.empty()) args += " -d " + options.system_dict_dir;
    impl_->system_model = MeCab::createModel(args.c_str());
    if (!impl_->system_model)
        throw std::runtime_error(std::string("cannot load MeCab dictionary: ") + MeCab::getLastError());
    impl_->system_tagger = impl_->system_model->createTagger();
    if (!options.user_dict.empty()) {
        if (!std::ifstream(options.user_dict))
            throw std::runtime_error("user dictionary not found: " + options.user_dict +
                                     " (build the project, or set PLAN_SEARCH_DICT)");
        std::string uargs = args + " -u " + options.user_dict;
        impl_->model = MeCab::createModel(uargs.c_str());
        if (!impl_->model)
            throw std::runtime_error("cannot load MeCab user dictionary " + options.user_dict + ": " +
                                     MeCab::getLastError());
        impl_->tagger = impl_->model->createTagger();
    }
    version_ = "plan-analyzer/1 userdict=" + file_digest(options.user_dict);
}

JapaneseAnalyzer::~JapaneseAnalyzer() = default;

Analysis JapaneseAnalyzer::analyze(std::string_view text, unsigned first_position) const {
    Analysis a;
    a.normalized = normalizer_.normalize(text);
    const std::string& norm = a.normalized.text;
    unsigned pos = first_position;
    if (norm.empty()) {
        a.next_position = pos;
        return a;
    }
    MeCab::Model* m = impl_->model ? impl_->model : impl_->system_model;
    MeCab::Tagger* t = impl_->tagger ? impl_->tagger : impl_->system_tagger;
    auto nodes = impl_->parse(m, t, norm);

    auto make_token = [&](const Impl::RawNode& n, size_t offset, bool user) {
        Token tok;
        tok.surface = n.surface;
        const auto& f = n.features;
        tok.pos = f[0] + (f.size() > 1 && f[1] != "*" ? "," + f[1] : "");
        tok.base = (f.size() > 6 && f[6] != "*") ? normalizer_.fold(f[6]) : n.surface;
        if (f.size() > 7 && f[7] != "*")
            tok.reading = katakana_to_hiragana(f[7]);
        else if (is_all_katakana(n.surface) || is_all_hiragana(n.surface))
            tok.reading = katakana_to_hiragana(n.surface);
        auto [ob, oe] = a.normalized.to_original(offset + n.begin, offset + n.end);
        tok.begin = ob;
        tok.end = oe;
        tok.user_dict = user;
        tok.content = is_content(f) && !function_bases().count(tok.base);
        tok.noun_like = is_noun_like(f);
        // Unknown words (katakana loans, alphanumerics) are nouns for our purposes.
        if (f[0] == "名詞" && f.size() > 1 && f[1] == "数") tok.content = true;
        return tok;
    };

    // Fine tokens; a user-dictionary entry is split into its system-dictionary parts, and the
    // whole is remembered as a span so it yields one compound term over those parts.
    struct Span {
        size_t first, last;  // token indices
        Token whole;
    };
    std::vector<Span> spans;
    for (const auto& n : nodes) {
        bool user = n.features.size() > 9 && n.features[9] == "USER";
        if (!user) {
            Token tok = make_token(n, 0, false);
            tok.position = pos++;
            a.tokens.push_back(std::move(tok));
            continue;
        }
        Token whole = make_token(n, 0, true);
        whole.content = true;
        whole.noun_like = true;
        auto parts = impl_->parse(impl_->system_model, impl_->system_tagger, n.surface);
        size_t first = a.tokens.size();
        for (const auto& p : parts) {
            Token tok = make_token(p, n.begin, false);
            tok.position = pos++;
            a.tokens.push_back(std::move(tok));
        }
        whole.position = a.tokens[first].position;
        spans.push_back({first, a.tokens.size() - 1, std::move(whole)});
    }
    a.next_position = pos;

    // Words.
    for (const auto& tok : a.tokens)
        if (tok.content)
            a.terms.push_back({TermFamily::Word, tok.base, tok.position, tok.begin, tok.end});
    for (const auto& s : spans) {
        a.terms.push_back({TermFamily::Word, s.whole.base, s.whole.position, s.whole.begin, s.whole.end});
        a.terms.push_back({TermFamily::Compound, s.whole.surface, s.whole.position, s.whole.begin, s.whole.end});
        if (!s.whole.reading.empty())
            a.terms.push_back({TermFamily::Reading, s.whole.reading, s.whole.position, s.whole.begin,
                               s.whole.end});
    }
    // Readings of single words.
    for (const auto& tok : a.tokens)
        if (tok.content && !tok.reading.empty())
            a.terms.push_back({TermFamily::Reading, tok.reading, tok.position, tok.begin, tok.end});

    // Compounds: every sub-run of 2..4 consecutive noun-like tokens, and the whole run.
    constexpr size_t kMaxSubRun = 4;
    for (size_t i = 0; i < a.tokens.size();) {
        if (!a.tokens[i].noun_like) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < a.tokens.size() && a.tokens[j].noun_like) ++j;
        const size_t n = j - i;
        for (size_t s = i; s < j; ++s) {
            std::string surface, reading;
            bool reading_ok = true;
            for (size_t e = s; e < j; ++e) {
                surface += a.tokens[e].surface;
                if (a.tokens[e].reading.empty()) reading_ok = false;
                reading += a.tokens[e].reading;
                const size_t len = e - s + 1;
                if (len < 2) continue;
                if (len > kMaxSubRun && !(s == i && e == j - 1)) continue;
                a.terms.push_back({TermFamily::Compound, surface, a.tokens[s].position,
                                   a.tokens[s].begin, a.tokens[e].end});
                if (reading_ok)
                    a.terms.push_back({TermFamily::Reading, reading, a.tokens[s].position,
                                       a.tokens[s].begin, a.tokens[e].end});
            }
        }
        (void)n;
        i = j;
    }

    // Character bigrams over runs of word characters; positions count characters.
    {
        auto chars = utf8_chars(norm);
        size_t byte = 0;
        std::vector<size_t> starts;
        starts.reserve(chars.size() + 1);
        for (const auto& c : chars) {
            starts.push_back(byte);
            byte += c.size();
        }
        starts.push_back(byte);
        unsigned cpos = first_position * 2;  // its own position space, well apart per field
        for (size_t k = 0; k + 1 < chars.size(); ++k) {
            if (is_bigram_char(chars[k]) && is_bigram_char(chars[k + 1]) && chars[k] != " " &&
                chars[k + 1] != " ") {
                auto [ob, oe] = a.normalized.to_original(starts[k], starts[k + 2]);
                a.terms.push_back({TermFamily::Bigram, chars[k] + chars[k + 1],
                                   cpos + static_cast<unsigned>(k), ob, oe});
            }
        }
    }
    return a;
}

const JapaneseAnalyzer& default_analyzer() {
    static const JapaneseAnalyzer analyzer;
    return analyzer;
}

}  // namespace plan
