#pragma once
// The listener's shared state (HttpServer::Impl): one I/O context per I/O thread, the
// acceptor, the TLS context and the registry of live sessions that stop() closes.
//
// Each connection belongs to one I/O context, chosen in turn when it is accepted, and each
// context is run by exactly one thread: a connection's reads, handling and writes all run
// on the thread that waits for its socket, with no hand-over between threads (what one
// context shared by several threads costs at every request).
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/http_server.hpp"

namespace ovhmock {
namespace listener {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void stop() = 0;
};

}  // namespace listener

struct HttpServer::Impl {
  Impl(Pipeline& p, ListenOptions o)
      : pipeline(p),
        options(std::move(o)),
        threads(options.threads > 0 ? options.threads : default_io_threads()),
        contexts(make_contexts(threads)),
        ioc(*contexts.front()),
        acceptor(ioc) {}

  static std::vector<std::unique_ptr<listener::net::io_context>> make_contexts(int n) {
    std::vector<std::unique_ptr<listener::net::io_context>> made;
    for (int i = 0; i < n; ++i) made.push_back(std::make_unique<listener::net::io_context>(1));
    return made;
  }
  // The context of the next accepted connection, in turn (called by the acceptor only).
  listener::net::io_context& next_context() { return *contexts[next_context_index++ % contexts.size()]; }

  void accept();
  void start_session(listener::tcp::socket socket);
  void forget(std::uint64_t id) {
    std::lock_guard lock(mutex);
    sessions.erase(id);
  }

  Pipeline& pipeline;
  ListenOptions options;
  std::string scheme = "http";
  int threads;
  // Declared before the I/O context: the sessions it destroys unregister from here.
  std::mutex mutex;
  std::map<std::uint64_t, std::weak_ptr<listener::SessionBase>> sessions;
  std::uint64_t next_id = 0;
  std::atomic<bool> serving{false};
  std::atomic<bool> stop_sent{false};
  std::optional<listener::ssl::context> tls;
  std::vector<std::unique_ptr<listener::net::io_context>> contexts;  // one per I/O thread
  listener::net::io_context& ioc;                                    // the acceptor's: the first
  std::size_t next_context_index = 0;
  // Keep every context running while serving, even one without connections; stop() lets go.
  std::vector<listener::net::executor_work_guard<listener::net::io_context::executor_type>> keep_running;
  listener::tcp::acceptor acceptor;
  listener::net::steady_timer accept_retry{ioc};
};

}  // namespace ovhmock
