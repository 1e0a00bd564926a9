#pragma once
// One keep-alive HTTP/1.1 connection over a plain socket or OpenSSL, as lean as possible
// so that the load generator spends its CPU share on sending, not on parsing.
#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <string_view>

namespace ovhload {

struct Target {
  std::string scheme;  // "http" or "https"
  std::string host;    // as in the URL
  int port = 0;
  std::string host_header() const { return host + ":" + std::to_string(port); }
  std::string base() const { return scheme + "://" + host_header(); }
};

// "http://127.0.0.1:8080" (a path after the authority is ignored). Throws on anything else.
Target parse_target(std::string_view url);

// The TLS settings shared by every connection: verification off with `insecure`, else
// against `ca_file` (or the system store when empty).
class TlsContext {
 public:
  TlsContext(bool insecure, const std::string& ca_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  SSL_CTX* get() const { return ctx_; }

 private:
  SSL_CTX* ctx_ = nullptr;
};

struct HttpResult {
  int status = 0;
  std::string body;
  bool close = false;  // the server asked to close (Connection: close)
};

class Connection {
 public:
  Connection(const Target& target, const TlsContext* tls);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Connects if needed, sends the request bytes, reads one whole response.
  // Throws std::runtime_error on a socket, TLS or protocol error (the connection is then closed).
  HttpResult exchange(std::string_view request);
  void close();

 private:
  void open();
  void send_all(std::string_view bytes);
  std::size_t recv_some();  // appends to buf_; 0 on orderly close
  void fill(std::size_t need);
  HttpResult read_response();

  Target target_;
  const TlsContext* tls_;
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  std::string buf_;
  std::size_t pos_ = 0;  // read position in buf_
};

}  // namespace ovhload
