#include "fuzz_request.hpp"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/dataset/dataset.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock::fuzz {
namespace {

std::string_view next_line(std::string_view& rest) {
  const auto end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string_view next_word(std::string_view& line) {
  const auto end = line.find(' ');
  std::string_view word = line.substr(0, end);
  line = end == std::string_view::npos ? std::string_view{} : line.substr(end + 1);
  return word;
}

[[noreturn]] void finding(const Request& request, const Response& response, const char* what) {
  std::fprintf(stderr, "FINDING: %s\n  request: %s %s (%zu body bytes)\n  response: %d %s\n", what,
               request.method.c_str(), request.target.c_str(), request.body.size(), response.status,
               response.body.substr(0, 400).c_str());
  std::abort();
}

}  // namespace

Request parse_request(std::string_view input) {
  std::string_view rest = input;
  std::string_view first = next_line(rest);
  const std::string_view mode = next_word(first);
  Request r;
  r.method = std::string(next_word(first));
  r.target = std::string(first);
  r.peer_address = "127.0.0.1";
  for (;;) {
    if (rest.empty()) break;
    const std::string_view line = next_line(rest);
    if (line.empty()) break;
    const auto colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.push_back({std::string(name), std::string(value)});
  }
  r.body = std::string(rest);
  if (mode == "S") {
    const std::string host(r.header("Host").value_or("127.0.0.1:8080"));
    Request s = test::signed_request(test::default_keys(), r.method, r.target, r.body, kNow, host);
    // The harness's headers first (the ones the pipeline reads), the input's after them.
    if (r.header("Host")) s.headers.erase(s.headers.begin());
    s.headers.insert(s.headers.end(), r.headers.begin(), r.headers.end());
    return s;
  }
  return r;
}

std::optional<std::string> response_problem(const Request& request, const Response& response) {
  if (response.status < 200 || response.status > 599) return "status out of range";
  if (response.status >= 500) return "5xx answer";
  if (!response.header("X-Ovh-Queryid")) return "no X-Ovh-Queryid";
  const auto type = response.header("Content-Type");
  if (!type) return "no Content-Type";
  if (response.status == 204 && !response.body.empty()) return "204 with a body";
  if (type->rfind("application/json", 0) != 0 || response.status == 204) return std::nullopt;
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_discarded()) return "JSON content type but not JSON text";
  const auto path = request.path();
  const bool api = path.rfind("/1.0/", 0) == 0 || path.rfind("/v1/", 0) == 0 || path.rfind("/v2/", 0) == 0 ||
                   path == "/1.0" || path == "/v1" || path == "/v2";
  if (response.status < 400 || !api) return std::nullopt;
  for (const char* key : {"class", "httpCode", "message"})
    if (!body.is_object() || !body.contains(key) || !body[key].is_string())
      return "error body without class, httpCode and message";
  if (body["httpCode"].get<std::string>().rfind(std::to_string(response.status) + " ", 0) != 0)
    return "httpCode does not match the status";
  return std::nullopt;
}

void check_response(const Request& request, const Response& response) {
  if (auto problem = response_problem(request, response)) finding(request, response, problem->c_str());
}

Harness::Harness() : server_(test::server_config()) { server_.state().clock.freeze(kNow); }

Response Harness::handle(const Request& request) {
  State& state = server_.state();
  state.reset();
  state.clock.freeze(kNow);
  Response response = server_.pipeline().handle(request);
  // The entry the journal recorded goes too: inputs stay independent, and libFuzzer's leak
  // check (run after an input that allocated more than it freed) does not scan the heap
  // after every input because of a journal entry kept on purpose.
  state.journal.clear();
  return response;
}

}  // namespace ovhmock::fuzz
