#include "ovhmock/observe/metrics.hpp"

#include <sstream>

#include "ovhmock/observe/exchange.hpp"

namespace ovhmock {
namespace {

// A label value with backslash, double quote and newline escaped.
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"')
      out.append("\\").push_back(c);
    else if (c == '\n')
      out.append("\\n");
    else
      out.push_back(c);
  }
  return out;
}

}  // namespace

Metrics::Metrics() : started_(std::chrono::steady_clock::now()) {}

std::int64_t Metrics::uptime_seconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
}

void Metrics::observe(const Exchange& x) {
  const double seconds = static_cast<double>(x.duration.count()) / 1e6;
  std::lock_guard lock(mu_);
  ++requests_[{x.route.empty() ? "unmatched" : x.route, x.request.method, x.response.status}];
  if (x.verdict.error) {
    const auto& e = *x.verdict.error;
    ++rejections_[e.error_code.empty() ? e.error_class : e.error_code];
  }
  if (!x.fault.empty()) ++faults_[x.fault];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  ++count_;
  sum_seconds_ += seconds;
}

std::string Metrics::render(std::size_t journal_entries) const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP ovhmock_requests_total Requests answered, by matched route, method and status.\n"
      << "# TYPE ovhmock_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out << "ovhmock_requests_total{route=\"" << label(route) << "\",method=\"" << label(method) << "\",status=\""
        << status << "\"} " << n << "\n";
  }
  out << "# HELP ovhmock_auth_rejections_total Requests refused by authentication or access rules, by errorCode.\n"
      << "# TYPE ovhmock_auth_rejections_total counter\n";
  for (const auto& [reason, n] : rejections_)
    out << "ovhmock_auth_rejections_total{reason=\"" << label(reason) << "\"} " << n << "\n";
  out << "# HELP ovhmock_faults_injected_total Faults injected by the control plane, by kind.\n"
      << "# TYPE ovhmock_faults_injected_total counter\n";
  for (const auto& [kind, n] : faults_)
    out << "ovhmock_faults_injected_total{kind=\"" << label(kind) << "\"} " << n << "\n";
  out << "# HELP ovhmock_request_duration_seconds Time from request parsed to response built.\n"
      << "# TYPE ovhmock_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    out << "ovhmock_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << bucket_counts_[i] << "\n";
  out << "ovhmock_request_duration_seconds_bucket{le=\"+Inf\"} " << count_ << "\n"
      << "ovhmock_request_duration_seconds_sum " << sum_seconds_ << "\n"
      << "ovhmock_request_duration_seconds_count " << count_ << "\n";
  out << "# HELP ovhmock_journal_entries Entries held in the request journal.\n"
      << "# TYPE ovhmock_journal_entries gauge\n"
      << "ovhmock_journal_entries " << journal_entries << "\n";
  out << "# HELP ovhmock_uptime_seconds Seconds since the server started.\n"
      << "# TYPE ovhmock_uptime_seconds gauge\n"
      << "ovhmock_uptime_seconds "
      << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count() << "\n";
  return out.str();
}

}  // namespace ovhmock
