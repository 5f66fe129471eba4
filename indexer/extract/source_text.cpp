#include "source_text.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <fstream>
#include <sstream>

#include "input_error.h"

namespace plan {

namespace {

int line_of(const std::string& bytes, size_t offset) {
    int line = 1;
    for (size_t i = 0; i < offset && i < bytes.size(); ++i)
        if (bytes[i] == '\n') ++line;
    return line;
}

// Offset of the first invalid UTF-8 sequence, or npos.
size_t first_invalid_utf8(const std::string& s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const int32_t len = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < len;) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c < 0) return static_cast<size_t>(start);
    }
    return std::string::npos;
}

std::string convert(const std::string& bytes, const char* charset, const std::string& where) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(charset, &status);
    if (U_FAILURE(status)) throw InputError(where, std::string("ICU has no converter for ") + charset);
    ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), conv, status);
    ucnv_close(conv);
    if (U_FAILURE(status)) throw InputError(where, std::string("invalid ") + charset + " byte sequence");
    std::string out;
    u.toUTF8String(out);
    return out;
}

bool looks_like_shift_jis(const std::string& bytes) {
    // Shift_JIS lead bytes 0x81-0x9F / 0xE0-0xFC followed by trail bytes 0x40-0xFC (not 0x7F).
    size_t pairs = 0, bad = 0;
    for (size_t i = 0; i < bytes.size(); ++i) {
        auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80 || (c >= 0xA1 && c <= 0xDF)) continue;
        if (((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) && i + 1 < bytes.size()) {
            auto t = static_cast<unsigned char>(bytes[i + 1]);
            if (t >= 0x40 && t <= 0xFC && t != 0x7F) {
                ++pairs;
                ++i;
                continue;
            }
        }
        ++bad;
    }
    return pairs > 0 && bad == 0;
}

}  // namespace

std::string decode_to_utf8(const std::string& bytes, const std::string& where, std::string* encoding) {
    auto set = [&](const char* e) {
        if (encoding) *encoding = e;
    };
    if (bytes.empty()) throw InputError(where, "empty file");
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xFE) {
        set("UTF-16LE");
        return convert(bytes.substr(2), "UTF-16LE", where);
    }
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFE &&
        static_cast<unsigned char>(bytes[1]) == 0xFF) {
        set("UTF-16BE");
        return convert(bytes.substr(2), "UTF-16BE", where);
    }
    std::string body = bytes;
    if (body.size() >= 3 && body.compare(0, 3, "\xEF\xBB\xBF") == 0) body.erase(0, 3);
    if (auto nul = body.find('\0'); nul != std::string::npos)
        throw InputError(at_line(where, line_of(body, nul)),
                         "NUL byte: this looks like a binary file, not text");
    size_t bad = first_invalid_utf8(body);
    if (bad == std::string::npos) {
        set("UTF-8");
        return body;
    }
    if (looks_like_shift_jis(body)) {
        set("Shift_JIS");
        return convert(body, "windows-31j", where);
    }
    throw InputError(at_line(where, line_of(body, bad)),
                     "invalid UTF-8 byte sequence (and not Shift_JIS/CP932 or UTF-16 with a BOM)");
}

SourceText load_source_text(const std::filesystem::path& path, const std::string& display_name,
                            const std::string& encoding) {
    SourceText st;
    st.file = display_name.empty() ? path.string() : display_name;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(st.file, "cannot open file");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text;
    if (encoding.empty()) {
        text = decode_to_utf8(ss.str(), st.file, &st.encoding);
    } else {
        st.encoding = encoding;
        text = convert(ss.str(), encoding.c_str(), st.file);
        if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // a BOM is not text
    }
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        st.lines.push_back(std::move(line));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    if (!st.lines.empty() && st.lines.back().empty()) st.lines.pop_back();  // final newline
    return st;
}

}  // namespace plan
