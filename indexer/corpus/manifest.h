/** @file manifest.h
 *  @brief Manifest: the list of corpus documents with their origin, city, layout and sha256.
 *
 *  In: corpus/manifest.json. Out: validated ManifestDocument entries; InputError naming the
 *  manifest (and the entry) or the document on any problem.
 */
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace plan {

struct ManifestDocument {
    std::string id;
    std::string file;
    std::string origin;
    std::string sha256;
    std::string city;
    std::string prefecture;
    std::string title;
    int year = 0;
    std::string layout;
    /// Layout-specific settings (e.g. CSV columns).
    nlohmann::json options = nlohmann::json::object();
    std::filesystem::path path;  // resolved file path
};

struct Manifest {
    std::filesystem::path file;
    std::vector<ManifestDocument> documents;

    const ManifestDocument* find(const std::string& id) const;
};

/// Load and validate corpus_dir/manifest.json (fields, unique ids, layouts registered in
/// extract/layout_registry.h, files exist).
Manifest load_manifest(const std::filesystem::path& corpus_dir);

/// Throws InputError naming the document when its sha256 does not match the manifest.
void verify_checksum(const ManifestDocument& doc);

/// Hex SHA-256 of a file's bytes.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace plan
