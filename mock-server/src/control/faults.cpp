// Injected faults and the metrics (docs/control-plane.md).
#include "control/handlers.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::control {

// --- faults -------------------------------------------------------------------------

Reply faults_list(Context& ctx) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : ctx.state.faults.list()) list.push_back(f.to_json());
  return Reply::json({{"faults", list}});
}

Reply fault_add(Context& ctx) {
  Fault f;
  try {
    f = Fault::from_json(ctx.json_body());
  } catch (const std::invalid_argument& e) {
    bad(e.what());
  }
  return Reply::json(ctx.state.faults.add(f).to_json(), 201);
}

Reply fault_remove(Context& ctx) {
  if (!ctx.state.faults.remove(ctx.param("id"))) throw ApiException(admin_error(404, "No such fault"));
  return Reply::none();
}

Reply faults_clear(Context& ctx) {
  ctx.state.faults.clear();
  return Reply::none();
}

// --- metrics ------------------------------------------------------------------------

Reply metrics(Context& ctx) {
  return Reply::text(ctx.state.metrics.render(ctx.state.journal.size()), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace ovhmock::control
