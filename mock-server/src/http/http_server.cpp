#include "http/http_server.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <openssl/pem.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "ovhmock/model/query_id.hpp"
#include "ovhmock/pipeline/request_limits.hpp"

namespace ovhmock {
namespace {

constexpr int kListenBacklog = 1024;

Request from_wire(const httplib::Request& in, const std::string& scheme) {
  Request out;
  out.method = in.method;
  out.target = in.target;  // raw: never the decoded path
  out.scheme = scheme;
  out.headers.reserve(in.headers.size());
  for (const auto& [name, value] : in.headers) {
    // cpp-httplib adds these itself; they were not sent by the client.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT") continue;
    out.headers.push_back({name, value});
  }
  out.body = in.body;
  out.peer_address = in.remote_addr;
  return out;
}

// A body announced on a method whose body cpp-httplib does not read.
bool unread_body(const httplib::Request& req) {
  if (req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS" && req.method != "TRACE" &&
      req.method != "CONNECT")
    return false;
  if (req.has_header("Transfer-Encoding")) return true;
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && length.find_first_not_of('0') != std::string::npos;
}

// Whether the request announces a non-empty body.
bool announces_body(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) return true;
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && length.find_first_not_of('0') != std::string::npos;
}

void to_wire(const Response& in, httplib::Response& out) {
  out.status = in.status;
  std::string content_type = "application/json; charset=utf-8";
  for (const auto& h : in.headers) {
    if (iequals(h.name, "Content-Type"))
      content_type = h.value;
    else
      out.set_header(h.name, h.value);
  }
  if (in.status == 204 || in.status == 304) {
    out.set_header("Content-Type", content_type);
    return;
  }
  out.set_content(in.body, content_type);
}

int port_of(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return static_cast<int>(ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port));
  if (a.ss_family == AF_INET6) return static_cast<int>(ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port));
  return -1;
}

std::string address_of(const sockaddr_storage& a) {
  char text[INET6_ADDRSTRLEN] = "";
  if (a.ss_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(a).sin_addr, text, sizeof text);
  else if (a.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(a).sin6_addr, text, sizeof text);
  return text;
}

// Calls `fn(fd, local port, peer port, peer address)` for every connected socket of the process.
// cpp-httplib 0.11 hands out no accepted socket: they are found among the descriptors.
template <class Fn>
void for_each_connection(Fn fn) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0)
      continue;
    if (fn(fd, port_of(local), port_of(peer), address_of(peer))) return;
  }
}

// Closes the connection a request came on without answering (Response::drop_connection).
// A TLS request carries its SSL object (and so the descriptor); a plain one is found among
// the process's descriptors by its two ports. shutdown() sends the FIN at once;
// cpp-httplib's own write then fails and it closes the descriptor as usual, so nothing is
// closed twice.
void drop_connection(const httplib::Request& req) {
  int fd = -1;
  if (req.ssl) {
    fd = SSL_get_fd(req.ssl);
  } else {
    for_each_connection([&](int candidate, int local_port, int peer_port, const std::string&) {
      if (local_port != req.local_port || peer_port != req.remote_port) return false;
      fd = candidate;
      return true;
    });
  }
  if (fd >= 0) shutdown(fd, SHUT_RDWR);
}

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct KeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};

// An HTTPS server from PEM text; SSL_CTX takes its own references to the key and certificate.
std::unique_ptr<httplib::Server> ssl_server_from_pem(const std::string& cert_pem, const std::string& key_pem) {
  std::unique_ptr<BIO, BioFree> cert_bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  std::unique_ptr<BIO, BioFree> key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  if (!cert_bio || !key_bio) throw std::runtime_error("cannot read TLS certificate or key");
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!cert || !key) throw std::runtime_error("cannot parse TLS certificate or key");
  return std::make_unique<httplib::SSLServer>(cert.get(), key.get());
}

}  // namespace

HttpServer::HttpServer(Pipeline& pipeline, ListenOptions options) : pipeline_(pipeline), options_(std::move(options)) {
  if (!options_.tls_cert_file.empty() && !options_.tls_key_file.empty()) {
    server_ = std::make_unique<httplib::SSLServer>(options_.tls_cert_file.c_str(), options_.tls_key_file.c_str());
    if (!server_->is_valid()) throw std::runtime_error("cannot load TLS certificate or key");
    scheme_ = "https";
  } else if (!options_.tls_cert_pem.empty() && !options_.tls_key_pem.empty()) {
    server_ = ssl_server_from_pem(options_.tls_cert_pem, options_.tls_key_pem);
    if (!server_->is_valid()) throw std::runtime_error("cannot load TLS certificate or key");
    scheme_ = "https";
  } else {
    server_ = std::make_unique<httplib::Server>();
    scheme_ = "http";
  }
  auto& s = *server_;
  // cpp-httplib's default_socket_options sets SO_REUSEPORT: a second server on a port in
  // use would then start without an error and the kernel would split the connections
  // between the two. SO_REUSEADDR only allows a restart while old connections linger in
  // TIME_WAIT; binding a port another socket listens on fails (EADDRINUSE).
  s.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = sock;
  });
  // Untuned cpp-httplib serves a keep-alive client ~300 requests/s (Nagle plus delayed
  // ACKs, and keep-alive capped at 5 requests per connection).
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(static_cast<std::size_t>(1) << 30);
  s.set_keep_alive_timeout(5);
  s.set_read_timeout(options_.read_timeout_seconds, 0);
  s.set_write_timeout(10, 0);
  s.set_payload_max_length(options_.max_body_bytes);
  const int threads = options_.threads > 0 ? options_.threads : 1;
  // cpp-httplib takes ownership of the queue it is handed.
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  // What cpp-httplib answers itself (malformed request line or headers, body over the
  // limit, target too long) gets the API's JSON error body too (docs/limits.md).
  s.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request&, httplib::Response& res) {
    // The pipeline's own answer, or a connection dropped on purpose (fault injection).
    if (!res.body.empty() || res.has_header("Connection")) return httplib::Server::HandlerResponse::Unhandled;
    ApiError error = res.status == 400   ? errors::malformed_request()
                     : res.status == 413 ? errors::payload_too_large(options_.max_body_bytes)
                     : res.status == 414 ? errors::uri_too_long()
                                         : errors::listener_error(res.status);
    Response answer = error_response(error);
    answer.set_header("X-Ovh-Queryid", make_query_id(pipeline_.state().clock.now()));
    answer.set_header("Connection", "close");  // what follows on the socket cannot be trusted
    to_wire(answer, res);
    return httplib::Server::HandlerResponse::Handled;
  }));
  // The pre-routing handler runs before cpp-httplib reads the body: requests go to the
  // pipeline from method handlers, which run once the body is in req.body.
  const auto handle = [this](const httplib::Request& req, httplib::Response& res) {
    // cpp-httplib 0.11.4 enforces the limit on Content-Length only: a chunked (or
    // compressed) body is measured once read.
    if (req.body.size() > options_.max_body_bytes) {
      Response refused = error_response(errors::payload_too_large(options_.max_body_bytes));
      refused.set_header("X-Ovh-Queryid", make_query_id(pipeline_.state().clock.now()));
      refused.set_header("Connection", "close");
      to_wire(refused, res);
      return;
    }
    const Response response = pipeline_.handle(from_wire(req, scheme_));
    if (response.drop_connection) {
      drop_connection(req);
      res.status = 500;
      res.set_header("Connection", "close");
      return;
    }
    to_wire(response, res);
  };
  // A request is being handled from its parsed headers until its answer is written
  // (cpp-httplib calls the logger then): stop() leaves its connection open meanwhile.
  s.set_logger([this](const httplib::Request& req, const httplib::Response&) {
    std::lock_guard lock(connections_mutex_);
    busy_.erase({req.remote_addr, req.remote_port});
  });
  s.set_pre_routing_handler([this, handle](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(connections_mutex_);
      busy_.insert({req.remote_addr, req.remote_port});
    }
    if (unread_body(req)) {
      // cpp-httplib reads no body for GET, HEAD or OPTIONS: refuse rather than ignore bytes
      // the signature may cover, and close the connection so they are never parsed as a request.
      Response refused = error_response(errors::bad_request("A " + req.method + " request cannot carry a body"));
      refused.set_header("X-Ovh-Queryid", make_query_id(pipeline_.state().clock.now()));
      refused.set_header("Connection", "close");
      to_wire(refused, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    // Header syntax is checked before any body byte is read.
    if (auto malformed = malformed_headers(from_wire(req, scheme_))) {
      Response refused = error_response(*malformed);
      refused.set_header("X-Ovh-Queryid", make_query_id(pipeline_.state().clock.now()));
      refused.set_header("Connection", "close");
      to_wire(refused, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    // The API answers whole JSON documents: a Range header is ignored, never applied to
    // the body (the request object is ours to change; cpp-httplib hands it as const).
    const_cast<httplib::Request&>(req).ranges.clear();
    // A write announcing no body has none (RFC 9112 6.3), but cpp-httplib would wait for the
    // connection to close: answer it here, at once.
    // TRACE and CONNECT have no method handler in cpp-httplib (it would answer 400): they
    // carry no body (refused above) and get the pipeline's answer, 404 like any unserved method.
    if (((req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE") &&
         !announces_body(req)) ||
        req.method == "TRACE" || req.method == "CONNECT") {
      handle(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const std::string any = R"([\s\S]*)";
  s.Get(any, handle);
  s.Post(any, handle);
  s.Put(any, handle);
  s.Patch(any, handle);
  s.Delete(any, handle);
  s.Options(any, handle);
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  int port = options_.port;
  errno = 0;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
  } else if (!server_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    const int error = errno;
    std::string why = error == EADDRINUSE ? "the port is in use (another server listens on it)"
                      : error == EACCES   ? "permission denied"
                      : error != 0        ? std::strerror(error)
                                          : "bind failed";
    throw std::runtime_error("cannot listen on " + options_.host + " port " + std::to_string(options_.port) + ": " +
                             why);
  }
  bound_port_ = port;
  // cpp-httplib listens with a backlog of 5: a burst of clients connecting at once (64 in
  // the concurrency test) overflows it and waits for SYN retransmissions, seconds each.
  // Listening again on the bound socket only raises the backlog (docs/limits.md).
  if (listen_socket_ >= 0) ::listen(listen_socket_, kListenBacklog);
  return port;
}

void HttpServer::serve() { server_->listen_after_bind(); }

bool HttpServer::stop() {
  // cpp-httplib's stop() does nothing before listen has started, and must not run twice.
  if (stop_sent_) return true;
  if (!server_->is_running()) return false;
  stop_sent_ = true;
  server_->stop();  // closes the listening socket: no new connection
  // A worker waits up to the keep-alive timeout (5 s) on an idle keep-alive connection
  // before it sees that the server stops. Closing the reading side of every idle accepted
  // connection wakes it at once (end of stream). A connection whose request is being
  // handled is left alone: its answer is written, then cpp-httplib closes it, the server
  // being stopped.
  std::lock_guard lock(connections_mutex_);
  for_each_connection([&](int fd, int local_port, int peer_port, const std::string& peer_address) {
    if (fd != listen_socket_ && local_port == bound_port_ && !busy_.contains({peer_address, peer_port}))
      shutdown(fd, SHUT_RD);
    return false;
  });
  return true;
}

}  // namespace ovhmock
