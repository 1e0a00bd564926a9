#include "api/sms/segments.hpp"

#include <vector>

namespace ovhmock::sms {
namespace {

// The GSM 03.38 basic character set, as Unicode code points (0x1B, the escape, excluded).
constexpr char32_t kBasic[] = {U'@',  U'£', U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'\n', U'Ø', U'ø',
                               U'\r', U'Å', U'å', U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ',  U'Σ', U'Θ',
                               U'Ξ',  U'Æ', U'æ', U'ß', U'É', U' ', U'!', U'"', U'#', U'¤', U'%',  U'&', U'\'',
                               U'(',  U')', U'*', U'+', U',', U'-', U'.', U'/', U':', U';', U'<',  U'=', U'>',
                               U'?',  U'¡', U'Ä', U'Ö', U'Ñ', U'Ü', U'§', U'¿', U'ä', U'ö', U'ñ',  U'ü', U'à'};
// The extension table: each is sent as escape + character, two septets.
constexpr char32_t kExtension[] = {U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€'};

// Septets of one character in GSM 7-bit, 0 when it has none.
int gsm_septets(char32_t c) {
  if ((c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z')) return 1;
  for (char32_t b : kBasic)
    if (b == c) return 1;
  for (char32_t e : kExtension)
    if (e == c) return 2;
  return 0;
}

// UTF-8 to code points; an invalid byte becomes U+FFFD.
std::vector<char32_t> decode(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
    char32_t c = n == 0 ? b : n == 1 ? (b & 0x1F) : n == 2 ? (b & 0x0F) : (b & 0x07);
    bool ok = n >= 0;
    for (int k = 1; ok && k <= n; ++k) {
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
        ok = false;
      else
        c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    if (!ok) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(c);
    i += static_cast<std::size_t>(n) + 1;
  }
  return out;
}

// Parts for units of the given sizes, never splitting one unit (an escape pair or a
// surrogate pair) across two parts.
std::int64_t parts_of(const std::vector<int>& sizes, std::int64_t total, std::int64_t single, std::int64_t multi) {
  if (total <= single) return 1;
  std::int64_t parts = 1, used = 0;
  for (int s : sizes) {
    if (used + s > multi) {
      ++parts;
      used = 0;
    }
    used += s;
  }
  return parts;
}

}  // namespace

Segments count_segments(std::string_view text) {
  const auto chars = decode(text);
  std::vector<int> sizes;
  sizes.reserve(chars.size());
  std::int64_t septets = 0;
  bool gsm = true;
  for (char32_t c : chars) {
    const int n = gsm_septets(c);
    if (n == 0) {
      gsm = false;
      break;
    }
    sizes.push_back(n);
    septets += n;
  }
  Segments s;
  if (gsm) {
    s.encoding = "7bits";
    s.length = septets;
    s.parts = parts_of(sizes, septets, 160, 153);
    return s;
  }
  sizes.clear();
  std::int64_t units = 0;
  for (char32_t c : chars) {
    const int n = c > 0xFFFF ? 2 : 1;
    sizes.push_back(n);
    units += n;
  }
  s.encoding = "unicode";
  s.length = units;
  s.parts = parts_of(sizes, units, 70, 67);
  return s;
}

}  // namespace ovhmock::sms
