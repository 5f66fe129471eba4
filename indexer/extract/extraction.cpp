#include "extraction.h"

#include <filesystem>
#include <ostream>

#include "input_error.h"
#include "layout_registry.h"

namespace plan {

DocumentInfo document_info(const ManifestDocument& doc) {
    DocumentInfo info;
    info.id = doc.id;
    info.file = doc.file;
    info.origin = doc.origin;
    info.city = doc.city;
    info.prefecture = doc.prefecture;
    info.title = doc.title;
    info.layout = doc.layout;
    info.year = doc.year;
    info.options = doc.options;
    return info;
}

namespace {
ExtractedDocument run_reader(const DocumentInfo& info, const std::filesystem::path& path,
                             const std::string& display) {
    ExtractedDocument out;
    out.info = info;
    out.report.document = info.id;
    auto reader = make_reader(info.layout);
    const std::string encoding =
        info.options.is_object() ? info.options.value("encoding", std::string()) : std::string();
    SourceText text = load_source_text(path, display, encoding);
    out.records = reader->read(text, info, out.report);
    // A document that yields nothing was almost surely given the wrong layout: say so rather
    // than index an empty document.
    if (out.records.empty())
        throw InputError(display, "no projects found with layout '" + info.layout + "' (" +
                                      std::to_string(text.lines.size()) + " lines read)");
    assign_ids(out.records);
    return out;
}
}  // namespace

ExtractedDocument extract_document(const ManifestDocument& doc) {
    verify_checksum(doc);
    return run_reader(document_info(doc), doc.path, doc.path.string());
}

ExtractedDocument extract_file(const std::string& path, const std::string& layout,
                               const std::string& city, const std::string& document_id) {
    DocumentInfo info;
    const std::filesystem::path p(path);
    info.id = document_id.empty() ? p.stem().string() : document_id;
    info.file = p.filename().string();
    info.origin = info.file;
    info.city = city;
    info.title = info.id;
    info.layout = layout;
    layout_named(layout, "--layout");  // unknown layout: fail before reading
    return run_reader(info, p, path);
}

void print_report(std::ostream& out, const ExtractReport& r, bool verbose) {
    out << r.document << ": " << r.records << " records";
    for (const auto& [section, n] : r.per_section)
        out << ", " << (section.empty() ? "-" : section) << " " << n;
    out << "\n  flags:";
    if (r.flags.empty()) out << " none";
    for (const auto& [flag, n] : r.flags) out << " " << flag << "=" << n;
    out << "\n  distinct departments: " << r.departments.size() << "\n";
    if (!r.lines.empty()) {  // every line is accounted for: these kinds plus the unclassified
        size_t total = r.unclassified.size();
        for (const auto& [kind, n] : r.lines) total += n;
        out << "  lines: " << total << " =";
        for (const auto& [kind, n] : r.lines) out << " " << kind << " " << n << " +";
        out << " unclassified " << r.unclassified.size() << "\n";
    }
    out << "  unclassified lines: " << r.unclassified.size()
        << (r.unclassified.empty() || verbose ? "" : " (--verbose lists them)") << "\n";
    if (verbose)
        for (const auto& [line, text] : r.unclassified)
            out << "    " << line << ": " << text << "\n";
}

}  // namespace plan
