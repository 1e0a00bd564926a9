// The other variants: the body re-serialised, the timestamp, the method, other keys.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "auth/explain_encodings.hpp"
#include "auth/explain_variants.hpp"
#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/model/url.hpp"

namespace ovhmock::explain_detail {
namespace {

struct JsonStyle {
  bool spaces = false;        // ", " and ": " (Python json.dumps default)
  bool ascii = false;         // non-ASCII as \uXXXX (Python, PHP, node-ovh)
  bool escape_slash = false;  // "/" as "\/" (PHP without JSON_UNESCAPED_SLASHES)
  bool escape_html = false;   // <, >, & as \u003c, \u003e, \u0026 (Go)
};

void serialise(const nlohmann::ordered_json& j, const JsonStyle& style, std::string& out) {
  if (j.is_object()) {
    out.push_back('{');
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!first) out.append(style.spaces ? ", " : ",");
      first = false;
      serialise(nlohmann::ordered_json(it.key()), style, out);
      out.append(style.spaces ? ": " : ":");
      serialise(it.value(), style, out);
    }
    out.push_back('}');
  } else if (j.is_array()) {
    out.push_back('[');
    bool first = true;
    for (const auto& v : j) {
      if (!first) out.append(style.spaces ? ", " : ",");
      first = false;
      serialise(v, style, out);
    }
    out.push_back(']');
  } else if (j.is_string()) {
    std::string s = j.dump(-1, ' ', style.ascii, nlohmann::ordered_json::error_handler_t::replace);
    if (style.escape_slash) s = replace_all(s, "/", "\\/");
    if (style.escape_html) {
      s = replace_all(s, "<", "\\u003c");
      s = replace_all(s, ">", "\\u003e");
      s = replace_all(s, "&", "\\u0026");
    }
    out.append(s);
  } else {
    out.append(j.dump());
  }
}

}  // namespace

// A variant that differs from the request only by its body.
static void add_body(std::vector<OtherVariant>& out, std::string cls, std::string note, std::string body) {
  OtherVariant v;
  v.cls = std::move(cls);
  v.note = std::move(note);
  v.body = std::move(body);
  out.push_back(std::move(v));
}

// Key order, pretty-printing, \u case (explain_encodings.cpp), then the character encoding.
static void add_encoding_variants(std::string_view body, std::vector<OtherVariant>& out) {
  for (auto& [text, note] : reserialised_bodies(body)) add_body(out, "body", std::move(note), std::move(text));
  if (auto utf8 = latin1_to_utf8(body))
    add_body(out, "encoding", "body signed as UTF-8, sent as Latin-1 (ISO-8859-1) bytes: send the bytes you sign",
             std::move(*utf8));
  if (auto latin1 = utf8_to_latin1(body))
    add_body(out, "encoding",
             "body signed as Latin-1 (ISO-8859-1, as java-ovh hashes it), sent as UTF-8: send the bytes you sign",
             std::move(*latin1));
}

// The JSON body re-serialised in the styles of common serialisers, each text once and
// none equal to the body sent.
static void add_reserialised_variants(std::string_view body, std::vector<OtherVariant>& out) {
  // Too deep to re-serialise safely (json_util.hpp): no body variant.
  auto parsed = body.size() <= kMaxBodyToReserialise && !json_nests_deeper_than(body, kMaxJsonDepth)
                    ? nlohmann::ordered_json::parse(body, nullptr, false)
                    : nlohmann::ordered_json(nlohmann::ordered_json::value_t::discarded);
  if (parsed.is_discarded()) return;
  const std::pair<JsonStyle, const char*> styles[] = {
      {{false, true, false, false}, "body signed as compact JSON with non-ASCII escaped (\\u00e9)"},
      {{false, false, false, false}, "body signed as compact JSON with raw UTF-8"},
      {{true, true, false, false}, "body signed with spaces after separators (\", \" and \": \"), non-ASCII escaped"},
      {{true, false, false, false}, "body signed with spaces after separators (\", \" and \": \"), raw UTF-8"},
      {{false, true, true, false}, "body signed with \"/\" escaped as \"\\/\""},
      {{false, false, false, true}, "body signed with <, >, & escaped as \\u003c, \\u003e, \\u0026"},
  };
  std::vector<std::string> seen = {std::string(body)};
  for (const auto& [style, note] : styles) {
    std::string text;
    serialise(parsed, style, text);
    if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
    seen.push_back(text);
    add_body(out, "body", note, std::move(text));
  }
}

// A body sent: re-serialised, in another encoding, or signed empty.
static void add_body_variants(std::string_view body, std::vector<OtherVariant>& out) {
  if (body.empty()) return;
  add_reserialised_variants(body, out);
  add_encoding_variants(body, out);
  add_body(out, "body", "signed an empty body, sent " + std::to_string(body.size()) + " bytes", "");
}

// The timestamp sent ±1, when it is a number.
static void add_timestamp_variants(std::string_view timestamp, std::vector<OtherVariant>& out) {
  std::int64_t ts = 0;
  auto [p, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
  if (ec != std::errc() || p != timestamp.data() + timestamp.size()) return;
  for (int d : {-1, 1}) {
    OtherVariant v;
    v.cls = "timestamp";
    v.note = "signed timestamp " + std::to_string(ts + d) + ", sent " + std::string(timestamp);
    v.timestamp = std::to_string(ts + d);
    out.push_back(std::move(v));
  }
}

// The method in upper case, then in lower case, when that differs from the one sent.
static void add_method_case_variants(std::string_view method, std::vector<OtherVariant>& out) {
  std::string lower(method), upper(method);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& m : {upper, lower}) {
    if (m == method) continue;
    OtherVariant v;
    v.cls = "method-case";
    v.note = "signed method " + m + ", sent " + std::string(method);
    v.method = m;
    out.push_back(std::move(v));
  }
}

// The secrets of other applications (at most kMaxOtherApplications).
static void add_other_secret_variants(const ExplainInput& in, std::vector<OtherVariant>& out) {
  std::size_t tried = 0;
  for (const auto& app : in.other_applications) {
    if (app.secret == in.application_secret || app.key == in.application_key) continue;
    if (++tried > kMaxOtherApplications) break;
    OtherVariant v;
    v.cls = "wrong-secret";
    v.note = "signed with the secret of application " + app.key + " (id " + std::to_string(app.id) +
             "), sent X-Ovh-Application " + std::string(in.application_key);
    v.secret = app.secret;
    v.secret_label = "<AS of " + app.key + ">";
    out.push_back(std::move(v));
  }
}

std::vector<OtherVariant> other_variants(const ExplainInput& in) {
  std::vector<OtherVariant> out;
  add_body_variants(in.body, out);
  add_timestamp_variants(in.timestamp, out);
  add_method_case_variants(in.method, out);
  OtherVariant swapped;
  swapped.cls = "keys-swapped";
  swapped.note = "application secret and consumer key in each other's place";
  swapped.swapped = true;
  out.push_back(std::move(swapped));
  add_other_secret_variants(in, out);
  return out;
}

}  // namespace ovhmock::explain_detail
