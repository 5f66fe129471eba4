// Fuzz target: the input decoder (BOM, UTF-16, Shift_JIS/CP932, invalid UTF-8, NUL).
// Either InputError, or valid UTF-8 without NUL bytes comes out — readers rely on both.
#include <unicode/utf8.h>

#include <cstdlib>
#include <iostream>

#include "fuzz_input.h"
#include "input_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string out;
    try {
        out = plan::decode_to_utf8(plan::fuzz::bytes_of(data, size), "fuzz.txt");
    } catch (const plan::InputError&) {
        return 0;
    }
    const auto* p = reinterpret_cast<const uint8_t*>(out.data());
    const auto len = static_cast<int32_t>(out.size());
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c <= 0) {  // U+0000 from UTF-16 was a finding (decoder/utf16-nul-characters)
            std::cerr << "decoder produced " << (c == 0 ? "a NUL byte" : "invalid UTF-8")
                      << " at byte " << i << "\n";
            std::abort();
        }
    }
    return 0;
}
