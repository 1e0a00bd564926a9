#include "connection.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace ovhload {
namespace {

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string ssl_error() {
  char buf[256];
  ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
  return buf;
}

}  // namespace

Target parse_target(std::string_view url) {
  Target t;
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) throw std::invalid_argument("URL needs a scheme: " + std::string(url));
  t.scheme = std::string(url.substr(0, sep));
  if (t.scheme != "http" && t.scheme != "https") throw std::invalid_argument("scheme must be http or https");
  std::string_view rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find('/'));
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos) {
    t.host = std::string(rest);
    t.port = t.scheme == "https" ? 443 : 80;
  } else {
    t.host = std::string(rest.substr(0, colon));
    const auto p = rest.substr(colon + 1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), t.port);
    if (ec != std::errc() || ptr != p.data() + p.size() || t.port <= 0 || t.port > 65535)
      throw std::invalid_argument("bad port in " + std::string(url));
  }
  if (t.host.empty()) throw std::invalid_argument("no host in " + std::string(url));
  return t;
}

TlsContext::TlsContext(bool insecure, const std::string& ca_file) {
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (!ctx_) throw std::runtime_error("SSL_CTX_new: " + ssl_error());
  if (insecure) {
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);
  } else {
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    const int ok = ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx_)
                                   : SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr);
    if (ok != 1) throw std::runtime_error("cannot load CA certificates: " + ssl_error());
  }
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

Connection::Connection(const Target& target, const TlsContext* tls) : target_(target), tls_(tls) {}

Connection::~Connection() { close(); }

void Connection::close() {
  if (ssl_) {
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  buf_.clear();
  pos_ = 0;
}

void Connection::open() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string port = std::to_string(target_.port);
  if (getaddrinfo(target_.host.c_str(), port.c_str(), &hints, &res) != 0 || !res)
    throw std::runtime_error("cannot resolve " + target_.host);
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(res, freeaddrinfo);
  fd_ = ::socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  if (::connect(fd_, res->ai_addr, res->ai_addrlen) != 0) {
    const int e = errno;
    close();
    throw std::runtime_error(std::string("connect: ") + std::strerror(e));
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (target_.scheme == "https") {
    if (!tls_) throw std::runtime_error("https without a TLS context");
    ssl_ = SSL_new(tls_->get());
    SSL_set_fd(ssl_, fd_);
    SSL_set_tlsext_host_name(ssl_, target_.host.c_str());
    // When verifying, the certificate must also name the host (or the IP address) dialled.
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
    if (X509_VERIFY_PARAM_set1_ip_asc(param, target_.host.c_str()) != 1) SSL_set1_host(ssl_, target_.host.c_str());
    if (SSL_connect(ssl_) != 1) {
      const std::string e = ssl_error();
      close();
      throw std::runtime_error("TLS handshake: " + e);
    }
  }
}

void Connection::send_all(std::string_view bytes) {
  while (!bytes.empty()) {
    long n = 0;
    if (ssl_) {
      n = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
      if (n <= 0) throw std::runtime_error("TLS write failed");
    } else {
      n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(std::string("send: ") + std::strerror(errno));
      }
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::size_t Connection::recv_some() {
  char chunk[16384];
  for (;;) {
    long n = 0;
    if (ssl_) {
      n = SSL_read(ssl_, chunk, sizeof chunk);
      if (n <= 0) {
        const int err = SSL_get_error(ssl_, static_cast<int>(n));
        if (err == SSL_ERROR_ZERO_RETURN) return 0;
        if (err == SSL_ERROR_SYSCALL && n == 0) return 0;
        throw std::runtime_error("TLS read failed");
      }
    } else {
      n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(std::string("recv: ") + std::strerror(errno));
      }
    }
    buf_.append(chunk, static_cast<std::size_t>(n));
    return static_cast<std::size_t>(n);
  }
}

void Connection::fill(std::size_t need) {
  while (buf_.size() - pos_ < need)
    if (recv_some() == 0) throw std::runtime_error("connection closed mid-response");
}

HttpResult Connection::read_response() {
  // Headers.
  std::size_t end;
  while ((end = buf_.find("\r\n\r\n", pos_)) == std::string::npos)
    if (recv_some() == 0) throw std::runtime_error("connection closed before a response");
  std::string_view head(buf_.data() + pos_, end - pos_);
  HttpResult r;
  if (head.size() < 12 || head.substr(0, 5) != "HTTP/") throw std::runtime_error("not an HTTP response");
  std::from_chars(head.data() + 9, head.data() + 12, r.status);
  long long length = -1;
  bool chunked = false;
  std::size_t line = head.find("\r\n");
  while (line != std::string_view::npos && line < head.size()) {
    const std::size_t start = line + 2;
    const std::size_t next = head.find("\r\n", start);
    const std::string_view h =
        head.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
    const auto colon = h.find(':');
    if (colon != std::string_view::npos) {
      const auto name = h.substr(0, colon);
      const auto value = trim(h.substr(colon + 1));
      if (iequal(name, "Content-Length"))
        std::from_chars(value.data(), value.data() + value.size(), length);
      else if (iequal(name, "Transfer-Encoding") && iequal(value, "chunked"))
        chunked = true;
      else if (iequal(name, "Connection") && iequal(value, "close"))
        r.close = true;
    }
    line = next;
  }
  pos_ = end + 4;

  // Body.
  if (chunked) {
    for (;;) {
      std::size_t eol;
      while ((eol = buf_.find("\r\n", pos_)) == std::string::npos)
        if (recv_some() == 0) throw std::runtime_error("connection closed in a chunk header");
      std::size_t size = 0;
      std::from_chars(buf_.data() + pos_, buf_.data() + eol, size, 16);
      pos_ = eol + 2;
      fill(size + 2);
      r.body.append(buf_, pos_, size);
      pos_ += size + 2;
      if (size == 0) break;  // (trailers are not expected)
    }
  } else if (length >= 0) {
    fill(static_cast<std::size_t>(length));
    r.body.assign(buf_, pos_, static_cast<std::size_t>(length));
    pos_ += static_cast<std::size_t>(length);
  } else if (r.status != 204 && r.status != 304) {
    while (recv_some() != 0) {
    }
    r.body.assign(buf_, pos_);
    pos_ = buf_.size();
    r.close = true;
  }
  // Keep only unread bytes (none with one request in flight).
  buf_.erase(0, pos_);
  pos_ = 0;
  return r;
}

HttpResult Connection::exchange(std::string_view request) {
  const bool fresh = fd_ < 0;
  if (fresh) open();
  try {
    send_all(request);
    HttpResult r = read_response();
    if (r.close) close();
    return r;
  } catch (const std::runtime_error&) {
    close();
    if (fresh) throw;
    // A kept-alive connection the server closed meanwhile: retry once on a new one.
    open();
    send_all(request);
    HttpResult r = read_response();
    if (r.close) close();
    return r;
  }
}

}  // namespace ovhload
