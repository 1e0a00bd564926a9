// Pipeline::authenticate: the request's authentication headers and URL forms handed to the
// decision (auth/decision.hpp), and the explainer run when a signature matched nothing.
#include <utility>

#include "ovhmock/auth/explain.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/store/oauth2.hpp"

namespace ovhmock {
namespace {

// The headers authentication reads, each the first of its name (as Request::header), found
// in one pass over the request's headers.
struct AuthHeaders {
  std::optional<std::string_view> host, authorization, application, consumer, timestamp, signature;
};

AuthHeaders auth_headers(const Request& request) {
  AuthHeaders found;
  const auto take = [](std::optional<std::string_view>& slot, const Header& h, std::string_view name) {
    if (!slot && iequals(h.name, name)) slot = h.value;
  };
  for (const auto& h : request.headers) {
    switch (h.name.size()) {
      case 4:
        take(found.host, h, "Host");
        break;
      case 13:
        take(found.authorization, h, "Authorization");
        break;
      case 14:
        take(found.consumer, h, "X-Ovh-Consumer");
        break;
      case 15:
        take(found.timestamp, h, "X-Ovh-Timestamp");
        take(found.signature, h, "X-Ovh-Signature");
        break;
      case 17:
        take(found.application, h, "X-Ovh-Application");
        break;
      default:
        break;
    }
  }
  return found;
}

// Fills `forms` with the URLs the client may have signed (strict first, then each public
// base), reusing their storage.
void fill_url_forms(std::vector<SignedUrlForm>& forms, const Request& request, std::string_view host,
                    const std::vector<std::string>& public_bases) {
  forms.resize(1 + public_bases.size());
  forms[0].name = "strict";
  forms[0].url.assign(request.scheme).append("://").append(host).append(request.target);
  for (std::size_t i = 0; i < public_bases.size(); ++i) {
    forms[i + 1].name.assign("public-base:").append(public_bases[i]);
    forms[i + 1].url.assign(public_bases[i]).append(request.target);
  }
}

}  // namespace

AuthVerdict Pipeline::authenticate(const Request& request) const {
  const AuthHeaders headers = auth_headers(request);
  // OAuth2: a bearer token and no consumer key (docs/credentials.md).
  if (!headers.consumer)
    if (auto token = bearer_token(headers.authorization.value_or("")))
      return authenticate_bearer(*token, state_.oauth2, state_.clock.now());
  // The URL forms' vector and strings are this thread's, lent to the input and given back:
  // after the first request they are filled without allocating.
  thread_local std::vector<SignedUrlForm> spare_forms;
  AuthInput in;
  in.url_forms = std::move(spare_forms);
  fill_url_forms(in.url_forms, request, headers.host.value_or(""), config_.public_bases);
  in.method = request.method;
  in.body = request.body;
  in.peer_address = request.peer_address;
  in.application_key = headers.application;
  in.consumer_key = headers.consumer;
  in.timestamp = headers.timestamp;
  in.signature = headers.signature;
  AuthVerdict verdict = authenticate_signature(in, state_.credentials, state_.clock.now(), config_.auth);
  // Why the signature failed (auth/explain.cpp): to the journal and a response header.
  if (verdict.error && verdict.error->error_code == "INVALID_SIGNATURE" && verdict.application_id && in.signature &&
      !in.signature->empty()) {
    if (auto app = state_.credentials.application_by_key(*in.application_key)) {
      ExplainInput ex{in.method,     in.url_forms,  in.body,
                      app->key,      app->secret,   *in.consumer_key,
                      *in.timestamp, *in.signature, state_.credentials.applications()};
      verdict.signature_hint = explain_signature_mismatch(ex);
    }
  }
  spare_forms = std::move(in.url_forms);
  return verdict;
}

}  // namespace ovhmock
