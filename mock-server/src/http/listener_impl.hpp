#pragma once
// The listener's shared state (HttpServer::Impl): the I/O context, the acceptor, the TLS
// context and the registry of live sessions that stop() closes.
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

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
        ioc(threads),
        acceptor(listener::net::make_strand(ioc)) {}

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
  listener::net::io_context ioc;
  listener::tcp::acceptor acceptor;
  listener::net::steady_timer accept_retry{ioc};
};

}  // namespace ovhmock
