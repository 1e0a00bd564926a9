#include "http/http_server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include "ovhmock/pipeline/request_limits.hpp"

namespace ovhmock {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

constexpr int kListenBacklog = 1024;
// One request line or one header line: longer is refused (414 for the request line, 400 for
// a header line), as cpp-httplib did.
constexpr std::size_t kMaxLine = 8192;
// The whole header: room for kMaxHeaderCount lines of kMaxLine, so that the count check
// (431) is reached before this bound.
constexpr std::size_t kHeaderLimit = (kMaxHeaderCount + 2) * kMaxLine;
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr int kWriteTimeoutSeconds = 10;
// After a refusal (Connection: close) what the client still sends is read and dropped for
// this long, up to kDrainBytes, so that it reads the answer instead of a connection reset.
constexpr int kLingerSeconds = 2;
constexpr std::size_t kDrainBytes = 8 << 20;

constexpr std::string_view kKnownMethods[] = {"GET",   "HEAD",    "POST",  "PUT",    "DELETE",
                                              "PATCH", "OPTIONS", "TRACE", "CONNECT"};

bool bodiless_method(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "TRACE" || m == "CONNECT";
}

// Whether the request announces a non-empty body.
bool announces_body(const Request& r) {
  if (r.header("Transfer-Encoding")) return true;
  const auto length = r.header("Content-Length");
  return length && length->find_first_not_of('0') != std::string_view::npos;
}

// What the listener refuses before the pipeline, in the order cpp-httplib applied the same
// checks (docs/limits.md). `version`: 10 or 11 for HTTP/1.0 and 1.1, anything else refused.
std::optional<ApiError> listener_checks(const Request& r, int version, std::size_t request_line) {
  if (request_line > kMaxLine) return errors::uri_too_long();
  if (std::find(std::begin(kKnownMethods), std::end(kKnownMethods), r.method) == std::end(kKnownMethods))
    return errors::malformed_request();
  if (version != 10 && version != 11) return errors::malformed_request();
  for (const auto& h : r.headers)
    if (h.name.size() + 2 + h.value.size() > kMaxLine) return errors::malformed_request();
  if (bodiless_method(r.method) && announces_body(r))
    return errors::bad_request("A " + r.method + " request cannot carry a body");
  return malformed_headers(r);
}

std::string_view trim_ows(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// What can be read of a request the parser refused: its request line and header lines,
// leniently, so that the refusal is journaled with them and the header checks name the
// offending header. `version` gets 10, 11 or 0; `request_line` the first line's length.
Request partial_from_raw(std::string_view raw, int& version, std::size_t& request_line) {
  Request out;
  raw = raw.substr(0, kHeaderLimit);
  const auto eol = raw.find('\n');
  std::string_view first = raw.substr(0, eol);
  request_line = first.size();
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  const auto sp1 = first.find(' ');
  out.method = std::string(first.substr(0, sp1));
  version = 0;
  if (sp1 != std::string_view::npos) {
    const auto sp2 = first.rfind(' ');
    out.target = std::string(first.substr(sp1 + 1, sp2 > sp1 ? sp2 - sp1 - 1 : std::string_view::npos));
    const std::string_view v = sp2 > sp1 ? first.substr(sp2 + 1) : std::string_view{};
    version = v == "HTTP/1.1" ? 11 : v == "HTTP/1.0" ? 10 : 0;
  }
  if (eol == std::string_view::npos) return out;
  std::string_view rest = raw.substr(eol + 1);
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    out.headers.push_back({std::string(line.substr(0, colon)), std::string(trim_ows(line.substr(colon + 1)))});
  }
  return out;
}

bool valid_field(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// The answer on the wire. Content-Length is the listener's; a header the pipeline set with
// CR, LF or NUL in it is left out rather than split the answer.
void serialize(const Response& r, bool keep_alive, bool http10, bool head, std::string& out) {
  const bool bodiless = r.status < 200 || r.status == 204 || r.status == 304;
  out.clear();
  out.reserve(256 + r.body.size());
  out.append("HTTP/1.1 ").append(std::to_string(r.status)).append(" ").append(reason_phrase(r.status)).append("\r\n");
  bool content_type = false;
  for (const auto& h : r.headers) {
    if (!valid_field(h.name) || !valid_field(h.value) || iequals(h.name, "Content-Length") ||
        iequals(h.name, "Connection") || iequals(h.name, "Transfer-Encoding"))
      continue;
    content_type = content_type || iequals(h.name, "Content-Type");
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  if (!content_type) out.append("Content-Type: application/json; charset=utf-8\r\n");
  if (!bodiless) out.append("Content-Length: ").append(std::to_string(r.body.size())).append("\r\n");
  if (!keep_alive)
    out.append("Connection: close\r\n");
  else if (http10)
    out.append("Connection: keep-alive\r\n");
  out.append("\r\n");
  if (!bodiless && !head) out.append(r.body);
}

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void stop() = 0;
};

}  // namespace

struct HttpServer::Impl {
  Impl(Pipeline& p, ListenOptions o)
      : pipeline(p),
        options(std::move(o)),
        threads(options.threads > 0 ? options.threads : default_io_threads()),
        ioc(threads),
        acceptor(net::make_strand(ioc)) {}

  void accept();
  void start_session(tcp::socket socket);
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
  std::map<std::uint64_t, std::weak_ptr<SessionBase>> sessions;
  std::uint64_t next_id = 0;
  std::atomic<bool> serving{false};
  std::atomic<bool> stop_sent{false};
  std::optional<ssl::context> tls;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry{ioc};
};

namespace {

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

 public:
  Session(HttpServer::Impl& server, tcp::socket socket, std::string peer, std::uint64_t id)
      : server_(server),
        stream_(make_stream(std::move(socket), server)),
        timer_(stream_.get_executor()),
        peer_(std::move(peer)),
        id_(id) {}
  ~Session() override { server_.forget(id_); }

  void start() {
    if constexpr (kTls) {
      arm(server_.options.read_timeout_seconds);
      stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](error_code ec) {
        if (self->closed_) return;
        if (ec) return self->close_now();
        self->read_request();
      });
    } else {
      read_request();
    }
  }

  std::uint64_t id() const { return id_; }
  auto executor() { return stream_.get_executor(); }

  void stop() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->stopping_ = true;
      // Idle or partly received: closed at once. A request being handled is answered, then
      // the connection closes.
      if (self->phase_ != Phase::handling) self->close_now();
    });
  }

 private:
  enum class Phase { idle, reading, handling, closing };

  static Stream make_stream(tcp::socket socket, HttpServer::Impl& server) {
    if constexpr (kTls)
      return Stream(std::move(socket), *server.tls);
    else
      return socket;
  }
  tcp::socket& socket() {
    if constexpr (kTls)
      return stream_.next_layer();
    else
      return stream_;
  }

  // One deadline per phase: when it passes, the pending read or write is cancelled and its
  // handler sees timed_out_. Moving the deadline only records it; the timer, waiting for an
  // earlier one, waits again when it fires early (no timer operation per request).
  void arm(int seconds) {
    timed_out_ = false;
    deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    if (timer_waiting_ && timer_.expiry() <= deadline_) return;
    wait_deadline();
  }

  void wait_deadline() {
    timer_waiting_ = true;
    timer_.expires_at(deadline_);
    timer_.async_wait([self = this->shared_from_this()](error_code ec) {
      if (ec == net::error::operation_aborted && !self->closed_) return;  // moved earlier: a newer wait runs
      self->timer_waiting_ = false;
      if (ec || self->closed_) return;
      if (std::chrono::steady_clock::now() < self->deadline_) return self->wait_deadline();
      self->timed_out_ = true;
      error_code ignored;
      self->socket().cancel(ignored);
    });
  }

  void read_request() {
    if (stopping_ || server_.stop_sent) return close_now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(kHeaderLimit));
    parser_->body_limit(server_.options.max_body_bytes);
    header_checked_ = false;
    partial_ = Request{};
    phase_ = buffer_.size() > 0 ? Phase::reading : Phase::idle;
    if (buffer_.size() > 0)
      parse();
    else
      read_more();
  }

  void read_more() {
    arm(phase_ == Phase::idle ? server_.options.idle_timeout_seconds : server_.options.read_timeout_seconds);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(error_code ec, std::size_t n) {
    if (closed_) return;
    if (n > 0) {
      buffer_.commit(n);
      if (phase_ == Phase::idle) phase_ = Phase::reading;
    }
    if (ec) {
      // Silence in the middle of a request: 400, as for any malformed request.
      if (timed_out_ && phase_ != Phase::idle && !stopping_) return refuse_now(errors::malformed_request());
      return close_now();
    }
    parse();
  }

  void parse() {
    while (buffer_.size() > 0 && !parser_->is_done()) {
      error_code ec;
      const std::size_t used = parser_->put(buffer_.data(), ec);
      if (ec == http::error::need_more) break;
      if (ec) return refuse_parse(ec);  // the refused bytes stay in the buffer, for the journal
      buffer_.consume(used);
      if (parser_->is_header_done() && !header_checked_) {
        header_checked_ = true;
        if (!on_header()) return;
      }
      if (used == 0) break;
    }
    if (parser_->is_header_done() && !header_checked_) {
      header_checked_ = true;
      if (!on_header()) return;
    }
    if (parser_->is_done()) return handle();
    read_more();
  }

  // The header is complete: the listener's checks, then the body. False when refused or
  // when the body is read after an interim answer.
  bool on_header() {
    const auto& msg = parser_->get();
    partial_.method = std::string(msg.method_string());
    partial_.target = std::string(msg.target());
    partial_.scheme = server_.scheme;
    partial_.peer_address = peer_;
    for (const auto& field : msg)
      partial_.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    const std::size_t request_line = partial_.method.size() + partial_.target.size() + 10;
    if (auto refused = listener_checks(partial_, static_cast<int>(msg.version()), request_line)) {
      refuse(partial_, *refused);
      return false;
    }
    phase_ = Phase::handling;
    const auto expect = partial_.header("Expect");
    if (expect && iequals(*expect, "100-continue") && msg.version() == 11 && !parser_->is_done()) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      arm(kWriteTimeoutSeconds);
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = this->shared_from_this()](error_code ec, std::size_t) {
                         if (self->closed_) return;
                         if (ec) return self->close_now();
                         self->parse();
                       });
      return false;
    }
    return true;
  }

  void refuse_parse(error_code ec) {
    if (header_checked_) {
      // In the body: over the limit once read (chunked), or a malformed chunk.
      return refuse(partial_, ec == http::error::body_limit ? errors::payload_too_large(server_.options.max_body_bytes)
                                                            : errors::malformed_request());
    }
    int version = 0;
    std::size_t request_line = 0;
    const auto data = buffer_.data();
    Request partial =
        partial_from_raw(std::string_view(static_cast<const char*>(data.data()), data.size()), version, request_line);
    partial.scheme = server_.scheme;
    partial.peer_address = peer_;
    std::optional<ApiError> error = listener_checks(partial, version, request_line);
    if (!error)
      error = ec == http::error::body_limit ? errors::payload_too_large(server_.options.max_body_bytes)
              : ec == http::error::header_limit
                  ? ApiError{431, "Client::RequestHeaderFieldsTooLarge", "", "Request header fields too large", {}}
                  : errors::malformed_request();
    refuse(partial, *error);
  }

  void refuse_now(const ApiError& error) {
    if (!header_checked_) {
      int version = 0;
      std::size_t request_line = 0;
      const auto data = buffer_.data();
      partial_ =
          partial_from_raw(std::string_view(static_cast<const char*>(data.data()), data.size()), version, request_line);
      partial_.scheme = server_.scheme;
      partial_.peer_address = peer_;
    }
    refuse(partial_, error);
  }

  void refuse(const Request& partial, const ApiError& error) {
    phase_ = Phase::handling;
    write(server_.pipeline.refuse(partial, error), false, false, partial.method == "HEAD");
  }

  void handle() {
    auto& msg = parser_->get();
    Request request = std::move(partial_);
    request.body = std::move(msg.body());
    const Response response = server_.pipeline.handle(request);
    if (response.drop_connection) return close_now();
    const auto connection = response.header("Connection");
    const bool keep = msg.keep_alive() && !(connection && iequals(*connection, "close"));
    write(response, keep, msg.version() == 10, request.method == "HEAD");
  }

  void write(const Response& response, bool keep_alive, bool http10, bool head) {
    keep_alive = keep_alive && !stopping_ && !server_.stop_sent;
    serialize(response, keep_alive, http10, head, out_);
    arm(kWriteTimeoutSeconds);
    net::async_write(stream_, net::buffer(out_),
                     [self = this->shared_from_this(), keep_alive](error_code ec, std::size_t) {
                       if (self->closed_) return;
                       if (ec) return self->close_now();
                       // Stopping: the answer is out, the server does not wait for the client.
                       if (self->stopping_ || self->server_.stop_sent) return self->close_now();
                       if (!keep_alive) return self->linger_close();
                       self->read_request();
                     });
  }

  // The answer is written: tell the client nothing more comes, read (and drop) what it
  // still sends for a moment, then close.
  void linger_close() {
    phase_ = Phase::closing;
    arm(kLingerSeconds);
    if constexpr (kTls) {
      stream_.async_shutdown([self = this->shared_from_this()](error_code) { self->close_now(); });
    } else {
      error_code ignored;
      socket().shutdown(tcp::socket::shutdown_send, ignored);
      drain();
    }
  }

  void drain() {
    buffer_.consume(buffer_.size());
    socket().async_read_some(buffer_.prepare(kReadChunk),
                             [self = this->shared_from_this()](error_code ec, std::size_t n) {
                               if (self->closed_) return;
                               self->drained_ += n;
                               if (ec || self->drained_ > kDrainBytes) return self->close_now();
                               self->drain();
                             });
  }

  void close_now() {
    if (closed_) return;
    closed_ = true;
    phase_ = Phase::closing;
    timer_.cancel();
    error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
  }

  HttpServer::Impl& server_;
  Stream stream_;
  net::steady_timer timer_;
  std::string peer_;
  std::uint64_t id_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request partial_;  // the request as parsed so far (method, target, headers)
  std::string out_;
  Phase phase_ = Phase::idle;
  bool header_checked_ = false;
  bool timed_out_ = false;
  bool timer_waiting_ = false;
  std::chrono::steady_clock::time_point deadline_{};
  bool stopping_ = false;
  bool closed_ = false;
  std::size_t drained_ = 0;
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (ec) {
      // Out of descriptors (or a connection reset before it was accepted): try again shortly
      // rather than spin.
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](error_code wait_ec) {
        if (!wait_ec) net::post(acceptor.get_executor(), [this] { accept(); });
      });
      return;
    }
    start_session(std::move(socket));
    // Every connection already waiting in the backlog is taken now: one accept per turn of
    // the event loop would let a busy server take minutes to accept a burst of 1,000.
    for (;;) {
      tcp::socket next(net::make_strand(ioc));
      error_code accept_ec;
      acceptor.accept(next, accept_ec);  // non-blocking (bind): would_block when none waits
      if (accept_ec) break;
      start_session(std::move(next));
    }
    accept();
  });
}

void HttpServer::Impl::start_session(tcp::socket socket) {
  error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  const auto remote = socket.remote_endpoint(ec);
  if (ec) return;
  std::string peer = remote.address().to_string();
  auto launch = [&](auto session) {
    {
      std::lock_guard lock(mutex);
      sessions[session->id()] = session;
    }
    net::dispatch(session->executor(), [session] { session->start(); });
    // A stop() that ran before the session was registered did not see it.
    if (stop_sent) session->stop();
  };
  std::uint64_t id;
  {
    std::lock_guard lock(mutex);
    id = next_id++;
  }
  if (tls)
    launch(std::make_shared<Session<ssl::stream<tcp::socket>>>(*this, std::move(socket), std::move(peer), id));
  else
    launch(std::make_shared<Session<tcp::socket>>(*this, std::move(socket), std::move(peer), id));
}

int default_io_threads() { return std::max(4, static_cast<int>(std::thread::hardware_concurrency())); }

HttpServer::HttpServer(Pipeline& pipeline, ListenOptions options)
    : impl_(std::make_unique<Impl>(pipeline, std::move(options))) {
  const auto& o = impl_->options;
  const bool files = !o.tls_cert_file.empty() && !o.tls_key_file.empty();
  const bool pem = !o.tls_cert_pem.empty() && !o.tls_key_pem.empty();
  if (files || pem) {
    try {
      ssl::context ctx(ssl::context::tls_server);
      ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_compression);
      if (files) {
        ctx.use_certificate_chain_file(o.tls_cert_file);
        ctx.use_private_key_file(o.tls_key_file, ssl::context::pem);
      } else {
        ctx.use_certificate_chain(net::buffer(o.tls_cert_pem));
        ctx.use_private_key(net::buffer(o.tls_key_pem), ssl::context::pem);
      }
      if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) throw std::runtime_error("key mismatch");
      impl_->tls.emplace(std::move(ctx));
    } catch (const std::exception&) {
      throw std::runtime_error("cannot load TLS certificate or key");
    }
    impl_->scheme = "https";
  }
  scheme_ = impl_->scheme;
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  auto& im = *impl_;
  // Each open connection is a descriptor: take the hard limit, not the soft default (often
  // 1024), so that a load test's 1,000 connections fit.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  const auto fail = [&](const std::string& why) {
    throw std::runtime_error("cannot listen on " + im.options.host + " port " + std::to_string(im.options.port) + ": " +
                             why);
  };
  error_code ec;
  tcp::resolver resolver(im.ioc);
  const auto results = resolver.resolve(im.options.host, std::to_string(im.options.port),
                                        tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) fail(ec ? ec.message() : "no address");
  const tcp::endpoint endpoint = results.begin()->endpoint();
  im.acceptor.open(endpoint.protocol(), ec);
  if (ec) fail(ec.message());
  // SO_REUSEADDR only: a restart is allowed while old connections linger in TIME_WAIT;
  // binding a port another socket listens on fails (no SO_REUSEPORT).
  im.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  im.acceptor.bind(endpoint, ec);
  if (ec)
    fail(ec == net::error::address_in_use  ? "the port is in use (another server listens on it)"
         : ec == net::error::access_denied ? "permission denied"
                                           : ec.message());
  im.acceptor.listen(kListenBacklog, ec);
  if (ec) fail(ec.message());
  im.acceptor.non_blocking(true, ec);
  return im.acceptor.local_endpoint().port();
}

void HttpServer::serve() {
  auto& im = *impl_;
  if (!im.acceptor.is_open()) return;
  net::post(im.acceptor.get_executor(), [&im] { im.accept(); });
  im.serving = true;
  std::vector<std::thread> others;
  for (int i = 1; i < im.threads; ++i) others.emplace_back([&im] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : others) t.join();
}

bool HttpServer::stop() {
  auto& im = *impl_;
  if (im.stop_sent) return true;
  if (!im.serving) return false;
  im.stop_sent = true;
  net::post(im.acceptor.get_executor(), [&im] {
    error_code ignored;
    im.acceptor.close(ignored);
    im.accept_retry.cancel();
  });
  // Collected under the lock, stopped (and possibly destroyed: a session unregisters itself,
  // under the same lock) outside it.
  std::vector<std::shared_ptr<SessionBase>> open;
  {
    std::lock_guard lock(im.mutex);
    open.reserve(im.sessions.size());
    for (auto& [id, weak] : im.sessions)
      if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  for (auto& session : open) session->stop();
  return true;
}

}  // namespace ovhmock
