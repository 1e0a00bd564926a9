#include "support/raw_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

namespace ovhmock::test {
namespace {

struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) close(fd);
  }
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Parses a complete response from `data`; false while more bytes are needed.
bool parse_response(const std::string& data, bool at_eof, bool head, RawResponse& out) {
  const auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  std::size_t pos = data.find("\r\n");
  const std::string status_line = data.substr(0, pos);
  if (status_line.size() < 12 || status_line.rfind("HTTP/1.", 0) != 0) return false;
  // Skip interim 100 Continue answers.
  if (status_line.substr(9, 3) == "100") return parse_response(data.substr(head_end + 4), at_eof, head, out);
  out = RawResponse{};
  out.status = std::stoi(status_line.substr(9, 3));
  pos += 2;
  while (pos < head_end) {
    const auto eol = data.find("\r\n", pos);
    const std::string line = data.substr(pos, eol - pos);
    const auto colon = line.find(':');
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    out.headers.emplace(lower(line.substr(0, colon)), value);
    pos = eol + 2;
  }
  if (head) return true;
  const std::string rest = data.substr(head_end + 4);
  const std::string length = out.header("content-length");
  if (!length.empty()) {
    const auto n = static_cast<std::size_t>(std::stoull(length));
    if (rest.size() < n) return false;
    out.body = rest.substr(0, n);
    return true;
  }
  if (out.status == 204 || out.status == 304) return true;
  if (!at_eof) return false;
  out.body = rest;
  return true;
}

}  // namespace

std::string RawResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

RawResult raw_exchange(int port, const std::string& bytes, const RawSendOptions& options) {
  RawResult result;
  const auto started = std::chrono::steady_clock::now();
  Socket s;
  s.fd = socket(AF_INET, SOCK_STREAM, 0);
  if (s.fd < 0) return result;
  int one = 1;
  setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(s.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return result;
  result.connected = true;

  const std::size_t to_send = std::min(bytes.size(), options.stall_after);
  std::size_t sent = 0;
  while (sent < to_send) {
    const std::size_t chunk = options.byte_delay.count() > 0 ? 1 : to_send - sent;
    const ssize_t n = send(s.fd, bytes.data() + sent, chunk, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (e.g. after refusing a too large body)
    sent += static_cast<std::size_t>(n);
    if (options.byte_delay.count() > 0) std::this_thread::sleep_for(options.byte_delay);
  }

  std::string data;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{s.fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[65536];
    const ssize_t n = recv(s.fd, buf, sizeof buf, 0);
    if (n <= 0) {
      result.closed = true;
      result.answered = parse_response(data, true, options.head, result.response);
      break;
    }
    data.append(buf, static_cast<std::size_t>(n));
    if (parse_response(data, false, options.head, result.response)) {
      result.answered = true;
      break;
    }
  }
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return result;
}

}  // namespace ovhmock::test
