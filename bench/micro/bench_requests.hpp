#pragma once
// What the in-process benchmarks send: the shipped default data set's unrestricted key, a
// JSON-looking body of a given size, and a signed request as the listener hands it to the
// pipeline. Shared by ovhmock_micro_bench and ovhmock_instr_bench, so both measure the same
// requests.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ovhmock/model/request.hpp"
#include "ovhmock/auth/signature.hpp"

namespace ovhmock::bench {

// The unrestricted, validated key of the shipped default fixtures.
inline constexpr const char* kAk = "7kbG7Bk7S9Nt7ZSV";
inline constexpr const char* kAs = "Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA";
inline constexpr const char* kCk = "a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b";
inline constexpr const char* kHost = "127.0.0.1:8080";
inline constexpr const char* kTarget = "/1.0/domain/zone/example.com/record";

// A JSON-looking body of exactly n bytes ("" for 0).
inline std::string body_of(std::size_t n) {
  if (n == 0) return "";
  std::string b = R"({"fieldType":"TXT","subDomain":"bench","target":")";
  const std::string tail = R"(","ttl":60})";
  while (b.size() + tail.size() < n) b.push_back(static_cast<char>('a' + b.size() % 26));
  b += tail;
  b.resize(n);
  return b;
}

// The request as the listener hands it to the pipeline: the headers a typical client sends,
// in the order it sends them, the signed ones among them.
inline Request signed_request(const std::string& method, const std::string& target, const std::string& body,
                              std::int64_t timestamp) {
  Request r;
  r.method = method;
  r.target = target;
  r.body = body;
  r.peer_address = "127.0.0.1";
  const std::string ts = std::to_string(timestamp);
  const std::string url = r.scheme + "://" + kHost + r.target;
  r.headers = {{"Host", kHost},
               {"User-Agent", "ovhmock-bench/1"},
               {"Accept", "application/json"},
               {"Content-Type", "application/json"},
               {"X-Ovh-Application", kAk},
               {"X-Ovh-Timestamp", ts},
               {"X-Ovh-Signature", compute_signature({kAs, kCk, r.method, url, r.body, ts})},
               {"X-Ovh-Consumer", kCk}};
  if (!body.empty()) r.headers.push_back({"Content-Length", std::to_string(body.size())});
  return r;
}

}  // namespace ovhmock::bench
