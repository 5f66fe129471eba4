/** @file layout_registry.h
 *  @brief The document layouts plan-index reads, each registered once: its name, one line of
 *  help, and the factory of its PlanReader.
 *
 *  Everything that names a layout reads this table: make_reader(), the manifest's check of an
 *  entry's "layout", `plan-index extract --layout` (its help), the error for an unknown layout,
 *  and the fuzz targets (fuzz/CMakeLists.txt reads the names from the rows in
 *  layout_registry.cpp and makes one fuzz_reader_<name> each). A new layout is its reader, one row
 *  there, and a seed folder fuzz/seeds/reader_<name>.
 */
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace plan {

class PlanReader;

struct Layout {
    std::string_view name;  // as written in the manifest and after --layout
    std::string_view help;  // one line: the documents it reads
    /// Records come in the JSON contract and may name their own city, document and id; a
    /// layout reader of text (false) gives every record the document's.
    bool structured = false;
    std::unique_ptr<PlanReader> (*make_reader)() = nullptr;
};

/// Every registered layout, in the order help and messages list them.
std::span<const Layout> layouts();

/// The layout called name, or nullptr.
const Layout* find_layout(std::string_view name);

/// The registered layout called name; InputError(where, "unknown layout '…' (known: …)")
/// otherwise.
const Layout& layout_named(std::string_view name, const std::string& where);

/// The names, comma-separated: "tables, policy-pages, …".
std::string layout_names();

/// The reader for a layout; InputError naming --layout (and the known layouts) for an unknown one.
std::unique_ptr<PlanReader> make_reader(std::string_view layout);

}  // namespace plan
