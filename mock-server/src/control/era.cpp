// The API era (docs/control-plane.md): read it and switch it at run time.
#include "control/handlers.hpp"
#include "ovhmock/model/api_era.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::control {
namespace {

nlohmann::json era_json(const Context& ctx) {
  const EraProfile p = answer_era(ctx.state, ctx.config);
  const auto switched = ctx.state.era.get();
  return {{"era", to_string(p.era)},
          {"commandLineEra", to_string(ctx.config.api_era)},
          {"switched", switched.has_value()},
          {"behaviours",
           {{"voidAnswer", p.void_as_200_null ? "200 null" : "204"},
            {"txtTargets", p.quote_txt ? "quoted" : "as-sent"},
            {"errorFormat", to_string(p.error_format)},
            {"recordTypes2025", p.record_types_2025}}}};
}

}  // namespace

// --- era ----------------------------------------------------------------------------

Reply era_get(Context& ctx) { return Reply::json(era_json(ctx)); }

Reply era_put(Context& ctx) {
  const auto& body = object_body(ctx);
  only(body, {"era"});
  const auto text = opt_string(body, "era");
  if (!text) bad("era is required: current, 2024 or 2022");
  const auto era = parse_api_era(*text);
  if (!era) bad("Unknown era " + *text + " (current, 2024 or 2022)");
  ctx.state.era.set(*era);
  return Reply::json(era_json(ctx));
}

Reply era_delete(Context& ctx) {
  ctx.state.era.set(std::nullopt);
  return Reply::json(era_json(ctx));
}

}  // namespace ovhmock::control
