#include "ovhmock/server/server.hpp"

#include <vector>

#include "ovhmock/control/control_plane.hpp"
#include "ovhmock/dataset/dataset.hpp"

namespace ovhmock {
namespace {

// Every route the server answers: the areas' (api_routes()), then the control plane's.
std::vector<Route> server_routes() {
  auto routes = api_routes();
  auto admin = admin_routes();
  routes.insert(routes.end(), std::make_move_iterator(admin.begin()), std::make_move_iterator(admin.end()));
  return routes;
}

// The journal and metrics observers (the pipeline's State), and the access log on `log`
// unless the format is off.
void add_observers(Pipeline& pipeline, LogFormat format, std::FILE* log) {
  State& state = pipeline.state();
  pipeline.add_observer(data_observer(state.journal, state.metrics, state.clock));
  if (format != LogFormat::off && log) pipeline.add_observer(access_log_observer(format, log));
}

}  // namespace

Server::Server(const Config& config) : config_(config), pipeline_(state_, config_.server, server_routes()) {
  if (config_.load_data_set) state_.load(load_fixtures(config_.server.fixtures_dir));
  state_.journal.set_capacity(config_.journal_size);
  if (config_.observers) add_observers(pipeline_, config_.log_format, config_.log);
}

std::unique_ptr<Server> make_server(const Config& config) { return std::make_unique<Server>(config); }

}  // namespace ovhmock
