#include "strictness.hpp"

#include <map>
#include <sstream>

#include "fuzz_routes.hpp"
#include "ovhmock/auth/signature.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock::strictness {
namespace {

void replace_header(Request& r, std::string_view name, std::string value) {
  for (auto& h : r.headers)
    if (iequals(h.name, name)) {
      h.value = std::move(value);
      return;
    }
  r.headers.push_back({std::string(name), std::move(value)});
}

char other_hex(char c) { return c == '0' ? '1' : '0'; }

std::string flip_case_or_append(std::string s) {
  for (auto& c : s)
    if (std::isalpha(static_cast<unsigned char>(c))) {
      c = static_cast<char>(std::islower(static_cast<unsigned char>(c)) ? std::toupper(c) : std::tolower(c));
      return s;
    }
  return s + "0";
}

}  // namespace

std::vector<Mutant> mutants(const Request& r, const std::string& application_secret, std::int64_t clock,
                            std::int64_t window) {
  std::vector<Mutant> out;
  auto add = [&](std::string field, Request m) { out.push_back({std::move(field), std::move(m)}); };

  for (const char* method : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
    if (r.method == method) continue;
    Request m = r;
    m.method = method;
    add(std::string("method ") + method, m);
  }
  {
    Request m = r;
    m.method = flip_case_or_append(r.method);
    add("method case", m);
  }
  // Each path segment: changed in place (case, or a character appended).
  const std::string path(r.path());
  const std::string query = r.target.size() > path.size() ? r.target.substr(path.size()) : "";
  std::vector<std::pair<std::size_t, std::size_t>> segments;  // [start, end)
  for (std::size_t i = 1; i <= path.size(); ++i) {
    const std::size_t end = std::min(path.find('/', i), path.size());
    if (end > i) segments.push_back({i, end});
    i = end;
  }
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const auto [start, end] = segments[s];
    for (int variant = 0; variant < 2; ++variant) {
      std::string seg = path.substr(start, end - start);
      seg = variant == 0 ? flip_case_or_append(seg) : seg + "x";
      if (seg == path.substr(start, end - start)) continue;
      Request m = r;
      m.target = path.substr(0, start) + seg + path.substr(end) + query;
      add("path segment " + std::to_string(s) + (variant == 0 ? " case" : " appended"), m);
    }
  }
  {
    Request m = r;
    m.target = path + "/";
    add("trailing slash", m);
  }
  // The query: added, removed, a value changed.
  {
    Request m = r;
    m.target = query.empty() ? path + "?x=1" : r.target + "&x=1";
    add("query parameter added", m);
    if (!query.empty()) {
      Request d = r;
      d.target = path;
      add("query removed", d);
      Request v = r;
      v.target = r.target + "0";
      add("query value changed", v);
    }
  }
  // One body byte: each of the first, middle and last changed; a byte added to an empty body.
  if (r.body.empty()) {
    Request m = r;
    m.body = " ";
    add("body byte added", m);
  } else {
    for (std::size_t at : {std::size_t{0}, r.body.size() / 2, r.body.size() - 1}) {
      Request m = r;
      m.body[at] = static_cast<char>(m.body[at] ^ 0x01);
      add("body byte " + std::to_string(at), m);
    }
    Request m = r;
    m.body.pop_back();
    add("body byte removed", m);
  }
  // The timestamp: one second off (signature no longer matches), and beyond the window
  // either way with a correct signature over it.
  const std::string ts(r.header("X-Ovh-Timestamp").value_or("0"));
  const std::string ck(r.header("X-Ovh-Consumer").value_or(""));
  const std::string host(r.header("Host").value_or(""));
  {
    Request m = r;
    replace_header(m, "X-Ovh-Timestamp", std::to_string(std::stoll(ts) + 1));
    add("timestamp +1 s", m);
  }
  for (const std::int64_t moved_to : {clock + window + 1, clock - window - 1}) {
    Request m = r;
    const std::string moved = std::to_string(moved_to);
    replace_header(m, "X-Ovh-Timestamp", moved);
    replace_header(
        m, "X-Ovh-Signature",
        compute_signature({application_secret, ck, m.method, m.scheme + "://" + host + m.target, m.body, moved}));
    add(std::string("timestamp beyond the window, re-signed ") + (moved_to > clock ? "(+)" : "(-)"), m);
  }
  // AK and CK: one character changed; another existing key.
  {
    Request m = r;
    replace_header(m, "X-Ovh-Application",
                   flip_case_or_append(std::string(r.header("X-Ovh-Application").value_or(""))));
    add("AK changed", m);
    Request o = r;
    replace_header(o, "X-Ovh-Application", "Qm4xT9pLw2ZrV8cN");  // billing-export, another application
    add("AK of another application", o);
    Request c = r;
    std::string other_ck = ck;
    if (!other_ck.empty()) other_ck.back() = other_hex(other_ck.back());
    replace_header(c, "X-Ovh-Consumer", other_ck);
    add("CK changed", c);
    Request p = r;
    replace_header(p, "X-Ovh-Consumer", "7c1e5a9b3d2f4e6a8b0c2d4e6f8a0b1c");  // pending key of the same application
    add("CK of another credential", p);
  }
  // The signature: each character after "$1$", and the prefix.
  const std::string sig(r.header("X-Ovh-Signature").value_or(""));
  for (std::size_t i = 0; i < sig.size(); ++i) {
    Request m = r;
    std::string s = sig;
    s[i] = i < 3 ? (s[i] == '1' ? '2' : '1') : other_hex(s[i]);
    replace_header(m, "X-Ovh-Signature", s);
    add("signature char " + std::to_string(i), m);
  }
  // The host and the scheme are part of the signed URL.
  {
    Request m = r;
    replace_header(m, "Host", host + "0");
    add("Host", m);
    Request s = r;
    s.scheme = r.scheme == "http" ? "https" : "http";
    add("scheme", s);
  }
  return out;
}

bool is_refusal(int status) { return status >= 400 && status < 500; }

Report prove(const Config& config, const std::vector<Captured>& captured) {
  Report report;
  const auto server = make_server(config);
  State& state = server->state();
  Pipeline& pipeline = server->pipeline();
  std::string last_auth;
  pipeline.add_observer([&](const Exchange& e) { last_auth = e.verdict.accepted ? e.verdict.auth_method : ""; });
  auto replay = [&](const Captured& c, const Request& r) {
    state.reset();
    state.clock.freeze(c.clock);
    return pipeline.handle(r);
  };
  for (const auto& c : captured) {
    ++report.candidates;
    const auto original = replay(c, c.request);
    const std::string what = c.request.method + " " + c.request.target;
    if (original.status >= 400 || last_auth != "signature") {
      report.skipped.push_back(what + " (" + std::to_string(original.status) +
                               (last_auth.empty() ? ", not a signed call)" : ")"));
      continue;
    }
    ++report.accepted;
    const auto ak = c.request.header("X-Ovh-Application");
    const auto app = ak ? state.credentials.application_by_key(*ak) : std::nullopt;
    for (const auto& m : mutants(c.request, app ? app->secret : "", c.clock, config.server.auth.time_window)) {
      ++report.mutants;
      const auto res = replay(c, m.request);
      if (is_refusal(res.status)) {
        ++report.rejected;
      } else {
        report.failures.push_back(what + ": mutant \"" + m.field + "\" (" + m.request.method + " " + m.request.target +
                                  (res.status >= 500 || res.status == 0 ? ") failed with " : ") was accepted with ") +
                                  std::to_string(res.status));
      }
    }
  }
  state.reset();
  return report;
}

nlohmann::json to_json(const Captured& c) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& h : c.request.headers) headers.push_back({h.name, h.value});
  return {{"method", c.request.method},
          {"target", c.request.target},
          {"scheme", c.request.scheme},
          {"headers", headers},
          {"body", c.request.body},
          {"peer", c.request.peer_address},
          {"clock", c.clock}};
}

std::vector<Captured> read_captured(const std::string& jsonl_text) {
  std::vector<Captured> out;
  std::istringstream in(jsonl_text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line);
    Captured c;
    c.request.method = j.at("method");
    c.request.target = j.at("target");
    c.request.scheme = j.value("scheme", "http");
    for (const auto& h : j.at("headers")) c.request.headers.push_back({h.at(0), h.at(1)});
    c.request.body = j.value("body", "");
    c.request.peer_address = j.value("peer", "127.0.0.1");
    c.clock = j.at("clock");
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Captured> route_table_corpus(std::int64_t clock) {
  std::vector<Captured> out;
  for (const auto& t : fuzz::all_targets()) {
    const std::string body = fuzz::sample_body(t);
    out.push_back({test::signed_request(test::default_keys(), t.method, t.target, body, clock), clock});
  }
  return out;
}

}  // namespace ovhmock::strictness
