// The virtual clock (docs/control-plane.md).
#include "control/handlers.hpp"
#include "ovhmock/model/time_format.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::control {

// --- clock --------------------------------------------------------------------------

nlohmann::json clock_json(const Clock& clock) {
  const auto now = clock.now();
  return {{"now", now},
          {"nowIso", format_datetime(now)},
          {"realNow", Clock::real_now()},
          {"offset", clock.offset()},
          {"frozen", clock.frozen()}};
}

Reply clock_get(Context& ctx) { return Reply::json(clock_json(ctx.state.clock)); }

std::int64_t seconds_field(Context& ctx) {
  const auto& b = object_body(ctx);
  only(b, {"seconds"});
  auto s = opt_integer(b, "seconds");
  if (!s) bad("seconds is required (an integer)");
  return *s;
}

Reply clock_offset(Context& ctx) {
  ctx.state.clock.set_offset(seconds_field(ctx));
  return clock_get(ctx);
}

Reply clock_step(Context& ctx) {
  ctx.state.clock.step(seconds_field(ctx));
  return clock_get(ctx);
}

Reply clock_freeze(Context& ctx) {
  const auto& b = object_body(ctx);
  only(b, {"at"});
  std::optional<std::int64_t> at;
  if (b.contains("at") && b.at("at").is_string()) {
    at = parse_datetime(b.at("at").get<std::string>());
    if (!at) bad("at must be Unix seconds or an ISO-8601 datetime with an offset");
  } else {
    at = opt_integer(b, "at");
  }
  ctx.state.clock.freeze(at);
  return clock_get(ctx);
}

Reply clock_unfreeze(Context& ctx) {
  ctx.state.clock.unfreeze();
  return clock_get(ctx);
}

Reply clock_reset(Context& ctx) {
  ctx.state.clock.reset();
  return clock_get(ctx);
}

}  // namespace ovhmock::control
