#pragma once
// One request, one path: route match, then authentication, then access rules, then
// the handler; errors become the real API's error bodies; every response carries
// X-Ovh-Queryid and the JSON content type. Observers (journal, log, metrics) see
// each finished exchange.
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ovhmock/api_era.hpp"
#include "ovhmock/auth.hpp"
#include "ovhmock/config.hpp"
#include "ovhmock/request.hpp"
#include "ovhmock/routes.hpp"
#include "ovhmock/state.hpp"

namespace ovhmock {

struct Exchange {
  const Request& request;
  const Response& response;
  const AuthVerdict& verdict;
  std::string route;  // the matched pattern, "" when none
  std::string query_id;
  std::chrono::microseconds duration{0};
  std::string fault;             // the injected fault ("" when none)
  ApiEra era = ApiEra::current;  // the era the answer was given in (api_era.hpp)
};

using Observer = std::function<void(const Exchange&)>;

class Pipeline {
 public:
  Pipeline(State& state, const ServerConfig& config, std::vector<Route> routes = api_routes());

  Response handle(const Request& request);

  // Called after each exchange, in the order added. Add before serving.
  void add_observer(Observer observer);

  // The URLs a signature may cover for this request: strict first, then each public base.
  std::vector<SignedUrlForm> url_forms(const Request& request) const;

  // The signed-call decision for this request as dispatch takes it (headers, URL forms,
  // credential lookup, signature): public so the benchmarks time exactly this path.
  AuthVerdict authenticate(const Request& request) const;

  State& state() { return state_; }
  const ServerConfig& config() const { return config_; }

 private:
  struct Match;
  Response dispatch(const Request& request, AuthVerdict& verdict, std::string& route, const EraProfile& era);
  std::optional<Response> inject_fault(const Request& request, AuthVerdict& verdict, std::string& fault,
                                       const EraProfile& era);
  Response render(Reply reply, const EraProfile& era) const;

  State& state_;
  const ServerConfig& config_;
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> route_parts_;  // each route's pattern, split once
  std::vector<Observer> observers_;
};

Response error_response(const ApiError& error);  // the superset body
Response error_response(const ApiError& error, ErrorFormat format);

}  // namespace ovhmock
