#include "jsonl_reader.h"

#include "input_error.h"
#include "text_cleanup.h"

namespace plan {

std::vector<ProjectRecord> JsonlReader::read(const SourceText& text, const DocumentInfo& info,
                                             ExtractReport& report) const {
    std::vector<ProjectRecord> out;
    for (size_t i = 0; i < text.lines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        if (trim(text.lines[i]).empty()) continue;
        ProjectRecord r;
        try {
            nlohmann::json::parse(text.lines[i]).get_to(r);
        } catch (const std::exception& e) {
            throw InputError(at_line(text.file, line), std::string("bad JSONL record: ") + e.what());
        }
        // Fields the record leaves empty come from the document (manifest or command line).
        if (r.city.empty()) r.city = info.city;
        if (r.prefecture.empty()) r.prefecture = info.prefecture;
        if (r.document.id.empty()) r.document = {info.id, info.title, info.year};
        if (r.source.file.empty()) r.source = {info.file, info.origin, line, line};
        if (r.city.empty()) throw InputError(at_line(text.file, line), "record has no city");
        report.count(r);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace plan
