#include "ovhmock/observe/observers.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

#include "ovhmock/observe/journal.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/auth/signature.hpp"

namespace ovhmock {
namespace {

bool is_admin(const Request& r) {
  const auto path = r.path();
  return path.substr(0, 8) == "/__admin" && (path.size() == 8 || path[8] == '/');
}

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string auth_summary(const AuthVerdict& v) {
  if (v.auth_method == "none") return "none";
  std::string out = v.auth_method + ":" + (v.accepted ? "accepted" : "rejected");
  if (v.error) out += ":" + (v.error->error_code.empty() ? v.error->error_class : v.error->error_code);
  return out;
}

// Printable ASCII only: a log line is one line whatever the client sent.
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      static constexpr char hex[] = "0123456789abcdef";
      out.append("%").push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xf]);
    }
  }
  return out;
}

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view text) {
  if (text == "off") return LogFormat::off;
  if (text == "plain") return LogFormat::plain;
  if (text == "json") return LogFormat::json;
  return std::nullopt;
}

std::string access_log_line(const Exchange& x, LogFormat format) {
  const auto& v = x.verdict;
  const std::string target = mask_target(x.request.target);
  const double ms = static_cast<double>(x.duration.count()) / 1000.0;
  if (format == LogFormat::json) {
    nlohmann::json j = {{"time", utc_now_iso()}, {"peer", x.request.peer_address}, {"method", x.request.method},
                        {"url", target},         {"status", x.response.status},    {"durationMs", ms},
                        {"route", x.route},      {"auth", auth_summary(v)},        {"queryId", x.query_id}};
    if (!v.reason.empty()) j["reason"] = v.reason;
    if (!v.matched_form.empty()) j["matchedForm"] = v.matched_form;
    if (auto ck = x.request.header("X-Ovh-Consumer")) j["consumerKey"] = mask_secret(*ck);
    if (auto id = x.request.header("X-Ovhmock-Test-Id")) j["testId"] = std::string(*id);
    if (!x.fault.empty()) j["fault"] = x.fault;
    if (v.signature_hint) j["signatureHint"] = v.signature_hint->header_line();
    return to_json_text(j);
  }
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3fms", ms);
  std::string line = utc_now_iso() + " " + x.request.peer_address + " " + printable(x.request.method) + " " +
                     printable(target) + " " + std::to_string(x.response.status) + " " + duration +
                     " route=" + (x.route.empty() ? "-" : x.route) + " auth=" + auth_summary(v);
  if (!v.matched_form.empty()) line += " form=" + v.matched_form;
  if (!x.fault.empty()) line += " fault=" + x.fault;
  if (auto id = x.request.header("X-Ovhmock-Test-Id")) line += " test=" + printable(*id);
  line += " qid=" + x.query_id;
  if (!v.accepted && !v.reason.empty()) line += " reason=\"" + printable(v.reason) + "\"";
  if (v.signature_hint) line += " hint=\"" + v.signature_hint->header_line() + "\"";
  return line;
}

Observer data_observer(Journal& journal, Metrics& metrics, const Clock& clock) {
  return [&journal, &metrics, &clock](const Exchange& x) {
    metrics.observe(x);
    if (!is_admin(x.request) && journal.enabled()) journal.record(JournalRecord::from_exchange(x, clock.now()));
  };
}

Observer access_log_observer(LogFormat format, std::FILE* log) {
  auto mu = std::make_shared<std::mutex>();
  return [format, log, mu](const Exchange& x) {
    std::string line = access_log_line(x, format);
    line.push_back('\n');
    std::lock_guard lock(*mu);
    std::fwrite(line.data(), 1, line.size(), log);
    std::fflush(log);
  };
}

}  // namespace ovhmock
