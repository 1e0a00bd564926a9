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

}  // namespace

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
}  // namespace ovhmock::explain_detail
