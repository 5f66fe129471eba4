#include "shard_layout.h"

#include <cstdio>
#include <fstream>

#include "input_error.h"

namespace plan {

namespace fs = std::filesystem;

ShardBy parse_shard_by(const std::string& name) {
    if (name == "city") return ShardBy::City;
    if (name == "prefecture") return ShardBy::Prefecture;
    if (name == "document") return ShardBy::Document;
    throw InputError("--shard-by", "'" + name + "' is not one of city, prefecture, document");
}

std::string shard_by_name(ShardBy by) {
    switch (by) {
        case ShardBy::City:
            return "city";
        case ShardBy::Prefecture:
            return "prefecture";
        case ShardBy::Document:
            return "document";
        case ShardBy::None:
            break;
    }
    return "";
}

std::string shard_key(const ProjectRecord& r, ShardBy by) {
    switch (by) {
        case ShardBy::City:
            return r.city;
        case ShardBy::Prefecture:
            return r.prefecture;
        case ShardBy::Document:
            return r.document.id;
        case ShardBy::None:
            break;
    }
    return "";
}

namespace {

// FNV-1a: stable across runs and machines, so `add` routes a record where `build` put it.
uint64_t stable_hash(const std::string& s) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

}  // namespace

std::string shard_name(const std::string& key, const ShardSpec& spec) {
    if (spec.count > 0) return "part-" + std::to_string(stable_hash(key) % spec.count);
    std::string out = shard_by_name(spec.by) + "-";
    for (unsigned char c : key) {
        if (c < 0x20 || c == '/' || c == '%' || c == 0x7f) {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    if (key.empty()) out += "%00";  // records without the value still get a shard of their own
    return out;
}

std::vector<StubEntry> read_stub(const fs::path& stub) {
    std::ifstream in(stub);
    if (!in) throw InputError(stub.string(), "cannot read the stub file");
    std::vector<StubEntry> out;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto sp = line.find(' ');
        if (sp == std::string::npos || sp + 1 == line.size())
            throw InputError(stub.string() + ":" + std::to_string(n),
                             "expected '<type> <path or address>', got '" + line + "'");
        out.push_back({line.substr(0, sp), line.substr(sp + 1)});
    }
    return out;
}

void write_stub(const fs::path& stub, const std::vector<std::string>& shard_folders) {
    const fs::path tmp = stub.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const auto& s : shard_folders) out << "auto " << s << "\n";
        out.flush();
        if (!out) throw InputError(tmp.string(), "cannot write the stub file");
    }
    fs::rename(tmp, stub);  // readers see the old list or the new one, never half a file
}

}  // namespace plan
