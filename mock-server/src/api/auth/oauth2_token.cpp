// POST /auth/oauth2/token (root branch, where the official clients' token URLs point).
#include "api/auth/oauth2_token.hpp"

#include "ovhmock/store/oauth2.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::routes {

Reply oauth2_token(Context& ctx) {
  auto answer_error = [](const OAuth2Error& e) {
    Reply r = Reply::json(e.to_json(), e.status);
    r.headers.push_back({"Cache-Control", "no-store"});
    return r;
  };
  const auto content_type = ctx.request.header("Content-Type").value_or("");
  if (!ctx.request.body.empty() && content_type.find("application/x-www-form-urlencoded") == std::string_view::npos)
    return answer_error({400, "invalid_request", "the body must be application/x-www-form-urlencoded"});

  const QueryParams form(ctx.request.body);
  TokenRequest request;
  if (auto auth = ctx.request.header("Authorization")) {
    request.basic = parse_basic_authorization(*auth);
    if (!request.basic) return answer_error({400, "invalid_request", "the Authorization header is not HTTP Basic"});
  }
  request.form_client_id = form.get("client_id");
  request.form_client_secret = form.get("client_secret");
  request.grant_type = form.get("grant_type");
  request.scope = form.get("scope");

  const TokenOutcome outcome = request_token(request, ctx.state.oauth2, ctx.state.clock.now());
  if (outcome.error) return answer_error(*outcome.error);
  Reply r = Reply::json({{"access_token", outcome.token->token},
                         {"expires_in", outcome.token->expires_at - outcome.token->issued_at},
                         {"scope", "all"},
                         {"token_type", "Bearer"}});
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

}  // namespace ovhmock::routes
