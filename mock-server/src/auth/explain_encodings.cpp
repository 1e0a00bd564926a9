#include "auth/explain_encodings.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "ovhmock/model/json_util.hpp"
#include "ovhmock/model/url.hpp"

namespace ovhmock::explain_detail {
namespace {

constexpr std::size_t kMaxBody = 64 * 1024;

bool all_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Reverses the key order of every object, at every level.
nlohmann::ordered_json reversed_keys(const nlohmann::ordered_json& j) {
  if (j.is_object()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    std::vector<std::pair<std::string, const nlohmann::ordered_json*>> items;
    for (auto it = j.begin(); it != j.end(); ++it) items.emplace_back(it.key(), &it.value());
    for (auto it = items.rbegin(); it != items.rend(); ++it) out[it->first] = reversed_keys(*it->second);
    return out;
  }
  if (j.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& v : j) out.push_back(reversed_keys(v));
    return out;
  }
  return j;
}

// \u00e9 -> \u00E9 in JSON text (only the hex digits of \u escapes).
std::string upper_unicode_escapes(const std::string& s) {
  std::string out = s;
  for (std::size_t i = 0; i + 5 < out.size(); ++i) {
    if (out[i] == '\\' && out[i + 1] == '\\') {
      ++i;
      continue;
    }
    if (out[i] != '\\' || out[i + 1] != 'u') continue;
    for (std::size_t k = i + 2; k < i + 6; ++k)
      out[k] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[k])));
    i += 5;
  }
  return out;
}

}  // namespace

std::optional<std::string> latin1_to_utf8(std::string_view s) {
  if (all_ascii(s)) return std::nullopt;
  std::string out;
  out.reserve(s.size() * 2);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xc0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    }
  }
  return out;
}

std::optional<std::string> utf8_to_latin1(std::string_view s) {
  if (all_ascii(s)) return std::nullopt;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3f);
    }
    out.push_back(cp <= 0xff ? static_cast<char>(cp) : '?');
    i += len;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> reserialised_bodies(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  if (body.empty() || body.size() > kMaxBody || json_nests_deeper_than(body, kMaxJsonDepth)) return out;
  const auto parsed = nlohmann::ordered_json::parse(body, nullptr, false);
  if (parsed.is_discarded()) return out;
  auto add = [&](std::string text, std::string note) {
    if (text == body) return;
    for (const auto& [t, n] : out)
      if (t == text) return;
    out.emplace_back(std::move(text), std::move(note));
  };
  const auto handler = nlohmann::ordered_json::error_handler_t::replace;
  // nlohmann::json (not ordered) keeps object keys sorted.
  const nlohmann::json sorted = nlohmann::json::parse(body, nullptr, false);
  add(sorted.dump(-1, ' ', false, handler), "body signed with its keys sorted, sent in another order");
  add(sorted.dump(-1, ' ', true, handler), "body signed with its keys sorted and non-ASCII escaped");
  const auto reversed = reversed_keys(parsed);
  add(reversed.dump(-1, ' ', false, handler), "body signed with its keys in another order (reversed)");
  add(parsed.dump(2, ' ', false, handler), "body signed pretty-printed (2 spaces), sent compact");
  add(parsed.dump(4, ' ', false, handler), "body signed pretty-printed (4 spaces), sent compact");
  add(parsed.dump(-1, ' ', false, handler), "body signed compact, sent with other spacing");
  add(upper_unicode_escapes(parsed.dump(-1, ' ', true, handler)),
      "body signed with \\u escapes in uppercase hex (\\u00E9), sent otherwise");
  add(upper_unicode_escapes(std::string(body)),
      "body signed with \\u escapes in uppercase hex (\\u00E9), sent lowercase");
  return out;
}

std::vector<std::pair<std::string, std::string>> signature_spellings(std::string_view sent) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](std::string v, std::string note) {
    if (v == sent) return;
    for (const auto& [x, n] : out)
      if (x == v) return;
    out.emplace_back(std::move(v), std::move(note));
  };
  if (sent.find('%') != std::string_view::npos)
    add(percent_decode(sent),
        "X-Ovh-Signature sent percent-encoded (%XX); the API compares the header's bytes as received, "
        "send it as computed");
  std::string_view trimmed = sent;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.remove_suffix(1);
  if (trimmed.size() >= 2 && (trimmed.front() == '"' || trimmed.front() == '\'') && trimmed.back() == trimmed.front()) {
    trimmed.remove_prefix(1);
    trimmed.remove_suffix(1);
    add(std::string(trimmed), "X-Ovh-Signature sent in quotes; send the bare $1$... value");
  }
  std::string lower(sent);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  add(lower, "X-Ovh-Signature sent with uppercase hex digits; the API's signatures are lowercase hex");
  return out;
}

}  // namespace ovhmock::explain_detail
