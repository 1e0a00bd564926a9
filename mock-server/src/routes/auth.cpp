// /auth: time, the current credential, details, logout.
#include "routes/auth.hpp"

#include "ovhmock/state.hpp"
#include "routes/models.hpp"

namespace ovhmock::routes {

Reply auth_time(Context& ctx) { return Reply::json(ctx.state.clock.now()); }

Reply auth_current_credential(Context& ctx) {
  // Read again: the verdict holds the credential as it was before this call touched it.
  auto cred = ctx.state.credentials.credential(ctx.auth.credential->id);
  if (!cred) throw ApiException(errors::invalid_credential());
  return Reply::json(credential_json(*cred, ctx.state.clock.now()));
}

Reply auth_logout(Context& ctx) {
  const auto now = ctx.state.clock.now();
  ctx.state.credentials.update_credential(ctx.auth.credential->id, [now](Credential& c) {
    c.state = CredentialState::expired;
    c.expiration = now;
  });
  return Reply::none();
}

}  // namespace ovhmock::routes
