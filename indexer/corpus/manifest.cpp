#include "manifest.h"

#include <openssl/evp.h>

#include <fstream>
#include <set>

#include "extract/layout_registry.h"
#include "input_error.h"

namespace plan {

namespace fs = std::filesystem;
using nlohmann::json;

const ManifestDocument* Manifest::find(const std::string& id) const {
    for (const auto& d : documents)
        if (d.id == id) return &d;
    return nullptr;
}

std::string sha256_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string(), "cannot open file");
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    char buf[65536];
    while (in) {
        in.read(buf, sizeof buf);
        EVP_DigestUpdate(ctx, buf, static_cast<size_t>(in.gcount()));
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out.push_back(hex[md[i] >> 4]);
        out.push_back(hex[md[i] & 15]);
    }
    return out;
}

namespace {
std::string required_string(const json& entry, const char* key, const std::string& where) {
    auto it = entry.find(key);
    if (it == entry.end() || !it->is_string() || it->get<std::string>().empty())
        throw InputError(where, std::string("missing or empty string field '") + key + "'");
    return it->get<std::string>();
}
std::string optional_string(const json& entry, const char* key, const std::string& where,
                            const std::string& fallback) {
    auto it = entry.find(key);
    if (it == entry.end() || it->is_null()) return fallback;
    if (!it->is_string())
        throw InputError(where, std::string("field '") + key + "' must be a string");
    return it->get<std::string>();
}
}  // namespace

Manifest load_manifest(const fs::path& corpus_dir) {
    Manifest m;
    m.file = corpus_dir / "manifest.json";
    std::ifstream in(m.file);
    if (!in) throw InputError(m.file.string(), "cannot open manifest (is --corpus right?)");
    json root;
    try {
        root = json::parse(in);
    } catch (const json::parse_error& e) {
        throw InputError(m.file.string(), std::string("malformed JSON: ") + e.what());
    }
    if (!root.is_object() || !root.contains("documents") || !root["documents"].is_array())
        throw InputError(m.file.string(), "expected an object with a 'documents' array");
    std::set<std::string> ids;
    size_t index = 0;
    for (const auto& entry : root["documents"]) {
        const std::string where = m.file.string() + ": documents[" + std::to_string(index++) + "]";
        if (!entry.is_object()) throw InputError(where, "entry must be an object");
        ManifestDocument d;
        d.id = required_string(entry, "id", where);
        const std::string w = m.file.string() + ": document '" + d.id + "'";
        d.file = required_string(entry, "file", w);
        d.origin = optional_string(entry, "origin", w, d.file);
        d.sha256 = required_string(entry, "sha256", w);
        d.city = required_string(entry, "city", w);
        d.prefecture = optional_string(entry, "prefecture", w, "");
        d.title = required_string(entry, "title", w);
        if (!entry.contains("year") || !entry["year"].is_number_integer())
            throw InputError(w, "missing integer field 'year'");
        d.year = entry["year"].get<int>();
        d.layout = required_string(entry, "layout", w);
        layout_named(d.layout, w);  // a registered layout, or the error naming the known ones
        if (entry.contains("options")) d.options = entry["options"];
        if (!ids.insert(d.id).second) throw InputError(w, "duplicate document id");
        d.path = corpus_dir / d.file;
        if (!fs::exists(d.path)) throw InputError(w, "file not found: " + d.path.string());
        m.documents.push_back(std::move(d));
    }
    if (m.documents.empty()) throw InputError(m.file.string(), "no documents listed");
    return m;
}

void verify_checksum(const ManifestDocument& doc) {
    const std::string actual = sha256_file(doc.path);
    if (actual != doc.sha256)
        throw InputError(doc.path.string(), "sha256 mismatch for document '" + doc.id +
                                                "': manifest says " + doc.sha256 + ", file has " +
                                                actual);
}

}  // namespace plan
