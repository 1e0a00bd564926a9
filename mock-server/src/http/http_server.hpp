#pragma once
// The listener: Boost.Beast's HTTP/1.1 parser on Boost.Asio's epoll reactor, a few I/O
// threads for any number of keep-alive connections. Every request goes to the pipeline
// unchanged: raw method, raw target, header names and values exactly as received, raw
// body. What the listener refuses itself goes through Pipeline::refuse (docs/limits.md).
#include <memory>
#include <string>

#include "ovhmock/pipeline/pipeline.hpp"

namespace ovhmock {

struct ListenOptions {
  std::string host = "127.0.0.1";
  int port = 0;     // 0: any free port
  int threads = 0;  // I/O threads serving every connection; 0: default_io_threads()
  std::size_t max_body_bytes = 1 << 20;
  int read_timeout_seconds = 10;  // a connection silent this long mid-request gets 400 and is closed
  int idle_timeout_seconds = 5;   // a keep-alive connection silent this long between requests is closed
  std::string tls_cert_file;      // both set: HTTPS
  std::string tls_key_file;
  std::string tls_cert_pem;  // or both set (PEM text, e.g. generated): HTTPS
  std::string tls_key_pem;
};

// The default number of I/O threads: one per core (a `latency` fault waits on a timer, so
// no thread is held by a delayed request).
int default_io_threads();

class HttpServer {
 public:
  HttpServer(Pipeline& pipeline, ListenOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket; returns the bound port. Throws std::runtime_error on failure.
  int bind();
  // Serves until stop(); returns when the listener and every connection have closed.
  void serve();
  // Asks a running listener to close; false when it is not serving yet (call again).
  // Idle keep-alive connections are closed at once; a request being handled is answered.
  bool stop();
  const std::string& scheme() const { return scheme_; }

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::string scheme_;
};

}  // namespace ovhmock
