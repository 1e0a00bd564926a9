#include "http/http_server.hpp"

#include <httplib.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "ovhmock/query_id.hpp"

namespace ovhmock {
namespace {

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

// Whether the request announces a non-empty body.
bool announces_body(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) return true;
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && length.find_first_not_of('0') != std::string::npos;
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

}  // namespace

HttpServer::HttpServer(Pipeline& pipeline, ListenOptions options) : pipeline_(pipeline), options_(std::move(options)) {
  if (!options_.tls_cert_file.empty() && !options_.tls_key_file.empty()) {
    server_ = std::make_unique<httplib::SSLServer>(options_.tls_cert_file.c_str(), options_.tls_key_file.c_str());
    if (!server_->is_valid()) throw std::runtime_error("cannot load TLS certificate or key");
    scheme_ = "https";
  } else {
    server_ = std::make_unique<httplib::Server>();
    scheme_ = "http";
  }
  auto& s = *server_;
  // Untuned cpp-httplib serves a keep-alive client ~300 requests/s (Nagle plus delayed
  // ACKs, and keep-alive capped at 5 requests per connection).
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(static_cast<std::size_t>(1) << 30);
  s.set_keep_alive_timeout(5);
  s.set_read_timeout(10, 0);
  s.set_write_timeout(10, 0);
  s.set_payload_max_length(options_.max_body_bytes);
  const int threads = options_.threads > 0 ? options_.threads : 1;
  // cpp-httplib takes ownership of the queue it is handed.
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (unread_body(req)) {
      // cpp-httplib reads no body for GET, HEAD or OPTIONS: refuse rather than ignore bytes
      // the signature may cover, and close the connection so they are never parsed as a request.
      Response refused = error_response(errors::bad_request("A " + req.method + " request cannot carry a body"));
      refused.set_header("X-Ovh-Queryid", make_query_id(pipeline_.state().clock.now()));
      refused.set_header("Connection", "close");
      to_wire(refused, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    // cpp-httplib calls this handler before it reads the body: a request that announces one
    // is answered by the handlers below, once the body is read. (One that announces none has
    // none, RFC 9112 6.3; cpp-httplib would wait for the connection to close instead.)
    if ((req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE") &&
        announces_body(req))
      return httplib::Server::HandlerResponse::Unhandled;
    const Response response = pipeline_.handle(from_wire(req, scheme_));
    to_wire(response, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  const auto with_body = [this](const httplib::Request& req, httplib::Response& res) {
    to_wire(pipeline_.handle(from_wire(req, scheme_)), res);
  };
  const char* any_path = R"([\s\S]*)";
  s.Post(any_path, with_body);
  s.Put(any_path, with_body);
  s.Patch(any_path, with_body);
  s.Delete(any_path, with_body);
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  int port = options_.port;
  if (port == 0) {
    port = server_->bind_to_any_port(options_.host);
  } else if (!server_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port <= 0) throw std::runtime_error("cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  return port;
}

void HttpServer::serve() {
  serving_ = true;
  if (!stop_requested_) server_->listen_after_bind();
  serving_ = false;
}

void HttpServer::stop() {
  // cpp-httplib's stop() does nothing until the listen loop runs: a stop arriving between
  // bind() and the start of serve() (a SIGTERM right after the ready line) would be lost.
  stop_requested_ = true;
  while (serving_ && !server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_->stop();
}

}  // namespace ovhmock
