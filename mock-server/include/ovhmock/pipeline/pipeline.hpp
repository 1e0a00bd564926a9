#pragma once
// One request, one path: route match, then authentication (the route's policy), then
// access rules, then the handler; errors become the real API's error bodies. Every
// response, the listener's own refusals included, ends in one finishing step (finish()):
// common headers (X-Ovh-Queryid, the JSON content type, ...), then the observers
// (journal, metrics, access log) see the finished exchange.
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ovhmock/api/route.hpp"
#include "ovhmock/auth/decision.hpp"
#include "ovhmock/model/api_era.hpp"
#include "ovhmock/model/config.hpp"
#include "ovhmock/model/request.hpp"
#include "ovhmock/observe/exchange.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock {

class Pipeline {
 public:
  // `routes`: the route table (server/server.hpp builds the server's: every area's, then the control plane's).
  Pipeline(State& state, const ServerConfig& config, std::vector<Route> routes);

  // In process: takes the request's fault (if any), waits its delay on this thread, then
  // answers. A listener that must not hold a thread for a `latency` fault uses admit() and
  // the two-argument handle() instead.
  Response handle(const Request& request);

  // A request admitted: the control-plane fault it triggers, taken from the fault store
  // (it counts as hit), and when the request arrived.
  struct Admitted {
    std::optional<Fault> fault;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    // How long to wait before handle(request, admitted): the fault's delayMs, else 0.
    std::chrono::milliseconds delay() const;
  };
  Admitted admit(const Request& request);
  // Answers an admitted request at once (the caller has waited admitted.delay()); the
  // journal's duration counts from admitted.started, the wait included.
  Response handle(const Request& request, Admitted admitted);

  // What the finishing step needs to know about how a response came to be.
  struct Finishing {
    Finishing() { verdict.auth_method = "none"; }
    AuthVerdict verdict;
    std::string route;                              // the matched pattern, "" when none
    std::string fault;                              // the injected fault, "" when none
    ApiEra era = ApiEra::current;                   // the era of the answer (model/api_era.hpp)
    std::chrono::steady_clock::time_point started;  // when the request arrived (handle() sets it)
  };

  // THE finishing step: every response goes through it once, whoever produced it. It adds
  // the common headers (Content-Type when missing, X-Ovh-Queryid, Cache-Control when
  // missing, Access-Control-Allow-Origin, the signature hint), then hands the exchange
  // to the observers in order (journal, metrics, access log). handle() ends with it; the
  // listener calls it (or refuse()) for the answers it produces itself, so that those too
  // carry the common headers and are journaled, counted and logged. The response is
  // finished in place (no copy or move of it through the step).
  void finish(const Request& request, Response& response, const Finishing& facts) const;

  // A refusal the listener decides before the pipeline could run (413, a GET with a body,
  // malformed headers, a library error): the error's body, then finish(). `partial` is
  // what the listener could read of the request (method, target, headers, peer; the body
  // may be empty). `reason`: one line for the journal and the log (default: "refused by
  // the listener: " and the error's message).
  Response refuse(const Request& partial, const ApiError& error, std::string reason = "") const;

  // Called after each exchange, in the order added. Add before serving.
  void add_observer(Observer observer);

  // The signed-call decision for this request as dispatch takes it (headers, URL forms,
  // credential lookup, signature): public so the benchmarks time exactly this path.
  AuthVerdict authenticate(const Request& request) const;

  State& state() { return state_; }
  const ServerConfig& config() const { return config_; }

 private:
  struct Match;
  Response dispatch(const Request& request, AuthVerdict& verdict, std::string& route, const EraProfile& era);
  static std::optional<Response> inject_fault(const Fault& f, AuthVerdict& verdict, std::string& fault,
                                              const EraProfile& era);
  Response render(Reply reply, const EraProfile& era) const;
  EraProfile era_of(const Request& request) const;

  State& state_;
  const ServerConfig& config_;
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> route_parts_;  // each route's pattern, split once
  std::vector<Observer> observers_;
};

Response error_response(const ApiError& error);  // the superset body
Response error_response(const ApiError& error, ErrorFormat format);

}  // namespace ovhmock
