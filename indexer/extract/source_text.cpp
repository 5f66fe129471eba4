#include "source_text.h"

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <fstream>
#include <memory>
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

struct Utf8Check {
    size_t first_invalid = std::string::npos;
    size_t invalid = 0;
    size_t multibyte = 0;  // well-formed sequences of 2-4 bytes
};

Utf8Check check_utf8(const std::string& s) {
    Utf8Check r;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const int32_t len = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < len;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c < 0) {
            if (r.first_invalid == std::string::npos) r.first_invalid = static_cast<size_t>(start);
            ++r.invalid;
        } else if (i - start > 1) {
            ++r.multibyte;
        }
    }
    return r;
}

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};

// Convert with ICU, stopping at the first byte sequence that is invalid in `charset`; the error
// names the line (counted in the text decoded so far) and the offending bytes.
std::string convert(const std::string& bytes, const char* charset, const std::string& charset_name,
                    const std::string& where) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset, &status));
    if (U_FAILURE(status))
        throw InputError(where, std::string("ICU has no converter for ") + charset);
    ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::u16string target(bytes.size() + 2, u'\0');  // never more UTF-16 units than bytes
    const char* src = bytes.data();
    UChar* dst = target.data();
    ucnv_toUnicode(conv.get(), &dst, target.data() + target.size(), &src,
                   bytes.data() + bytes.size(), nullptr, true, &status);
    target.resize(static_cast<size_t>(dst - target.data()));
    if (U_FAILURE(status)) {
        int line = 1;
        for (char16_t c : target)
            if (c == u'\n') ++line;
        char bad[8];
        int8_t len = static_cast<int8_t>(sizeof bad);
        UErrorCode e2 = U_ZERO_ERROR;
        ucnv_getInvalidChars(conv.get(), bad, &len, &e2);
        std::string hex;
        for (int8_t i = 0; i < len; ++i) {
            static const char* digits = "0123456789ABCDEF";
            const auto b = static_cast<unsigned char>(bad[i]);
            hex += std::string(i ? " " : "") + "0x" + digits[b >> 4] + digits[b & 15];
        }
        throw InputError(at_line(where, line), "invalid " + charset_name + " byte sequence" +
                                                   (hex.empty() ? "" : " (" + hex + ")"));
    }
    std::string out;
    out.reserve(target.size() * 3 / 2);
    for (size_t i = 0; i < target.size(); ++i) {
        UChar32 c = target[i];
        if (U16_IS_LEAD(c) && i + 1 < target.size() && U16_IS_TRAIL(target[i + 1]))
            c = U16_GET_SUPPLEMENTARY(c, target[++i]);
        char buf[4];
        int32_t n = 0;
        UBool error = false;
        U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, error);
        if (error) throw InputError(where, "invalid " + charset_name + " text (lone surrogate)");
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

bool looks_like_shift_jis(const std::string& bytes) {
    // Lead bytes 0x81-0x9F / 0xE0-0xFC followed by trail bytes 0x40-0xFC (not 0x7F); mostly
    // pairs, so that one broken pair is reported as bad Shift_JIS, not as bad UTF-8.
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
    return pairs > 0 && bad * 20 <= pairs;
}

// UTF-16 without a BOM: text with line breaks and ASCII has a NUL in every pair that holds
// them, always on the same side (the high byte). A binary file has NULs on both sides.
const char* utf16_without_bom(const std::string& bytes) {
    if (bytes.size() < 4 || bytes.size() % 2 != 0) return nullptr;
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < bytes.size(); ++i)
        if (bytes[i] == '\0') ++(i % 2 == 0 ? even : odd);
    const size_t pairs = bytes.size() / 2;
    // The other side may hold a few NULs too (U+3000, U+4E00 … end in a zero byte).
    if (odd * 100 >= pairs && even * 4 <= odd) return "UTF-16LE";
    if (even * 100 >= pairs && odd * 4 <= even) return "UTF-16BE";
    return nullptr;
}

// A control character that text never holds (NUL, ESC, …; tab, line breaks and form feed are
// fine): the file is binary, or was decoded with the wrong encoding.
void reject_control_characters(const std::string& text, const std::string& where) {
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
            char code[8];
            std::snprintf(code, sizeof code, "0x%02X", c);
            throw InputError(at_line(where, line_of(text, i)),
                             std::string(c == 0 ? "NUL byte" : "control character ") +
                                 (c == 0 ? "" : code) +
                                 ": this looks like a binary file, not text");
        }
    }
}

}  // namespace

std::string decode_to_utf8(const std::string& bytes, const std::string& where,
                           std::string* encoding) {
    auto set = [&](const char* e) {
        if (encoding) *encoding = e;
    };
    if (bytes.empty()) throw InputError(at_line(where, 1), "empty file: no text to read");
    std::string text;
    if (bytes.starts_with("\xFF\xFE")) {
        set("UTF-16LE");
        text = convert(bytes.substr(2), "UTF-16LE", "UTF-16LE", where);
    } else if (bytes.starts_with("\xFE\xFF")) {
        set("UTF-16BE");
        text = convert(bytes.substr(2), "UTF-16BE", "UTF-16BE", where);
    } else if (const char* utf16 = utf16_without_bom(bytes)) {
        set(utf16);
        text = convert(bytes, utf16, utf16, where);
    } else {
        text = bytes.starts_with("\xEF\xBB\xBF") ? bytes.substr(3) : bytes;
        reject_control_characters(text, where);  // NUL bytes before any guessing
        const Utf8Check utf8 = check_utf8(text);
        // Shift_JIS text almost never forms valid UTF-8 sequences by chance: a file that mostly
        // does is UTF-8 with a broken byte, and the error points at it.
        if (utf8.invalid == 0) {
            set("UTF-8");
        } else if (utf8.multibyte <= utf8.invalid && looks_like_shift_jis(text)) {
            set("Shift_JIS");
            text = convert(text, "windows-31j", "Shift_JIS/CP932", where);
        } else {
            throw InputError(
                at_line(where, line_of(text, utf8.first_invalid)),
                "invalid UTF-8 byte sequence (the file is neither UTF-8, Shift_JIS/CP932 "
                "nor UTF-16)");
        }
    }
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a BOM inside UTF-16
    reject_control_characters(text, where);
    if (text.find_first_not_of(" \t\r\n\f\v") == std::string::npos)
        throw InputError(at_line(where, 1), "empty file: no text to read");
    return text;
}

namespace {
// Split decoded text into lines (LF, CRLF or a lone CR) and enforce the line-length limit.
void split_lines(const std::string& text, SourceText& st) {
    std::string line;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n' || c == '\r') {
            st.lines.push_back(std::move(line));
            line.clear();
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            line += c;
        }
    }
    if (!line.empty()) st.lines.push_back(std::move(line));  // no final newline
    // No plan line is anywhere near this long; a longer one is a file that is not a plan (and
    // the readers' regular expressions would recurse too deep on it).
    constexpr size_t kMaxLineBytes = 1 << 20;
    for (size_t i = 0; i < st.lines.size(); ++i)
        if (st.lines[i].size() > kMaxLineBytes)
            throw InputError(
                at_line(st.file, static_cast<int>(i) + 1),
                "line of " + std::to_string(st.lines[i].size()) + " bytes exceeds the 1 MiB limit");
}
}  // namespace

SourceText source_text_from_bytes(const std::string& bytes, const std::string& name) {
    SourceText st;
    st.file = name;
    split_lines(decode_to_utf8(bytes, name, &st.encoding), st);
    return st;
}

SourceText load_source_text(const std::filesystem::path& path, const std::string& display_name,
                            const std::string& encoding) {
    const std::string name = display_name.empty() ? path.string() : display_name;
    if (std::filesystem::is_directory(path)) throw InputError(name, "is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(name, "cannot open file");
    std::stringstream ss;
    ss << in.rdbuf();
    if (encoding.empty()) return source_text_from_bytes(ss.str(), name);
    SourceText st;
    st.file = name;
    st.encoding = encoding;
    std::string text = convert(ss.str(), encoding.c_str(), encoding.c_str(), st.file);
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a BOM is not text
    split_lines(text, st);
    return st;
}

}  // namespace plan
