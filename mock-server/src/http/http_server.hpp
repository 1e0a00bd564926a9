#pragma once
// The listener: cpp-httplib, tuned (TCP_NODELAY, uncapped keep-alive, a sized thread
// pool), handing every request to the pipeline unchanged (raw target, raw body).
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "ovhmock/pipeline/pipeline.hpp"

namespace httplib {
class Server;
}

namespace ovhmock {

struct ListenOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  int threads = 64;
  std::size_t max_body_bytes = 1 << 20;
  int read_timeout_seconds = 10;  // a connection silent this long mid-request is closed
  std::string tls_cert_file;      // both set: HTTPS
  std::string tls_key_file;
  std::string tls_cert_pem;  // or both set (PEM text, e.g. generated): HTTPS
  std::string tls_key_pem;
};

class HttpServer {
 public:
  HttpServer(Pipeline& pipeline, ListenOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket; returns the bound port. Throws std::runtime_error on failure.
  int bind();
  // Serves until stop(); returns when the listener has closed.
  void serve();
  // Asks a running listener to close; false when it is not listening yet (call again).
  // Idle keep-alive connections are closed at once; a request being handled is answered.
  bool stop();
  const std::string& scheme() const { return scheme_; }

 private:
  Pipeline& pipeline_;
  ListenOptions options_;
  std::string scheme_;
  std::unique_ptr<httplib::Server> server_;
  std::atomic<bool> stop_sent_{false};
  int listen_socket_ = -1;  // remembered at creation, to raise cpp-httplib's backlog of 5
  int bound_port_ = -1;     // the accepted connections are the sockets on this local port
  std::mutex connections_mutex_;
  // Peers (address, port) whose request is being handled. An entry whose answer could not be
  // written (connection gone) stays until that peer port sends another request.
  std::set<std::pair<std::string, int>> busy_;
};

}  // namespace ovhmock
