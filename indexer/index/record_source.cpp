#include "record_source.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "input_error.h"

namespace plan {

DocumentsSource::DocumentsSource(const std::vector<std::vector<ProjectRecord>>& documents)
    : documents_(documents) {
    for (const auto& d : documents_) total_ += d.size();
    left_ = total_;
}

DocumentsSource::DocumentsSource(const std::vector<std::vector<ProjectRecord>>& documents,
                                 size_t first, size_t last)
    : documents_(documents), total_(last - first), left_(last - first) {
    while (doc_ < documents_.size() && first >= documents_[doc_].size()) {
        first -= documents_[doc_].size();
        ++doc_;
    }
    rec_ = first;
}

bool DocumentsSource::next(std::vector<PendingRecord>& batch, size_t max) {
    size_t taken = 0;
    while (taken < max && left_ > 0 && doc_ < documents_.size()) {
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
        --left_;
    }
    return taken > 0;
}

std::vector<std::unique_ptr<RecordSource>> DocumentsSource::split(unsigned max_parts,
                                                                  size_t min_records) const {
    const size_t parts = std::min<size_t>(max_parts, total_ / std::max<size_t>(1, min_records));
    std::vector<std::unique_ptr<RecordSource>> out;
    if (parts <= 1) return out;
    for (size_t k = 0; k < parts; ++k)
        out.emplace_back(
            new DocumentsSource(documents_, total_ * k / parts, total_ * (k + 1) / parts));
    return out;
}

JsonlSource::JsonlSource(const std::string& file)
    : file_(file), display_(file == "-" ? "<stdin>" : file) {
    if (file_ != "-") {
        in_.open(file_, std::ios::binary);
        if (!in_) throw InputError(file_, "cannot open the JSONL input");
        std::error_code ec;
        end_ = std::filesystem::file_size(file_, ec);
        if (ec) end_ = SIZE_MAX;
    }
}

JsonlSource::JsonlSource(const std::string& file, size_t begin, size_t end, size_t first_line_no)
    : file_(file), display_(file), line_no_(first_line_no), begin_(begin), end_(end) {
    in_.open(file_, std::ios::binary);
    if (!in_) throw InputError(file_, "cannot open the JSONL input");
    in_.seekg(static_cast<std::streamoff>(begin_));
}

bool JsonlSource::next(std::vector<PendingRecord>& batch, size_t max) {
    std::istream& in = file_ == "-" ? std::cin : in_;
    size_t taken = 0;
    std::string line;
    while (taken < max && begin_ + read_bytes_ < end_ && std::getline(in, line)) {
        ++line_no_;
        read_bytes_ += line.size() + 1;
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

double JsonlSource::fraction_read() const {
    if (file_ == "-" || end_ == SIZE_MAX || end_ <= begin_) return -1;
    return std::min(1.0, double(read_bytes_) / double(end_ - begin_));
}

std::vector<std::unique_ptr<RecordSource>> JsonlSource::split(unsigned max_parts,
                                                              size_t min_records) const {
    std::vector<std::unique_ptr<RecordSource>> out;
    if (file_ == "-" || end_ == SIZE_MAX) return out;
    const size_t min_bytes = std::max<size_t>(1, min_records * kBytesPerRecord);
    const size_t size = end_, parts = std::min<size_t>(max_parts, size / min_bytes);
    if (parts <= 1) return out;
    // One pass over the file: each cut is the first line start at or after size * k / parts,
    // and the number of lines before it.
    std::ifstream in(file_, std::ios::binary);
    if (!in) throw InputError(file_, "cannot open the JSONL input");
    std::vector<std::pair<size_t, size_t>> cuts{{0, 0}};  // (byte, lines before it)
    std::vector<char> block(1 << 20);
    size_t at = 0, lines = 0, k = 1;
    while (k < parts && in) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const size_t n = static_cast<size_t>(in.gcount());
        for (const char* p = block.data(); k < parts;) {
            p = static_cast<const char*>(std::memchr(p, '\n', block.data() + n - p));
            if (!p) break;
            ++lines;
            const size_t line_start = at + static_cast<size_t>(p - block.data()) + 1;
            ++p;
            if (line_start >= size * k / parts && line_start < size) {
                cuts.emplace_back(line_start, lines);
                while (k < parts && line_start >= size * k / parts) ++k;
            }
        }
        at += n;
    }
    cuts.emplace_back(size, 0);
    if (cuts.size() <= 2) return out;
    for (size_t i = 0; i + 1 < cuts.size(); ++i)
        out.emplace_back(new JsonlSource(file_, cuts[i].first, cuts[i + 1].first, cuts[i].second));
    return out;
}

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
