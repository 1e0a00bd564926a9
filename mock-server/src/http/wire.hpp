#pragma once
// The listener's wire rules: its limits, its own checks on a request before the pipeline
// (docs/limits.md), what can be read of a request the parser refused, and the answer as
// bytes. No I/O here.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ovhmock/model/errors.hpp"
#include "ovhmock/model/request.hpp"
#include "ovhmock/pipeline/request_limits.hpp"

namespace ovhmock::listener {

inline constexpr int kListenBacklog = 1024;
// One request line or one header line: longer is refused (414 for the request line, 400 for
// a header line), as cpp-httplib did.
inline constexpr std::size_t kMaxLine = 8192;
// The whole header: room for kMaxHeaderCount lines of kMaxLine, so that the count check
// (431) is reached before this bound.
inline constexpr std::size_t kHeaderLimit = (kMaxHeaderCount + 2) * kMaxLine;
inline constexpr std::size_t kReadChunk = 16 * 1024;
inline constexpr int kWriteTimeoutSeconds = 10;
// After a refusal (Connection: close) what the client still sends is read and dropped for
// this long, up to kDrainBytes, so that it reads the answer instead of a connection reset.
inline constexpr int kLingerSeconds = 2;
inline constexpr std::size_t kDrainBytes = 8 << 20;

inline constexpr std::string_view kKnownMethods[] = {"GET",   "HEAD",    "POST",  "PUT",    "DELETE",
                                                     "PATCH", "OPTIONS", "TRACE", "CONNECT"};

bool bodiless_method(std::string_view m);
// Whether the request announces a non-empty body.
bool announces_body(const Request& r);
// What the listener refuses before the pipeline, in the order cpp-httplib applied the same
// checks (docs/limits.md). `version`: 10 or 11 for HTTP/1.0 and 1.1, anything else refused.
std::optional<ApiError> listener_checks(const Request& r, int version, std::size_t request_line);
// What can be read of a request the parser refused: its request line and header lines,
// leniently, so that the refusal is journaled with them and the header checks name the
// offending header. `version` gets 10, 11 or 0; `request_line` the first line's length.
Request partial_from_raw(std::string_view raw, int& version, std::size_t& request_line);
// The answer on the wire. Content-Length is the listener's; a header the pipeline set with
// CR, LF or NUL in it is left out rather than split the answer.
void serialize(const Response& r, bool keep_alive, bool http10, bool head, std::string& out);

}  // namespace ovhmock::listener
