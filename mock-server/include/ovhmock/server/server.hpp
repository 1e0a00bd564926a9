#pragma once
// The one way to build a server: the state (loaded from the data set), the pipeline with
// every route (each API area's, then the control plane's) and the observers the binary
// has (journal, metrics, and the access log when asked for). main, the tests, the
// benchmarks, the fuzz targets and the strictness tool all build theirs here, so none of
// them runs without the admin routes or the observers; the route table and the observers
// are not exposed, only the options of Config.
#include <cstdio>
#include <memory>

#include "ovhmock/model/config.hpp"
#include "ovhmock/observe/observers.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock {

struct Config {
  ServerConfig server;              // shared read-only by the pipeline and handlers
  bool load_data_set = true;        // load server.fixtures_dir (FixtureError when it is bad); false: empty stores
  std::size_t journal_size = 1000;  // entries the journal keeps (0: off)
  LogFormat log_format = LogFormat::off;
  std::FILE* log = nullptr;  // where the access log goes (with a log format other than off)
  // The observers the binary has (journal, metrics, access log). false: none at all, for
  // the benchmarks that measure the pipeline alone; the routes are the same either way.
  bool observers = true;
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

}  // namespace ovhmock
