// The URL variants a client may have signed instead of the URL it sent.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "auth/explain_variants.hpp"
#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/model/url.hpp"

namespace ovhmock::explain_detail {
namespace {

// The names of the loopback interface a client may have signed instead of the one it sent.
constexpr std::string_view kLoopbackHosts[] = {"localhost", "127.0.0.1", "[::1]"};
// OVH's API hosts: a client that keeps its real endpoint but sends to the mock.
constexpr std::string_view kOvhHosts[] = {"eu.api.ovh.com",       "ca.api.ovh.com",     "api.us.ovhcloud.com",
                                          "eu.api.kimsufi.com",   "ca.api.kimsufi.com", "eu.api.soyoustart.com",
                                          "ca.api.soyoustart.com"};

}  // namespace

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

namespace {

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

// Adds `v` unless a variant with the same URL is there already.
void add_unique(std::vector<UrlVariant>& out, UrlVariant v) {
  for (const auto& e : out)
    if (e.url == v.url) return;
  out.push_back(std::move(v));
}

// The path with the other version prefix (/1.0 <-> /v1); empty when it has neither.
std::string other_version_prefix(const std::string& path) {
  if (path.rfind("/1.0", 0) == 0 && (path.size() == 4 || path[4] == '/')) return "/v1" + path.substr(4);
  if (path.rfind("/v1", 0) == 0 && (path.size() == 3 || path[3] == '/')) return "/1.0" + path.substr(3);
  return "";
}

// What each class may change in a URL sent.
struct FormChanges {
  const SplitUrl& sent;
  std::string other_scheme;
  std::string other_prefix_path;  // empty: no version prefix to swap
  bool path_decodes;
  std::vector<std::pair<std::string, std::string>> queries;  // the query sent first, then its variants
};

// Which classes one variant changes; `query` indexes FormChanges::queries.
struct Combination {
  bool scheme, port, prefix, decoded;
  std::size_t query;
};

UrlVariant combined_variant(const FormChanges& f, const Combination& c) {
  const SplitUrl& s = f.sent;
  UrlVariant v;
  const std::string path = c.prefix ? f.other_prefix_path : s.path;
  v.url = (c.scheme ? f.other_scheme : s.scheme) + "://" + s.host + (c.port || s.port.empty() ? "" : ":" + s.port) +
          (c.decoded ? percent_decode(path) : path) + (s.has_query ? "?" + f.queries[c.query].first : "");
  if (c.scheme) {
    v.classes.push_back("scheme");
    v.notes.push_back("signed " + f.other_scheme + "://, sent over " + s.scheme);
  }
  if (c.port) {
    v.classes.push_back("port");
    v.notes.push_back("signed the host without its port :" + s.port);
  }
  if (c.prefix) {
    v.classes.push_back("version-prefix");
    v.notes.push_back("signed " + f.other_prefix_path.substr(0, f.other_prefix_path.find('/', 1)) + ", sent " +
                      s.path.substr(0, s.path.find('/', 1)));
  }
  if (c.decoded) {
    v.classes.push_back("path-encoding");
    v.notes.push_back("signed the path decoded (e.g. %2F as /), sent percent-encoded");
  }
  if (c.query) {
    v.classes.push_back("query-encoding");
    v.notes.push_back(f.queries[c.query].second);
    v.alone = true;
  }
  return v;
}

// The URL sent and every combination of scheme, port, version prefix, path encoding and
// query encoding changes that apply to it.
void add_form_variants(const SplitUrl& s, std::vector<UrlVariant>& out) {
  FormChanges f{s, s.scheme == "https" ? "http" : "https", other_version_prefix(s.path),
                percent_decode(s.path) != s.path, query_variants(s.query)};
  f.queries.insert(f.queries.begin(), {s.query, ""});
  for (int scheme = 0; scheme < 2; ++scheme)
    for (int port = 0; port < (s.port.empty() ? 1 : 2); ++port)
      for (int prefix = 0; prefix < (f.other_prefix_path.empty() ? 1 : 2); ++prefix)
        for (int decoded = 0; decoded < (f.path_decodes ? 2 : 1); ++decoded)
          for (std::size_t qi = 0; qi < (s.has_query ? f.queries.size() : 1); ++qi)
            add_unique(out, combined_variant(f, {scheme == 1, port == 1, prefix == 1, decoded == 1, qi}));
}

// A loopback alias signed instead of the host sent, in either scheme, with or without the port.
void add_loopback_variants(const SplitUrl& s, std::string_view host, const std::string& target, const std::string& sent,
                           std::vector<UrlVariant>& out) {
  const std::string other_scheme = s.scheme == "https" ? "http" : "https";
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
      add_unique(out, {(scheme ? other_scheme : s.scheme) + "://" + std::string(host) +
                           (port || s.port.empty() ? "" : ":" + s.port) + target,
                       std::move(classes), std::move(notes), true});
    }
}

// Another host: a loopback alias (localhost signed, 127.0.0.1 sent), with or without the
// port and in either scheme, or one of OVH's API hosts over https. The target is the one
// sent; a host change is not combined with the other classes.
void add_host_variants(const std::string& url, std::vector<UrlVariant>& out) {
  const auto split = split_url(url);
  if (!split) return;
  const auto& s = *split;
  const auto target_at = url.find_first_of("/?", url.find("://") + 3);
  const std::string target = target_at == std::string::npos ? "" : url.substr(target_at);
  const std::string sent = s.host + (s.port.empty() ? "" : ":" + s.port);
  for (const auto host : kLoopbackHosts)
    if (host != s.host) add_loopback_variants(s, host, target, sent, out);
  for (const auto host : kOvhHosts)
    add_unique(out, {"https://" + std::string(host) + target,
                     {"host"},
                     {"signed OVH's https://" + std::string(host) + ", sent to " + sent +
                      " (point the client at the server's endpoint, or start it with --public-base https://" +
                      std::string(host) + ")"},
                     true});
}

}  // namespace

std::vector<UrlVariant> url_variants(const std::vector<SignedUrlForm>& forms) {
  std::vector<UrlVariant> out;
  for (const auto& form : forms) {
    if (auto split = split_url(form.url))
      add_form_variants(*split, out);
    else
      add_unique(out, {form.url, {}, {}, false});
  }
  if (!forms.empty()) add_host_variants(forms.front().url, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const UrlVariant& a, const UrlVariant& b) { return a.classes.size() < b.classes.size(); });
  return out;
}

// JSON text with the separators and escapes of a given serialiser.
}  // namespace ovhmock::explain_detail
