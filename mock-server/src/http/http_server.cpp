#include "http/http_server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "http/listener_impl.hpp"
#include "http/session.hpp"
#include "http/wire.hpp"

namespace ovhmock {

using namespace listener;

void HttpServer::Impl::accept() {
  acceptor.async_accept(next_context(), [this](error_code ec, tcp::socket socket) {
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
      tcp::socket next(next_context());
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

int default_io_threads() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

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
  for (auto& context : im.contexts) im.keep_running.push_back(net::make_work_guard(*context));
  im.serving = true;
  std::vector<std::thread> others;
  for (std::size_t i = 1; i < im.contexts.size(); ++i) others.emplace_back([&im, i] { im.contexts[i]->run(); });
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
  // Each context's thread returns once its last connection has closed.
  for (auto& guard : im.keep_running) guard.reset();
  return true;
}

}  // namespace ovhmock
