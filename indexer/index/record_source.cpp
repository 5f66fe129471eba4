#include "record_source.h"

#include <filesystem>
#include <iostream>

#include "input_error.h"

namespace plan {

DocumentsSource::DocumentsSource(const std::vector<std::vector<ProjectRecord>>& documents)
    : documents_(documents) {
    for (const auto& d : documents_) total_ += d.size();
}

bool DocumentsSource::next(std::vector<PendingRecord>& batch, size_t max) {
    size_t taken = 0;
    while (taken < max && doc_ < documents_.size()) {
        if (rec_ == documents_[doc_].size()) {
            ++doc_;
            rec_ = 0;
            continue;
        }
        PendingRecord p;
        p.record = documents_[doc_][rec_++];
        p.ordinal = static_cast<unsigned>(doc_ + 1);
        batch.push_back(std::move(p));
        ++taken;
    }
    return taken > 0;
}

JsonlSource::JsonlSource(const std::string& file)
    : file_(file), display_(file == "-" ? "<stdin>" : file) {
    if (file_ != "-") {
        in_.open(file_, std::ios::binary);
        if (!in_) throw InputError(file_, "cannot open the JSONL input");
        std::error_code ec;
        size_ = static_cast<double>(std::filesystem::file_size(file_, ec));
    }
}

bool JsonlSource::next(std::vector<PendingRecord>& batch, size_t max) {
    std::istream& in = file_ == "-" ? std::cin : in_;
    size_t taken = 0;
    std::string line;
    while (taken < max && std::getline(in, line)) {
        ++line_no_;
        read_bytes_ += static_cast<double>(line.size() + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        PendingRecord p;
        p.line = std::move(line);
        p.line_no = line_no_;
        p.ordinal = 1;
        batch.push_back(std::move(p));
        ++taken;
    }
    return taken > 0;
}

double JsonlSource::fraction_read() const { return size_ > 0 ? read_bytes_ / size_ : -1; }

void JsonlSource::complete(PendingRecord& item) const {
    ProjectRecord& r = item.record;
    const int line = static_cast<int>(item.line_no);
    try {
        nlohmann::json::parse(item.line).get_to(r);
    } catch (const std::exception& e) {
        throw InputError(at_line(display_, line), std::string("bad JSONL record: ") + e.what());
    }
    std::string().swap(item.line);  // the record holds it now
    if (r.document.id.empty()) r.document = {"jsonl", "", 0};
    if (r.source.file.empty()) r.source = {display_, "", line, line};
    if (r.city.empty()) throw InputError(at_line(display_, line), "record has no city");
    if (r.id.empty()) {
        r.id = r.document.id + "-" + std::to_string(r.source.line);
        item.derived_id = true;
    }
}

}  // namespace plan
