#pragma once
// The fuzz targets' shared input format and checks.
//
// A request is written as text, close to HTTP, so seeds are readable and mutations stay
// meaningful:
//   <mode> <METHOD> <target>\n      mode S: the harness signs it with the default key
//   <Name>: <value>\n ...           mode U: sent as is
//   \n
//   <body bytes>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"

namespace ovhmock::fuzz {

constexpr std::int64_t kNow = 1767607012;  // the frozen server clock of every harness

// Parses the text above; signs it (mode S) over http://<Host><target> at kNow.
Request parse_request(std::string_view input);

// What is wrong with a response, if anything (a finding): every response promises a
// status below 500, the content type and X-Ovh-Queryid, JSON text for JSON bodies, and
// the real API's error body on errors.
// The API's error body is required under /1.0, /v1 and /v2 only: the pages and the OAuth2
// token endpoint answer in their own formats (HTML, RFC 6749 errors).
std::optional<std::string> response_problem(const Request& request, const Response& response);

// The fuzz targets' check: prints the finding and aborts.
void check_response(const Request& request, const Response& response);

// The server make_server builds on the default fixtures (every route, the observers), with
// the clock frozen at kNow; reset to the fixtures before each call and its journal emptied
// after it, so inputs are independent.
class Harness {
 public:
  Harness();
  Response handle(const Request& request);
  State& state() { return server_.state(); }

 private:
  Server server_;  // as make_server builds it: every route, the observers
};

}  // namespace ovhmock::fuzz
