#pragma once
// How many SMS parts a text takes, counted as the networks do: the GSM 03.38 7-bit default
// alphabet (an extension-table character takes two septets) allows 160 septets in one part and
// 153 per part when concatenated; any other text is sent in UCS-2, 70 UTF-16 code units in one
// part and 67 per part (a character outside the BMP, like most emoji, takes two units).
#include <cstdint>
#include <string>
#include <string_view>

namespace ovhmock::sms {

struct Segments {
  std::string encoding;     // "7bits" or "unicode" (sms.EncodingEnum)
  std::int64_t length = 0;  // septets (7bits) or UTF-16 code units (unicode)
  std::int64_t parts = 1;   // SMS parts; an empty text still takes one
};

// `text` is UTF-8 (invalid bytes count as one UCS-2 unit each).
Segments count_segments(std::string_view text);

}  // namespace ovhmock::sms
