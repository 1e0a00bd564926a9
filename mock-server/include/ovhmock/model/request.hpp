#pragma once
// A request and a response as plain values: the pipeline's input and output.
// The HTTP listener fills a Request from the wire and writes the Response back.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ovhmock {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;  // as sent
  std::string target;  // raw request-target: path and query exactly as received
  std::string scheme = "http";
  std::vector<Header> headers;
  std::string body;          // raw bytes
  std::string peer_address;  // remote IP

  // First value of a header, name compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const;
  std::size_t header_count(std::string_view name) const;
  std::string_view path() const;   // target before '?'
  std::string_view query() const;  // target after '?', without it
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  bool drop_connection = false;  // close the socket without answering (fault injection)

  void set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;
};

bool iequals(std::string_view a, std::string_view b);

}  // namespace ovhmock
