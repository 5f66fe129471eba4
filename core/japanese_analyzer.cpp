#include "japanese_analyzer.h"

#include <mecab.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

namespace plan {

namespace {

// Debian's UTF-8 build of IPADIC (package mecab-ipadic-utf8): the dictionary dict/ is compiled
// against (CMake's IPADIC_SOURCE_DIR is its source).
constexpr const char* kDebianIpadic = "/var/lib/mecab/dic/ipadic-utf8";

// MeCab feature fields: IPADIC's nine, then ours in the user dictionary.
enum FeatureField : size_t {
    kPos1 = 0,
    kPos2 = 1,
    kBase = 6,
    kReading = 7,
    kUserMark = 9,   // "USER" on our entries
    kUserParts = 10  // optional: the entry's parts, '/'-separated (地域おこし/協力/隊)
};

// The comma-separated feature string of a node, split without copying. The views point into
// the dictionary, which outlives every parse.
class Features {
public:
    explicit Features(const char* feature) {
        const char* start = feature;
        for (const char* p = feature;; ++p) {
            if (*p == ',' || *p == '\0') {
                if (count_ < fields_.size()) fields_[count_++] = std::string_view(start, p - start);
                if (*p == '\0') break;
                start = p + 1;
            }
        }
    }
    std::string_view operator[](size_t i) const { return i < count_ ? fields_[i] : std::string_view(); }
    bool known(size_t i) const { return i < count_ && !fields_[i].empty() && fields_[i] != "*"; }

private:
    std::array<std::string_view, 12> fields_{};
    size_t count_ = 0;
};

struct RawNode {
    std::string_view surface;
    Features features;
    size_t begin, end;  // in the parsed sentence
};

// Words that are grammatical glue even though MeCab tags them as content words.
bool is_function_base(std::string_view base) {
    static const std::unordered_set<std::string_view> s = {
        "する", "いる", "ある", "なる", "れる", "られる", "せる", "させる", "こと", "もの",
        "ため", "よう", "これ", "それ", "ほか", "等", "など", "できる", "おる"};
    return s.count(base) > 0;
}

bool is_content(const Features& f) {
    const std::string_view p1 = f[kPos1], p2 = f[kPos2];
    if (p1 == "名詞") return p2 != "非自立" && p2 != "代名詞";
    if (p1 == "動詞" || p1 == "形容詞") return p2 == "自立";
    return false;
}

bool is_noun_like(const Features& f) {
    const std::string_view p1 = f[kPos1], p2 = f[kPos2];
    if (p1 == "名詞") return p2 != "非自立" && p2 != "代名詞";
    if (p1 == "接頭詞") return p2 == "名詞接続" || p2 == "数接続";
    return false;
}

// Dictionary base forms are already NFKC except for ASCII capitals, full/half-width forms
// (U+FFxx, lead byte EF) and a few compatibility symbols (lead byte E2, E3 8x/9x ㈱ ㍉): only
// those need ICU, which keeps the per-token cost down.
bool needs_fold(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c >= 'A' && c <= 'Z') || c == 0xEF || c == 0xE2) return true;
        if (c == 0xE3 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x88 &&
            static_cast<unsigned char>(s[i + 1]) <= 0x8F)
            return true;
    }
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

struct LatticeDeleter {
    void operator()(MeCab::Lattice* l) const { delete l; }
};
using LatticePtr = std::unique_ptr<MeCab::Lattice, LatticeDeleter>;

// Tagger::parse(Lattice*) is thread-safe; each call brings its own lattice.
std::vector<RawNode> parse(MeCab::Tagger* t, MeCab::Lattice* lattice,
                                  std::string_view text) {
    std::vector<RawNode> out;
    lattice->set_sentence(text.data(), text.size());
    if (!t->parse(lattice)) {
        std::string err = lattice->what() ? lattice->what() : "unknown";
        throw std::runtime_error("MeCab failed: " + err);
    }
    const char* base = lattice->sentence();
    for (const MeCab::Node* n = lattice->bos_node(); n; n = n->next) {
        if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE) continue;
        const auto b = static_cast<size_t>(n->surface - base);
        out.push_back({std::string_view(n->surface, n->length), Features(n->feature), b,
                       b + n->length});
    }
    return out;
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
    if (const char* env = std::getenv("PLAN_SEARCH_SYSTEM_DICT"); env && *env) {
        o.system_dict_dir = env;
    } else if (std::filesystem::exists(std::filesystem::path(kDebianIpadic) / "sys.dic")) {
        o.system_dict_dir = kDebianIpadic;
    }
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
    const MeCab::DictionaryInfo* info = impl_->system_model->dictionary_info();
    const std::string system_name =
        info && info->filename ? std::filesystem::path(info->filename).parent_path().filename().string()
                               : "default";
    version_ = "plan-analyzer/2 sysdict=" + system_name + " userdict=" + file_digest(options.user_dict);
}

JapaneseAnalyzer::~JapaneseAnalyzer() = default;

namespace {

// Builds the Analysis from MeCab nodes: tokens, user entries, then terms by family.
class TermBuilder {
public:
    TermBuilder(Analysis& a, const TextNormalizer& normalizer, unsigned first_position)
        : a_(a), normalizer_(normalizer), first_position_(first_position), pos_(first_position) {}

    Token make_token(const RawNode& n, size_t offset) const {
        Token tok;
        tok.surface.assign(n.surface);
        const Features& f = n.features;
        tok.pos.assign(f[kPos1]);
        if (f.known(kPos2)) {
            tok.pos += ',';
            tok.pos += f[kPos2];
        }
        if (!f.known(kBase)) {
            tok.base = tok.surface;
        } else if (needs_fold(f[kBase])) {
            tok.base = normalizer_.fold(f[kBase]);
        } else {
            tok.base.assign(f[kBase]);
        }
        fold_long_vowel(tok.base);
        if (f.known(kReading))
            tok.reading = katakana_to_hiragana(f[kReading]);
        else if (is_all_katakana(tok.surface) || is_all_hiragana(tok.surface))
            tok.reading = katakana_to_hiragana(tok.surface);
        fold_long_vowel(tok.reading);
        auto [ob, oe] = a_.normalized.to_original(offset + n.begin, offset + n.end);
        tok.begin = ob;
        tok.end = oe;
        tok.content = is_content(f) && !is_function_base(tok.base);
        tok.noun_like = is_noun_like(f);
        return tok;
    }

    void add_system_token(const RawNode& n) {
        Token tok = make_token(n, 0);
        tok.position = pos_++;
        a_.tokens.push_back(std::move(tok));
    }

    /// A user-dictionary entry. Listed parts "a/b/c" become the tokens (so 協力隊 and 協力 match
    /// inside 地域おこし協力隊), each analyzed with the full dictionary so a part may itself be
    /// an entry (マイナンバー in マイナンバーカード); a single listed part equal to the entry keeps it
    /// whole (協働); without parts, IPADIC splits it. The whole is remembered over its tokens.
    void add_user_entry(const RawNode& n, MeCab::Tagger* tagger, MeCab::Lattice* lattice,
                        MeCab::Tagger* system_tagger, MeCab::Lattice* system_lattice) {
        Token whole = make_token(n, 0);
        whole.user_dict = true;
        whole.content = true;
        whole.noun_like = true;
        const size_t first = a_.tokens.size();
        std::vector<std::string_view> parts;
        const std::string_view listed = n.features[kUserParts];
        std::string joined;
        for (size_t s = 0; !listed.empty() && s <= listed.size();) {
            size_t e = listed.find('/', s);
            if (e == std::string_view::npos) e = listed.size();
            parts.push_back(listed.substr(s, e - s));
            joined += parts.back();
            s = e + 1;
        }
        if (parts.size() == 1 && joined == n.surface) {
            Token tok = whole;
            tok.position = pos_++;
            a_.tokens.push_back(std::move(tok));
        } else if (!parts.empty() && joined == n.surface) {
            size_t offset = n.begin;
            for (auto part : parts) {
                for (const auto& p : parse(tagger, lattice, part)) {
                    Token tok = make_token(p, offset);
                    tok.user_dict = p.features[kUserMark] == "USER";
                    if (tok.user_dict) tok.content = true;
                    tok.noun_like = true;  // the entry is a noun: its parts join compounds
                    tok.position = pos_++;
                    a_.tokens.push_back(std::move(tok));
                }
                offset += part.size();
            }
        } else {
            for (const auto& p : parse(system_tagger, system_lattice, n.surface)) {
                Token tok = make_token(p, n.begin);
                tok.noun_like = true;
                tok.position = pos_++;
                a_.tokens.push_back(std::move(tok));
            }
        }
        if (a_.tokens.size() == first) return;
        whole.position = a_.tokens[first].position;
        entry_first_.push_back(first);
        entry_last_.push_back(a_.tokens.size() - 1);
        a_.user_entries.push_back(std::move(whole));
    }

    void finish() {
        a_.next_position = pos_;
        a_.terms.reserve(a_.tokens.size() * 6 + a_.normalized.text.size() / 2);
        add_words_and_readings();
        add_user_entry_terms();
        add_compounds();
        add_bigrams();
    }

private:
    Analysis& a_;
    const TextNormalizer& normalizer_;
    const unsigned first_position_;
    unsigned pos_;
    std::vector<size_t> entry_first_, entry_last_;  // token range of each user entry

    void add(TermFamily family, std::string text, const Token& from, const Token& to) {
        a_.terms.push_back({family, std::move(text), from.position, from.begin, to.end});
    }

    void add_words_and_readings() {
        for (const auto& tok : a_.tokens) {
            if (!tok.content) continue;
            add(TermFamily::Word, tok.base, tok, tok);
            if (!tok.reading.empty()) add(TermFamily::Reading, tok.reading, tok, tok);
        }
    }

    void add_user_entry_terms() {
        for (size_t e = 0; e < a_.user_entries.size(); ++e) {
            const Token& whole = a_.user_entries[e];
            const Token& last = a_.tokens[entry_last_[e]];
            if (entry_first_[e] == entry_last_[e] && last.user_dict) continue;  // kept whole
            add(TermFamily::Word, whole.base, whole, last);
            if (entry_first_[e] == entry_last_[e]) {
                // One part: its compound term is not made below; the entry is still a compound.
                std::string k = whole.surface;
                fold_long_vowel(k);
                add(TermFamily::Compound, std::move(k), whole, last);
            }
            if (!whole.reading.empty()) add(TermFamily::Reading, whole.reading, whole, last);
        }
    }

    // Every sub-run of 2..4 consecutive noun-like tokens, and each whole run; text is the
    // concatenated surfaces (long vowel folded at the end, like words).
    void add_compounds() {
        constexpr size_t kMaxSubRun = 4;
        const auto& toks = a_.tokens;
        for (size_t i = 0; i < toks.size();) {
            if (!toks[i].noun_like) {
                ++i;
                continue;
            }
            size_t j = i;
            while (j < toks.size() && toks[j].noun_like) ++j;
            for (size_t s = i; s < j; ++s) {
                std::string surface, reading;
                bool reading_ok = true;
                // Only the run's first token reaches past kMaxSubRun (to make the whole run).
                const size_t stop = s == i ? j : std::min(j, s + kMaxSubRun);
                for (size_t e = s; e < stop; ++e) {
                    surface += toks[e].surface;
                    if (toks[e].reading.empty()) reading_ok = false;
                    if (reading_ok) reading += toks[e].reading;
                    const size_t len = e - s + 1;
                    if (len < 2) continue;
                    if (len > kMaxSubRun && !(s == i && e == j - 1)) continue;
                    std::string k = surface;
                    fold_long_vowel(k);
                    add(TermFamily::Compound, std::move(k), toks[s], toks[e]);
                    if (reading_ok) {
                        std::string r = reading;
                        fold_long_vowel(r);
                        add(TermFamily::Reading, std::move(r), toks[s], toks[e]);
                    }
                }
            }
            i = j;
        }
        // A user entry whose parts also continue a longer run still has its own compound term.
        for (size_t e = 0; e < a_.user_entries.size(); ++e) {
            const size_t f = entry_first_[e], l = entry_last_[e];
            if (f == l) continue;
            const size_t len = l - f + 1;
            const bool whole_run = (f == 0 || !toks[f - 1].noun_like) &&
                                   (l + 1 == toks.size() || !toks[l + 1].noun_like);
            if (len <= kMaxSubRun || whole_run) continue;  // already made above
            std::string k;
            for (size_t t = f; t <= l; ++t) k += toks[t].surface;
            fold_long_vowel(k);
            add(TermFamily::Compound, std::move(k), toks[f], toks[l]);
        }
    }

    // Character bigrams over runs of letters and digits; positions count characters in their
    // own space (first_position * 2 keeps fields apart).
    void add_bigrams() {
        const std::string& norm = a_.normalized.text;
        const auto* s = reinterpret_cast<const uint8_t*>(norm.data());
        const int32_t len = static_cast<int32_t>(norm.size());
        const unsigned base_pos = first_position_ * 2;
        int32_t prev_begin = -1;  // start of the previous character when it was a word character
        unsigned k = 0;
        for (int32_t i = 0; i < len; ++k) {
            const int32_t begin = i;
            UChar32 c;
            U8_NEXT(s, i, len, c);
            if (c < 0 || !u_isalnum(c)) {
                prev_begin = -1;
                continue;
            }
            if (prev_begin >= 0) {
                auto [ob, oe] = a_.normalized.to_original(static_cast<size_t>(prev_begin),
                                                          static_cast<size_t>(i));
                a_.terms.push_back({TermFamily::Bigram,
                                    norm.substr(static_cast<size_t>(prev_begin),
                                                static_cast<size_t>(i - prev_begin)),
                                    base_pos + k - 1, ob, oe});
            }
            prev_begin = begin;
        }
    }
};

}  // namespace

Analysis JapaneseAnalyzer::analyze(std::string_view text, unsigned first_position) const {
    Analysis a;
    a.normalized = normalizer_.normalize(text);
    const std::string& norm = a.normalized.text;
    if (norm.empty()) {
        a.next_position = first_position;
        return a;
    }
    MeCab::Model* m = impl_->model ? impl_->model : impl_->system_model;
    MeCab::Tagger* t = impl_->tagger ? impl_->tagger : impl_->system_tagger;
    LatticePtr lattice(m->createLattice());
    LatticePtr system_lattice;  // made on the first user entry without listed parts
    TermBuilder builder(a, normalizer_, first_position);
    a.tokens.reserve(norm.size() / 4);
    // Node surfaces point into `norm` and features into the dictionary, so the lattice can be
    // reused for the parts of user entries.
    for (const auto& n : parse(t, lattice.get(), norm)) {
        if (impl_->model && n.features[kUserMark] == "USER") {
            if (!system_lattice) system_lattice.reset(impl_->system_model->createLattice());
            builder.add_user_entry(n, t, lattice.get(), impl_->system_tagger, system_lattice.get());
        } else {
            builder.add_system_token(n);
        }
    }
    builder.finish();
    return a;
}

const JapaneseAnalyzer& default_analyzer() {
    static const JapaneseAnalyzer analyzer;
    return analyzer;
}

}  // namespace plan
