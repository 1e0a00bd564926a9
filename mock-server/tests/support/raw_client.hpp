#pragma once
// A deliberately dumb HTTP/1.1 client over a plain socket, for sending bytes no real
// client would: malformed request lines and headers, lying Content-Length, bodies sent
// byte by byte, requests that stall half-way.
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace ovhmock::test {

struct RawResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::string header(const std::string& lower_name) const;
};

struct RawSendOptions {
  std::chrono::milliseconds byte_delay{0};      // >0: one byte at a time, this far apart
  std::size_t stall_after = std::string::npos;  // stop sending after this many bytes (keep the socket open)
  std::chrono::milliseconds timeout{5000};      // for the answer
  bool head = false;                            // a HEAD request: the answer has no body
};

struct RawResult {
  bool connected = false;
  bool answered = false;  // a complete response was read
  bool closed = false;    // the server closed the connection without (more) answer
  std::chrono::milliseconds elapsed{0};
  RawResponse response;
};

// Sends `bytes` to 127.0.0.1:port and reads one response.
RawResult raw_exchange(int port, const std::string& bytes, const RawSendOptions& options = {});

}  // namespace ovhmock::test
