#pragma once
// One connection (plain TCP or TLS): reads requests with Beast's parser under the
// listener's limits, hands each to the pipeline, refuses through Pipeline::refuse what it
// cannot pass on, writes the answers and closes on a deadline. Every handler runs on the
// one thread of the connection's I/O context (listener_impl.hpp).
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "http/listener_impl.hpp"
#include "http/wire.hpp"

namespace ovhmock::listener {

namespace http = boost::beast::http;

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

 public:
  Session(HttpServer::Impl& server, tcp::socket socket, std::string peer, std::uint64_t id)
      : server_(server),
        stream_(make_stream(std::move(socket), server)),
        timer_(stream_.get_executor()),
        delay_timer_(stream_.get_executor()),
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

  // A `latency` fault's delay waits on a timer, not on the thread: the I/O thread serves
  // the other connections meanwhile.
  void handle() {
    Request request = std::move(partial_);
    request.body = std::move(parser_->get().body());
    Pipeline::Admitted admitted = server_.pipeline.admit(request);
    const auto delay = admitted.delay();
    if (delay.count() == 0) return answer(request, std::move(admitted));
    delay_timer_.expires_after(delay);
    delay_timer_.async_wait([self = this->shared_from_this(), request = std::move(request),
                             admitted = std::move(admitted)](error_code) mutable {
      if (self->closed_) return;
      self->answer(request, std::move(admitted));
    });
  }

  void answer(const Request& request, Pipeline::Admitted admitted) {
    const auto& msg = parser_->get();
    const Response response = server_.pipeline.handle(request, std::move(admitted));
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
    delay_timer_.cancel();
    error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
  }

  HttpServer::Impl& server_;
  Stream stream_;
  net::steady_timer timer_;
  net::steady_timer delay_timer_;  // a latency fault's wait
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

}  // namespace ovhmock::listener
