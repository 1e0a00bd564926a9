#pragma once
// What watches the pipeline: the request journal, the metrics and the access log, each
// an observer of every exchange. Control-plane requests (/__admin) are logged and
// counted but never journaled. The access log masks secrets as the journal does.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "ovhmock/model/clock.hpp"
#include "ovhmock/observe/exchange.hpp"
#include "ovhmock/observe/journal.hpp"
#include "ovhmock/observe/metrics.hpp"

namespace ovhmock {

enum class LogFormat { off, plain, json };
std::optional<LogFormat> parse_log_format(std::string_view text);

// One line, no newline: plain
//   2026-11-28T21:00:00Z 127.0.0.1 GET /1.0/me 200 0.412ms route=/1.0/me auth=signature:accepted form=strict qid=…
// or a JSON object with the same facts.
std::string access_log_line(const Exchange& exchange, LogFormat format);

// Counts every exchange in `metrics` and records it in `journal` (control-plane requests
// excepted, and nothing when the journal is disabled).
Observer data_observer(Journal& journal, Metrics& metrics, const Clock& clock);
// Writes one access-log line per exchange to `log` (format not off).
Observer access_log_observer(LogFormat format, std::FILE* log);

}  // namespace ovhmock
