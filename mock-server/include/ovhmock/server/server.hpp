#pragma once
// The one way to build a server: the state (loaded from the data set), the pipeline with
// every route (each API area's, then the control plane's) and the observers the binary
// has (journal, metrics, and the access log when asked for). main, the tests, the
// benchmarks, the fuzz targets and the strictness tool all build theirs here, so none of
// them runs without the admin routes or the observers.
#include <cstdio>
#include <memory>
#include <vector>

#include "ovhmock/model/config.hpp"
#include "ovhmock/observe/observers.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock {

struct Config {
  ServerConfig server;         // shared read-only by the pipeline and handlers
  bool load_data_set = true;   // load server.fixtures_dir (FixtureError when it is bad)
  std::size_t journal_size = 1000;
  LogFormat log_format = LogFormat::off;
  std::FILE* log = nullptr;  // where the access log goes (with a log format other than off)
};

class Server {
 public:
  explicit Server(const Config& config);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  State& state() { return state_; }
  Pipeline& pipeline() { return pipeline_; }
  // The configuration the pipeline reads (tests may change it before sending requests).
  ServerConfig& config() { return config_.server; }

 private:
  Config config_;
  State state_;
  Pipeline pipeline_;
};

std::unique_ptr<Server> make_server(const Config& config);

// Every route the server answers: the areas' (api_routes()), then the control plane's.
std::vector<Route> server_routes();

// Adds the journal and metrics observers (the pipeline's State), and the access log on
// `log` unless the format is off.
void add_observers(Pipeline& pipeline, LogFormat format, std::FILE* log);

}  // namespace ovhmock
