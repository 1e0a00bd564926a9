#pragma once
// One finished exchange as the observers see it (journal, metrics, access log): the
// request, the response, the authentication verdict and what the pipeline decided.
#include <chrono>
#include <functional>
#include <string>

#include "ovhmock/auth/decision.hpp"
#include "ovhmock/model/api_era.hpp"
#include "ovhmock/model/request.hpp"

namespace ovhmock {

struct Exchange {
  const Request& request;
  const Response& response;
  const AuthVerdict& verdict;
  std::string route;  // the matched pattern, "" when none
  std::string query_id;
  std::chrono::microseconds duration{0};
  std::string fault;             // the injected fault ("" when none)
  ApiEra era = ApiEra::current;  // the era the answer was given in (model/api_era.hpp)
};

using Observer = std::function<void(const Exchange&)>;

}  // namespace ovhmock
