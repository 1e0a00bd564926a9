#include "ovhmock/explain.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "explain_encodings.hpp"
#include "ovhmock/json_util.hpp"
#include "ovhmock/signature.hpp"
#include "ovhmock/url.hpp"

namespace ovhmock {
namespace {

constexpr std::size_t kMaxOtherApplications = 64;
constexpr std::size_t kMaxHeaderLine = 1024;
// Bounds on the work one failed request may cause: bodies above this size are not
// re-serialised, and the search stops once this many bytes have been hashed.
constexpr std::size_t kMaxBodyToReserialise = 64 * 1024;
constexpr std::size_t kMaxHashedBytes = 16 * 1024 * 1024;
// A timestamp signed other than sent is searched this many seconds either way.
constexpr std::int64_t kTimestampSearch = 120;

struct UrlVariant {
  std::string url;
  std::vector<std::string> classes;
  std::vector<std::string> notes;
  bool alone = false;  // a query or host change: not combined with the other classes
};

// The names of the loopback interface a client may have signed instead of the one it sent.
constexpr std::string_view kLoopbackHosts[] = {"localhost", "127.0.0.1", "[::1]"};
// OVH's API hosts: a client that keeps its real endpoint but sends to the mock.
constexpr std::string_view kOvhHosts[] = {"eu.api.ovh.com",       "ca.api.ovh.com",     "api.us.ovhcloud.com",
                                          "eu.api.kimsufi.com",   "ca.api.kimsufi.com", "eu.api.soyoustart.com",
                                          "ca.api.soyoustart.com"};

struct OtherVariant {
  std::string cls;
  std::string note;
  std::optional<std::string> body;
  std::optional<std::string> timestamp;
  std::optional<std::string> method;
  bool swapped = false;
  std::string secret;        // empty: the application's own
  std::string secret_label;  // "<AS of …>"
};

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

std::string hex_case(std::string s, bool upper) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] != '%' || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(s[i + 2])))
      continue;
    for (std::size_t k = i + 1; k <= i + 2; ++k)
      s[k] = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(s[k]))
                                     : std::tolower(static_cast<unsigned char>(s[k])));
    i += 2;
  }
  return s;
}

// Query forms a client may have signed instead of the one it sent, with their notes.
std::vector<std::pair<std::string, std::string>> query_variants(const std::string& q) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](std::string v, std::string note) {
    if (v == q) return;
    for (const auto& [existing, n] : out)
      if (existing == v) return;
    out.emplace_back(std::move(v), std::move(note));
  };
  add(replace_all(q, "+", "%20"), "query signed with %20 for spaces, sent with +");
  add(replace_all(q, "%20", "+"), "query signed with + for spaces, sent with %20");
  add(hex_case(q, false), "query signed with lowercase %xx escapes, sent uppercase");
  add(hex_case(q, true), "query signed with uppercase %xx escapes, sent lowercase");
  add(percent_decode(q, true), "query signed unencoded, sent percent-encoded");
  return out;
}

struct SplitUrl {
  std::string scheme, host, port, path, query;
  bool has_query = false;
};

std::optional<SplitUrl> split_url(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  SplitUrl s;
  s.scheme = std::string(url.substr(0, sep));
  std::string_view rest = url.substr(sep + 3);
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  std::string_view target = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  std::size_t colon = std::string_view::npos;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close != std::string_view::npos && close + 1 < authority.size() && authority[close + 1] == ':')
      colon = close + 1;
  } else {
    colon = authority.rfind(':');
  }
  s.host = std::string(authority.substr(0, colon));
  if (colon != std::string_view::npos) s.port = std::string(authority.substr(colon + 1));
  const auto q = target.find('?');
  s.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    s.has_query = true;
    s.query = std::string(target.substr(q + 1));
  }
  return s;
}

std::vector<UrlVariant> url_variants(const std::vector<SignedUrlForm>& forms) {
  std::vector<UrlVariant> out;
  auto add = [&](UrlVariant v) {
    for (const auto& e : out)
      if (e.url == v.url) return;
    out.push_back(std::move(v));
  };
  for (const auto& form : forms) {
    auto split = split_url(form.url);
    if (!split) {
      add({form.url, {}, {}, false});
      continue;
    }
    const auto& s = *split;
    const std::string other_scheme = s.scheme == "https" ? "http" : "https";
    std::string other_prefix_path;
    if (s.path.rfind("/1.0", 0) == 0 && (s.path.size() == 4 || s.path[4] == '/'))
      other_prefix_path = "/v1" + s.path.substr(4);
    else if (s.path.rfind("/v1", 0) == 0 && (s.path.size() == 3 || s.path[3] == '/'))
      other_prefix_path = "/1.0" + s.path.substr(3);
    const bool path_decodes = percent_decode(s.path) != s.path;
    auto queries = query_variants(s.query);
    queries.insert(queries.begin(), {s.query, ""});
    for (int scheme = 0; scheme < 2; ++scheme) {
      for (int port = 0; port < (s.port.empty() ? 1 : 2); ++port) {
        for (int prefix = 0; prefix < (other_prefix_path.empty() ? 1 : 2); ++prefix) {
          for (int decoded = 0; decoded < (path_decodes ? 2 : 1); ++decoded) {
            for (std::size_t qi = 0; qi < (s.has_query ? queries.size() : 1); ++qi) {
              UrlVariant v;
              const std::string path = prefix ? other_prefix_path : s.path;
              v.url = (scheme ? other_scheme : s.scheme) + "://" + s.host +
                      (port || s.port.empty() ? "" : ":" + s.port) + (decoded ? percent_decode(path) : path) +
                      (s.has_query ? "?" + queries[qi].first : "");
              if (scheme) {
                v.classes.push_back("scheme");
                v.notes.push_back("signed " + other_scheme + "://, sent over " + s.scheme);
              }
              if (port) {
                v.classes.push_back("port");
                v.notes.push_back("signed the host without its port :" + s.port);
              }
              if (prefix) {
                v.classes.push_back("version-prefix");
                v.notes.push_back("signed " + other_prefix_path.substr(0, other_prefix_path.find('/', 1)) + ", sent " +
                                  s.path.substr(0, s.path.find('/', 1)));
              }
              if (decoded) {
                v.classes.push_back("path-encoding");
                v.notes.push_back("signed the path decoded (e.g. %2F as /), sent percent-encoded");
              }
              if (qi) {
                v.classes.push_back("query-encoding");
                v.notes.push_back(queries[qi].second);
                v.alone = true;
              }
              add(std::move(v));
            }
          }
        }
      }
    }
  }
  // Another host: a loopback alias (localhost signed, 127.0.0.1 sent), with or without the
  // port and in either scheme, or one of OVH's API hosts over https. The target is the one
  // sent; a host change is not combined with the other classes.
  if (!forms.empty())
    if (auto split = split_url(forms.front().url)) {
      const auto& s = *split;
      const auto target_at = forms.front().url.find_first_of("/?", forms.front().url.find("://") + 3);
      const std::string target = target_at == std::string::npos ? "" : forms.front().url.substr(target_at);
      const std::string sent = s.host + (s.port.empty() ? "" : ":" + s.port);
      const std::string other_scheme = s.scheme == "https" ? "http" : "https";
      auto add_host = [&](const std::string& url, std::vector<std::string> classes, std::vector<std::string> notes) {
        add({url, std::move(classes), std::move(notes), true});
      };
      for (const auto host : kLoopbackHosts) {
        if (host == s.host) continue;
        for (int scheme = 0; scheme < 2; ++scheme)
          for (int port = 0; port < (s.port.empty() ? 1 : 2); ++port) {
            std::vector<std::string> classes = {"host"},
                                     notes = {"signed the host " + std::string(host) + ", sent Host: " + sent};
            if (scheme) {
              classes.push_back("scheme");
              notes.push_back("signed " + other_scheme + "://, sent over " + s.scheme);
            }
            if (port) {
              classes.push_back("port");
              notes.push_back("signed the host without its port :" + s.port);
            }
            add_host((scheme ? other_scheme : s.scheme) + "://" + std::string(host) +
                         (port || s.port.empty() ? "" : ":" + s.port) + target,
                     std::move(classes), std::move(notes));
          }
      }
      for (const auto host : kOvhHosts)
        add_host("https://" + std::string(host) + target, {"host"},
                 {"signed OVH's https://" + std::string(host) + ", sent to " + sent +
                  " (point the client at the server's endpoint, or start it with --public-base https://" +
                  std::string(host) + ")"});
    }
  std::stable_sort(out.begin(), out.end(),
                   [](const UrlVariant& a, const UrlVariant& b) { return a.classes.size() < b.classes.size(); });
  return out;
}

// JSON text with the separators and escapes of a given serialiser.
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

std::vector<OtherVariant> other_variants(const ExplainInput& in) {
  std::vector<OtherVariant> out;
  // Body re-serialised.
  if (!in.body.empty()) {
    // Too deep to re-serialise safely (json_util.hpp): no body variant.
    auto parsed = in.body.size() <= kMaxBodyToReserialise && !json_nests_deeper_than(in.body, kMaxJsonDepth)
                      ? nlohmann::ordered_json::parse(in.body, nullptr, false)
                      : nlohmann::ordered_json(nlohmann::ordered_json::value_t::discarded);
    if (!parsed.is_discarded()) {
      const std::pair<JsonStyle, const char*> styles[] = {
          {{false, true, false, false}, "body signed as compact JSON with non-ASCII escaped (\\u00e9)"},
          {{false, false, false, false}, "body signed as compact JSON with raw UTF-8"},
          {{true, true, false, false},
           "body signed with spaces after separators (\", \" and \": \"), non-ASCII escaped"},
          {{true, false, false, false}, "body signed with spaces after separators (\", \" and \": \"), raw UTF-8"},
          {{false, true, true, false}, "body signed with \"/\" escaped as \"\\/\""},
          {{false, false, false, true}, "body signed with <, >, & escaped as \\u003c, \\u003e, \\u0026"},
      };
      std::vector<std::string> seen = {std::string(in.body)};
      for (const auto& [style, note] : styles) {
        std::string text;
        serialise(parsed, style, text);
        if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
        seen.push_back(text);
        OtherVariant v;
        v.cls = "body";
        v.note = note;
        v.body = std::move(text);
        out.push_back(std::move(v));
      }
    }
    // Key order, pretty-printing, \u case (explain_encodings.cpp), then the character encoding.
    for (auto& [text, note] : explain_detail::reserialised_bodies(in.body)) {
      OtherVariant v;
      v.cls = "body";
      v.note = std::move(note);
      v.body = std::move(text);
      out.push_back(std::move(v));
    }
    if (auto utf8 = explain_detail::latin1_to_utf8(in.body)) {
      OtherVariant v;
      v.cls = "encoding";
      v.note = "body signed as UTF-8, sent as Latin-1 (ISO-8859-1) bytes: send the bytes you sign";
      v.body = std::move(*utf8);
      out.push_back(std::move(v));
    }
    if (auto latin1 = explain_detail::utf8_to_latin1(in.body)) {
      OtherVariant v;
      v.cls = "encoding";
      v.note = "body signed as Latin-1 (ISO-8859-1, as java-ovh hashes it), sent as UTF-8: send the bytes you sign";
      v.body = std::move(*latin1);
      out.push_back(std::move(v));
    }
    OtherVariant empty;
    empty.cls = "body";
    empty.note = "signed an empty body, sent " + std::to_string(in.body.size()) + " bytes";
    empty.body = "";
    out.push_back(std::move(empty));
  }
  // Timestamp ±1.
  std::int64_t ts = 0;
  auto [p, ec] = std::from_chars(in.timestamp.data(), in.timestamp.data() + in.timestamp.size(), ts);
  if (ec == std::errc() && p == in.timestamp.data() + in.timestamp.size()) {
    for (int d : {-1, 1}) {
      OtherVariant v;
      v.cls = "timestamp";
      v.note = "signed timestamp " + std::to_string(ts + d) + ", sent " + std::string(in.timestamp);
      v.timestamp = std::to_string(ts + d);
      out.push_back(std::move(v));
    }
  }
  // Method case.
  std::string lower(in.method), upper(in.method);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& m : {upper, lower}) {
    if (m == in.method) continue;
    OtherVariant v;
    v.cls = "method-case";
    v.note = "signed method " + m + ", sent " + std::string(in.method);
    v.method = m;
    out.push_back(std::move(v));
  }
  // AS and CK swapped.
  OtherVariant swapped;
  swapped.cls = "keys-swapped";
  swapped.note = "application secret and consumer key in each other's place";
  swapped.swapped = true;
  out.push_back(std::move(swapped));
  // Another application's secret.
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
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) out.append(out.empty() ? "" : sep).append(p);
  return out;
}

}  // namespace

std::string SignatureHint::header_line() const {
  // Nothing matched: `hashed` is what the server expected, not what the client signed.
  std::string line =
      variant_class + ": " + variant + (variant_class == "none" ? "; expected: " : "; hashed: ") + hashed;
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (line.compare(i, 3, "\xe2\x80\xa6") == 0) {  // the mask's ellipsis
      out.append("...");
      i += 2;
    } else if (c < 0x20 || c >= 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      out.append("\\x").push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
    if (out.size() > kMaxHeaderLine) {
      out.resize(kMaxHeaderLine);
      out.append("...");
      break;
    }
  }
  return out;
}

SignatureHint explain_signature_mismatch(const ExplainInput& in) {
  const std::string as_label = "<AS>";
  const std::string ck_label = "<CK:" + mask_secret(in.consumer_key) + ">";
  auto masked = [&](std::string_view first, std::string_view second, std::string_view method, std::string_view url,
                    std::string_view body, std::string_view ts) {
    return signature_preimage({first, second, method, url, body, ts});
  };

  // The signature header spelt otherwise than computed (percent-encoded, quoted, uppercase).
  for (const auto& [spelling, note] : explain_detail::signature_spellings(in.signature))
    for (const auto& form : in.url_forms)
      if (constant_time_equal(
              compute_signature({in.application_secret, in.consumer_key, in.method, form.url, in.body, in.timestamp}),
              spelling)) {
        SignatureHint hint;
        hint.variant_class = "header-encoding";
        hint.variant = note;
        hint.hashed = masked(as_label, ck_label, in.method, form.url, in.body, in.timestamp);
        return hint;
      }

  const auto urls = url_variants(in.url_forms);
  const auto others = other_variants(in);

  struct Candidate {
    const UrlVariant* url;
    const OtherVariant* other;  // nullptr: URL change only
    std::size_t cost;
  };
  std::vector<Candidate> candidates;
  for (const auto& u : urls) {
    if (!u.classes.empty()) candidates.push_back({&u, nullptr, u.classes.size()});
    if (u.alone) continue;
    for (const auto& o : others) candidates.push_back({&u, &o, u.classes.size() + 1});
  }
  // Fewest differences first; at equal count, URL changes (the commonest mistake) first.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.cost != b.cost ? a.cost < b.cost : (a.other == nullptr) > (b.other == nullptr);
  });

  std::size_t hashed_bytes = 0;
  bool stopped = false;
  for (const auto& c : candidates) {
    const OtherVariant* o = c.other;
    const std::string_view secret = o && !o->secret.empty() ? std::string_view(o->secret) : in.application_secret;
    const std::string_view method = o && o->method ? std::string_view(*o->method) : in.method;
    const std::string_view body = o && o->body ? std::string_view(*o->body) : in.body;
    const std::string_view ts = o && o->timestamp ? std::string_view(*o->timestamp) : in.timestamp;
    const bool swapped = o && o->swapped;
    hashed_bytes +=
        secret.size() + in.consumer_key.size() + method.size() + c.url->url.size() + body.size() + ts.size();
    if (hashed_bytes > kMaxHashedBytes) {
      stopped = true;
      break;
    }
    const std::string sig = swapped ? compute_signature({in.consumer_key, secret, method, c.url->url, body, ts})
                                    : compute_signature({secret, in.consumer_key, method, c.url->url, body, ts});
    if (!constant_time_equal(sig, in.signature)) continue;

    std::vector<std::string> classes = c.url->classes;
    std::vector<std::string> notes = c.url->notes;
    if (o) {
      classes.push_back(o->cls);
      notes.push_back(o->note);
    }
    const std::string label = o && !o->secret_label.empty() ? o->secret_label : as_label;
    SignatureHint hint;
    hint.variant_class = join(classes, "+");
    hint.variant = join(notes, "; ");
    hint.hashed = swapped ? masked(ck_label, label, method, c.url->url, body, ts)
                          : masked(label, ck_label, method, c.url->url, body, ts);
    return hint;
  }

  // A timestamp signed but another sent, further than ±1 s: within the time window either
  // way, or the same instant in milliseconds (the URL forms as received only).
  if (!stopped) {
    std::int64_t ts = 0;
    auto [p, ec] = std::from_chars(in.timestamp.data(), in.timestamp.data() + in.timestamp.size(), ts);
    if (ec == std::errc() && p == in.timestamp.data() + in.timestamp.size() && ts >= 0 && ts < std::int64_t{1} << 52) {
      auto try_ts = [&](std::int64_t signed_ts, const std::string& note) -> std::optional<SignatureHint> {
        const std::string t = std::to_string(signed_ts);
        for (const auto& form : in.url_forms)
          if (constant_time_equal(
                  compute_signature({in.application_secret, in.consumer_key, in.method, form.url, in.body, t}),
                  in.signature)) {
            SignatureHint hint;
            hint.variant_class = "timestamp";
            hint.variant = note + ", sent X-Ovh-Timestamp " + std::string(in.timestamp);
            hint.hashed = masked(as_label, ck_label, in.method, form.url, in.body, t);
            return hint;
          }
        return std::nullopt;
      };
      for (std::int64_t d = 2; d <= kTimestampSearch; ++d)
        for (std::int64_t sign : {-1, 1})
          if (auto h = try_ts(ts + sign * d, "signed timestamp " + std::to_string(ts + sign * d) + " (" +
                                                 std::to_string(sign * d) + " s from the one sent)"))
            return *h;
      for (std::int64_t ms = 0; ms < 1000; ++ms)
        if (auto h = try_ts(ts * 1000 + ms,
                            "signed the time in milliseconds (" + std::to_string(ts * 1000 + ms) + "), sent seconds"))
          return *h;
    }
  }

  SignatureHint none;
  none.variant_class = "none";
  none.variant = stopped ? "search stopped after hashing 16 MiB (large body)"
                         : "no known variant matches: check the application secret, the consumer key and the exact "
                           "bytes sent";
  none.hashed = masked(as_label, ck_label, in.method, in.url_forms.empty() ? "" : in.url_forms.front().url, in.body,
                       in.timestamp);
  return none;
}

}  // namespace ovhmock
