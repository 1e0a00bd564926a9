// ovhload: the load generator of bench/. Keep-alive, N connections (one thread each),
// every request freshly signed with the current timestamp (when keys are given), at the
// maximum rate or at a fixed rate (latency then counted from the intended send time, so
// a stalled server is not hidden by coordinated omission). Progress on stderr once a
// second; results as JSON.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "connection.hpp"
#include "ovhmock/auth/signature.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using ovhload::Connection;
using ovhload::HttpResult;
using ovhload::Target;
using ovhload::TlsContext;

constexpr const char* kHelp = R"(ovhload: HTTP load generator for ovhmock and its peers.

usage:
  ovhload run   --url URL [request options] [load options]
  ovhload fetch --url URL [request options]      one request; the body on stdout
  ovhload ready --url URL [request options] --since-ns NS [--timeout S]
                polls (new connection each try, every 1 ms) until a 200; prints
                {"ready_ms": ...} counted from NS (CLOCK_REALTIME ns, e.g. date +%s%N)

request options:
  --url URL            base, e.g. http://127.0.0.1:8080 or https://127.0.0.1:8443
  --method M           default GET
  --path P             request target, default /1.0/auth/time
  --body TEXT          request body (sent with Content-Type: application/json)
  --body-file FILE     request body from a file
  --ak K --as S --ck C sign every request (X-Ovh-*), over URL base + path, with the
                       current time as X-Ovh-Timestamp; without them nothing is signed
  --insecure           HTTPS: do not verify the server certificate
  --cacert FILE        HTTPS: verify against this CA

load options (run):
  --connections N      keep-alive connections, one thread each (default 8)
  --duration S         measured seconds (default 10)
  --warmup S           seconds run before measuring (default 1)
  --rate R             total requests/s spread over the connections; 0 = as fast as
                       possible (default 0)
  --expect CODE        status counted as success (default 200)
  --label NAME         name carried into the JSON
  --json FILE          write the result there ("-" = stdout, the default)
  --quiet              no progress lines
  --server-session SID also report the CPU time the server's processes (session SID,
                       from /proc) spent during the measured window, per request
)";

struct Options {
  std::string mode;
  std::string url;
  std::string method = "GET";
  std::string path = "/1.0/auth/time";
  std::string body;
  std::string ak, as, ck;
  bool insecure = false;
  std::string cacert;
  int connections = 8;
  double duration = 10;
  double warmup = 1;
  double rate = 0;
  int expect = 200;
  std::string label;
  std::string json_out = "-";
  bool quiet = false;
  long long since_ns = 0;
  long server_session = 0;
  double timeout = 60;
};

double parse_double(const std::string& flag, const std::string& text) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || v < 0 || !std::isfinite(v)) throw std::invalid_argument("");
    return v;
  } catch (const std::exception&) {
    throw std::invalid_argument(flag + " needs a non-negative number (got \"" + text + "\")");
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Options parse(int argc, char** argv) {
  Options o;
  if (argc < 2) throw std::invalid_argument("missing mode (run, fetch or ready); see --help");
  o.mode = argv[1];
  if (o.mode != "run" && o.mode != "fetch" && o.mode != "ready")
    throw std::invalid_argument("unknown mode " + o.mode + " (run, fetch or ready)");
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--url")
      o.url = value();
    else if (a == "--method")
      o.method = value();
    else if (a == "--path")
      o.path = value();
    else if (a == "--body")
      o.body = value();
    else if (a == "--body-file")
      o.body = read_file(value());
    else if (a == "--ak")
      o.ak = value();
    else if (a == "--as")
      o.as = value();
    else if (a == "--ck")
      o.ck = value();
    else if (a == "--insecure")
      o.insecure = true;
    else if (a == "--cacert")
      o.cacert = value();
    else if (a == "--connections")
      o.connections = std::max(1, static_cast<int>(parse_double(a, value())));
    else if (a == "--duration")
      o.duration = parse_double(a, value());
    else if (a == "--warmup")
      o.warmup = parse_double(a, value());
    else if (a == "--rate")
      o.rate = parse_double(a, value());
    else if (a == "--expect")
      o.expect = static_cast<int>(parse_double(a, value()));
    else if (a == "--label")
      o.label = value();
    else if (a == "--json")
      o.json_out = value();
    else if (a == "--quiet")
      o.quiet = true;
    else if (a == "--since-ns")
      o.since_ns = static_cast<long long>(parse_double(a, value()));
    else if (a == "--server-session")
      o.server_session = static_cast<long>(parse_double(a, value()));
    else if (a == "--timeout")
      o.timeout = parse_double(a, value());
    else
      throw std::invalid_argument("unknown option " + a + " (see --help)");
  }
  if (o.url.empty()) throw std::invalid_argument("--url is required");
  const bool any_key = !o.ak.empty() || !o.as.empty() || !o.ck.empty();
  if (any_key && (o.ak.empty() || o.as.empty() || o.ck.empty()))
    throw std::invalid_argument("--ak, --as and --ck go together");
  return o;
}

// Builds the request bytes; signs them afresh on every call when keys are set.
class RequestBuilder {
 public:
  explicit RequestBuilder(const Options& o, const Target& t) : o_(o), signed_url_(t.base() + o.path) {
    fixed_ = o.method + " " + o.path + " HTTP/1.1\r\nHost: " + t.host_header() +
             "\r\nUser-Agent: ovhload/1\r\nAccept: application/json\r\n";
    if (!o.body.empty() || o.method == "POST" || o.method == "PUT")
      fixed_ += "Content-Type: application/json\r\nContent-Length: " + std::to_string(o.body.size()) + "\r\n";
    if (signing()) fixed_ += "X-Ovh-Application: " + o.ak + "\r\nX-Ovh-Consumer: " + o.ck + "\r\n";
  }
  bool signing() const { return !o_.ak.empty(); }

  const std::string& build() {
    out_.assign(fixed_);
    if (signing()) {
      const std::string ts = std::to_string(std::time(nullptr));
      const std::string sig = ovhmock::compute_signature({o_.as, o_.ck, o_.method, signed_url_, o_.body, ts});
      out_.append("X-Ovh-Timestamp: ").append(ts).append("\r\nX-Ovh-Signature: ").append(sig).append("\r\n");
    }
    out_.append("\r\n").append(o_.body);
    return out_;
  }

 private:
  const Options& o_;
  std::string signed_url_;
  std::string fixed_;
  std::string out_;
};

struct Shared {
  std::atomic<bool> measuring{false};
  std::atomic<bool> stop{false};
  std::atomic<long long> done{0};    // measured successes
  std::atomic<long long> failed{0};  // measured failures (status or transport)
  std::chrono::time_point<Clock> start;
};

struct Worker {
  std::vector<std::uint32_t> latency_us10;  // tenths of microseconds
  std::map<int, long long> statuses;        // 0: transport error
  std::string first_error;
  std::size_t response_bytes = 0;
};

void run_worker(const Options& o, const Target& t, const TlsContext* tls, Shared& sh, Worker& w, int index) {
  RequestBuilder rb(o, t);
  Connection conn(t, tls);
  w.latency_us10.reserve(1 << 16);
  const bool paced = o.rate > 0;
  // Each connection sends every `interval`, staggered so the total is evenly spread.
  const auto interval = std::chrono::duration<double>(paced ? o.connections / o.rate : 0);
  auto next =
      sh.start + std::chrono::duration_cast<Clock::duration>(interval * (static_cast<double>(index) / o.connections));
  while (!sh.stop.load(std::memory_order_relaxed)) {
    if (paced) {
      std::this_thread::sleep_until(next);
      if (sh.stop.load(std::memory_order_relaxed)) break;
    }
    const auto sent = paced ? next : Clock::now();
    if (paced) next += std::chrono::duration_cast<Clock::duration>(interval);
    int status = 0;
    try {
      HttpResult r = conn.exchange(rb.build());
      status = r.status;
      w.response_bytes = r.body.size();
    } catch (const std::exception& e) {
      if (w.first_error.empty()) w.first_error = e.what();
      if (!paced) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // server gone: do not spin
    }
    const auto took = Clock::now() - sent;
    if (!sh.measuring.load(std::memory_order_relaxed)) continue;
    ++w.statuses[status];
    if (status == o.expect) {
      const auto us10 = std::chrono::duration_cast<std::chrono::nanoseconds>(took).count() / 100;
      w.latency_us10.push_back(static_cast<std::uint32_t>(std::min<long long>(us10, UINT32_MAX)));
      sh.done.fetch_add(1, std::memory_order_relaxed);
    } else {
      sh.failed.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

// CPU seconds (user + system) used so far by every process of session `sid`.
double session_cpu_seconds(long sid) {
  double ticks = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::vector<std::string> f;
    for (std::string x; rest >> x && f.size() < 13;) f.push_back(x);
    if (f.size() < 13) continue;
    // f[0] is field 3 (state): session is field 6, utime 14, stime 15.
    if (std::stol(f[3]) != sid) continue;
    ticks += std::stod(f[11]) + std::stod(f[12]);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double percentile_ms(const std::vector<std::uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto i = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size()))) - 1;
  return sorted[std::min(i, sorted.size() - 1)] / 1e4;
}

void write_json(const Options& o, const nlohmann::json& j) {
  if (o.json_out == "-") {
    std::cout << j.dump(2) << std::endl;
  } else {
    std::ofstream out(o.json_out);
    if (!out) throw std::runtime_error("cannot write " + o.json_out);
    out << j.dump(2) << "\n";
  }
}

int run(const Options& o) {
  const Target t = ovhload::parse_target(o.url);
  std::unique_ptr<TlsContext> tls;
  if (t.scheme == "https") tls = std::make_unique<TlsContext>(o.insecure, o.cacert);

  Shared sh;
  std::vector<Worker> workers(static_cast<std::size_t>(o.connections));
  std::vector<std::thread> threads;
  sh.start = Clock::now();
  for (int i = 0; i < o.connections; ++i)
    threads.emplace_back(run_worker, std::cref(o), std::cref(t), tls.get(), std::ref(sh),
                         std::ref(workers[static_cast<std::size_t>(i)]), i);

  const auto tag = o.label.empty() ? std::string("ovhload") : o.label;
  std::this_thread::sleep_for(std::chrono::duration<double>(o.warmup));
  const auto measure_start = Clock::now();
  const double server_cpu_start = o.server_session ? session_cpu_seconds(o.server_session) : 0;
  const double client_cpu_start = self_cpu_seconds();
  sh.measuring = true;
  const auto measure_end =
      measure_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.duration));
  long long last = 0;
  auto last_at = measure_start;
  std::vector<double> per_second;  // successes/s of each progress window
  while (Clock::now() < measure_end) {
    std::this_thread::sleep_until(std::min(measure_end, last_at + std::chrono::seconds(1)));
    const auto now = Clock::now();
    const long long done = sh.done.load();
    const double secs = std::chrono::duration<double>(now - last_at).count();
    if (secs > 0.5) per_second.push_back(static_cast<double>(done - last) / secs);
    if (!o.quiet && secs > 0.05)
      std::fprintf(stderr, "  [%s] %5.1f/%.0f s  %9.0f req/s  ok %lld  errors %lld\n", tag.c_str(),
                   std::chrono::duration<double>(now - measure_start).count(), o.duration, (done - last) / secs, done,
                   sh.failed.load());
    last = done;
    last_at = now;
  }
  sh.measuring = false;
  const double server_cpu = o.server_session ? session_cpu_seconds(o.server_session) - server_cpu_start : 0;
  const double client_cpu = self_cpu_seconds() - client_cpu_start;
  const double elapsed = std::chrono::duration<double>(Clock::now() - measure_start).count();
  sh.stop = true;
  for (auto& th : threads) th.join();

  std::vector<std::uint32_t> all;
  std::map<int, long long> statuses;
  std::string first_error;
  std::size_t response_bytes = 0;
  long long served = 0;  // connections with at least one success in the measured window
  for (auto& w : workers) {
    if (!w.latency_us10.empty()) ++served;
    all.insert(all.end(), w.latency_us10.begin(), w.latency_us10.end());
    for (auto [code, n] : w.statuses) statuses[code] += n;
    if (first_error.empty()) first_error = w.first_error;
    response_bytes = std::max(response_bytes, w.response_bytes);
  }
  std::sort(all.begin(), all.end());
  double sum = 0;
  for (auto v : all) sum += v;
  nlohmann::json status_json = nlohmann::json::object();
  for (auto [code, n] : statuses) status_json[code == 0 ? std::string("transport_error") : std::to_string(code)] = n;
  const long long errors = sh.failed.load();
  nlohmann::json j = {
      {"label", o.label},
      {"url", t.base() + o.path},
      {"method", o.method},
      {"signed", !o.ak.empty()},
      {"request_body_bytes", o.body.size()},
      {"response_body_bytes", response_bytes},
      {"connections", o.connections},
      {"connections_served", served},
      {"mode", o.rate > 0 ? "fixed-rate" : "max-rate"},
      {"target_rate", o.rate},
      {"warmup_s", o.warmup},
      {"duration_s", elapsed},
      {"requests", static_cast<long long>(all.size())},
      {"errors", errors},
      {"statuses", status_json},
      {"rps", static_cast<double>(all.size()) / elapsed},
      {"rps_per_second", per_second},
      {"latency_ms",
       {{"mean", all.empty() ? 0.0 : sum / static_cast<double>(all.size()) / 1e4},
        {"p50", percentile_ms(all, 50)},
        {"p90", percentile_ms(all, 90)},
        {"p99", percentile_ms(all, 99)},
        {"max", all.empty() ? 0.0 : all.back() / 1e4}}},
  };
  if (!first_error.empty()) j["first_error"] = first_error;
  const double n = all.empty() ? 1.0 : static_cast<double>(all.size());
  j["client_cpu_s"] = client_cpu;
  j["client_cpu_us_per_request"] = client_cpu / n * 1e6;
  if (o.server_session) {
    j["server_cpu_s"] = server_cpu;
    j["server_cpu_us_per_request"] = server_cpu / n * 1e6;
  }
  write_json(o, j);
  if (!o.quiet)
    std::fprintf(stderr, "  [%s] %.0f req/s, p50 %.3f ms, p99 %.3f ms, errors %lld\n", tag.c_str(),
                 j["rps"].get<double>(), j["latency_ms"]["p50"].get<double>(), j["latency_ms"]["p99"].get<double>(),
                 errors);
  return all.empty() ? 1 : 0;
}

int fetch(const Options& o) {
  const Target t = ovhload::parse_target(o.url);
  std::unique_ptr<TlsContext> tls;
  if (t.scheme == "https") tls = std::make_unique<TlsContext>(o.insecure, o.cacert);
  RequestBuilder rb(o, t);
  Connection conn(t, tls.get());
  const HttpResult r = conn.exchange(rb.build());
  std::cout << r.body;
  std::cout.flush();
  if (r.status != o.expect) {
    std::fprintf(stderr, "ovhload fetch: status %d (expected %d)\n", r.status, o.expect);
    return 1;
  }
  return 0;
}

long long realtime_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

int ready(const Options& o) {
  const Target t = ovhload::parse_target(o.url);
  std::unique_ptr<TlsContext> tls;
  if (t.scheme == "https") tls = std::make_unique<TlsContext>(o.insecure, o.cacert);
  RequestBuilder rb(o, t);
  const long long since = o.since_ns ? o.since_ns : realtime_ns();
  const long long deadline = realtime_ns() + static_cast<long long>(o.timeout * 1e9);
  int tries = 0;
  int last_status = 0;
  while (realtime_ns() < deadline) {
    ++tries;
    try {
      Connection conn(t, tls.get());
      last_status = conn.exchange(rb.build()).status;
      if (last_status == o.expect) {
        const long long now = realtime_ns();
        nlohmann::json j = {{"ready_ms", (now - since) / 1e6}, {"tries", tries}};
        write_json(o, j);
        return 0;
      }
    } catch (const std::exception&) {
      // Not listening yet.
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::fprintf(stderr, "ovhload ready: no %d from %s%s within %.0f s (last status %d)\n", o.expect, t.base().c_str(),
               o.path.c_str(), o.timeout, last_status);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kHelp;
      return 0;
    }
  }
  try {
    const Options o = parse(argc, argv);
    if (o.mode == "run") return run(o);
    if (o.mode == "fetch") return fetch(o);
    return ready(o);
  } catch (const std::invalid_argument& e) {
    std::cerr << "ovhload: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ovhload: " << e.what() << "\n";
    return 1;
  }
}
