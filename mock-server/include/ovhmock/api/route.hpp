#pragma once
// The route table: method, branch, pattern, authentication policy, handler. The policy
// is applied by the pipeline, never by a handler.
// A handler reads the Context, calls a store, and returns a Reply or throws ApiException.
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ovhmock/auth/decision.hpp"
#include "ovhmock/model/config.hpp"
#include "ovhmock/model/request.hpp"
#include "ovhmock/model/url.hpp"

namespace ovhmock {

struct State;

// /1.0 and its alias /v1 share one tree; /v2 is separate; root holds pages outside the API
// (the validation page, the OAuth2 token endpoint); admin is the control plane (/__admin).
enum class Branch { v1, v2, root, admin };
std::string_view branch_prefix(Branch b);

enum class Auth {
  none,      // unauthenticated (GET /auth/time, POST /auth/credential)
  required,  // signed call or OAuth2 bearer token, then access rules
  any_rule,  // authenticated, but allowed whatever the key's access rules say
  admin,     // the control plane: loopback peers, or others with the --admin-token bearer
};

struct Reply {
  int status = 200;
  nlohmann::json body;
  bool is_void = false;            // 204, or 200 `null` in the 2022 era (model/api_era.hpp)
  std::optional<std::string> raw;  // a non-JSON body (HTML pages, text)
  std::string content_type;        // empty: application/json; charset=utf-8
  std::vector<Header> headers;

  static Reply json(nlohmann::json value, int status = 200);
  // A JSON body already rendered (to_json_text), answered as is.
  static Reply json_text(std::string text, int status = 200);
  static Reply none();  // a void operation
  static Reply text(std::string body, std::string content_type, int status = 200);
  static Reply redirect(std::string location, int status = 302);
};

struct Context {
  Context(const Request& request, State& state, const ServerConfig& config, const AuthVerdict& auth, Branch branch,
          std::string path, std::map<std::string, std::string> params, QueryParams query)
      : request(request),
        state(state),
        config(config),
        auth(auth),
        branch(branch),
        path(std::move(path)),
        params(std::move(params)),
        query(std::move(query)) {}

  const Request& request;
  State& state;
  const ServerConfig& config;
  const AuthVerdict& auth;
  Branch branch;
  std::string path;                           // below the branch prefix, raw, no query
  std::map<std::string, std::string> params;  // path parameters, percent-decoded
  QueryParams query;

  const std::string& param(const std::string& name) const;
  // The body parsed as JSON (400 Invalid JSON received when it is not). Cached.
  const nlohmann::json& json_body();

 private:
  std::optional<nlohmann::json> body_json_;
};

using Handler = std::function<Reply(Context&)>;

struct Route {
  std::string method;
  Branch branch;
  std::string pattern;  // "/domain/zone/{zoneName}/record/{id}"
  Auth auth;
  Handler handler;
};

// Every API route: the routes of every area, in the order of the area list (src/api/areas.cpp).
std::vector<Route> api_routes();

}  // namespace ovhmock
