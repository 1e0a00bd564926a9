// One in-process case of the request path, run N times: the program bench/instructions.sh
// runs under `valgrind --tool=callgrind` twice (N and 0 iterations) to get the instructions
// of one request, a figure that does not move with the machine's load.
//
//   ovhmock_instr_bench CASE N       CASE: sha1-0 sha1-100 verify-0 verify-100 me-journal
//                                          me-nojournal auth-time unknown-route
//   ovhmock_instr_bench --list       the cases, one a line
//   ovhmock_instr_bench --rss N      N signed GET /1.0/me with the journal on (1,000 entries):
//                                    the resident set after 10,000 and after N, in kB (JSON)
//
// Every case does its set-up (fixtures, pipeline, one warm-up call that must succeed) before
// the loop, so the difference between two runs is the loop only.
#include <openssl/evp.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "micro/bench_requests.hpp"
#include "ovhmock/auth/signature.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "ovhmock/state/state.hpp"

namespace {

using ovhmock::Request;
using namespace ovhmock::bench;  // the shared key, bodies and signed requests

// Keeps a value observable so the loop is not optimised away.
volatile std::size_t g_sink = 0;

// The server make_server builds on the default fixtures. journal < 0: no observers (as the
// verify cases); else the server's observers with a journal of that many entries (0: off).
ovhmock::Config world_config(long journal) {
  ovhmock::Config config;
  config.server.fixtures_dir = OVHMOCK_DEFAULT_FIXTURES;
  config.observers = journal >= 0;
  if (journal >= 0) config.journal_size = static_cast<std::size_t>(journal);
  return config;
}

struct World {
  std::unique_ptr<ovhmock::Server> server;
  ovhmock::State& state;
  ovhmock::Pipeline* pipeline;
  explicit World(long journal)
      : server(ovhmock::make_server(world_config(journal))), state(server->state()), pipeline(&server->pipeline()) {}
};

int fail(const char* what) {
  std::fprintf(stderr, "set-up failed: %s\n", what);
  return 2;
}

int run_sha1(std::size_t body_size, long n) {
  const std::string body = body_of(body_size);
  const std::string preimage = ovhmock::signature_preimage(
      {kAs, kCk, body.empty() ? "GET" : "POST", std::string("http://") + kHost + kTarget, body, "1764300000"});
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> sha1(EVP_MD_fetch(nullptr, "SHA1", nullptr), EVP_MD_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  for (long i = 0; i < n; ++i) {
    EVP_DigestInit_ex2(ctx.get(), sha1.get(), nullptr);
    EVP_DigestUpdate(ctx.get(), preimage.data(), preimage.size());
    EVP_DigestFinal_ex(ctx.get(), md.data(), &len);
    g_sink = g_sink + md[0];
  }
  return 0;
}

int run_verify(std::size_t body_size, long n) {
  World w(-1);
  const std::string body = body_of(body_size);
  const Request req = signed_request(body.empty() ? "GET" : "POST", kTarget, body, w.state.clock.now());
  if (!w.pipeline->authenticate(req).accepted) return fail("the request is not accepted");
  for (long i = 0; i < n; ++i) g_sink = g_sink + w.pipeline->authenticate(req).accepted;
  return 0;
}

// The warm-up fills the journal (1000 entries, as shipped) so that the loop measures the
// steady state, where every record also evicts the oldest entry.
constexpr long kPipelineWarmup = 1100;

int run_pipeline(World& w, const Request& req, int status, long n) {
  if (w.pipeline->handle(req).status != status) return fail("unexpected status");
  for (long i = 0; i < kPipelineWarmup; ++i) g_sink = g_sink + w.pipeline->handle(req).body.size();
  for (long i = 0; i < n; ++i) g_sink = g_sink + w.pipeline->handle(req).body.size();
  return 0;
}

int run_me(long journal, long n) {
  World w(journal);
  return run_pipeline(w, signed_request("GET", "/1.0/me", "", w.state.clock.now()), 200, n);
}

Request unsigned_get(const char* target) {
  Request req;
  req.method = "GET";
  req.target = target;
  req.headers = {{"Host", kHost}, {"User-Agent", "ovhmock-bench/1"}};
  return req;
}

// VmRSS of this process, kB (0 when /proc is not there).
long rss_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

// Whether the journal's memory stays bounded: RSS after the first 10,000 requests and
// after all of them (one signed request, sent again and again: the run stays well inside
// the timestamp window).
int run_rss(long n) {
  World w(1000);
  const Request req = signed_request("GET", "/1.0/me", "", w.state.clock.now());
  if (w.pipeline->handle(req).status != 200) return fail("unexpected status");
  long after_10k = 0;
  for (long i = 1; i <= n; ++i) {
    g_sink = g_sink + w.pipeline->handle(req).body.size();
    if (i == 10000) after_10k = rss_kb();
  }
  std::printf("{\"requests\": %ld, \"rss_kb_after_10000\": %ld, \"rss_kb_after_all\": %ld}\n", n, after_10k, rss_kb());
  return 0;
}

const std::map<std::string, std::function<int(long)>, std::less<>>& cases() {
  static const std::map<std::string, std::function<int(long)>, std::less<>> c = {
      {"sha1-0", [](long n) { return run_sha1(0, n); }},
      {"sha1-100", [](long n) { return run_sha1(100, n); }},
      {"verify-0", [](long n) { return run_verify(0, n); }},
      {"verify-100", [](long n) { return run_verify(100, n); }},
      {"me-journal", [](long n) { return run_me(1000, n); }},
      {"me-nojournal", [](long n) { return run_me(0, n); }},
      {"auth-time",
       [](long n) {
         World w(-1);
         return run_pipeline(w, unsigned_get("/1.0/auth/time"), 200, n);
       }},
      {"unknown-route",
       [](long n) {
         World w(-1);
         return run_pipeline(w, unsigned_get("/1.0/domain/zone/example.com/record/12345/unknown"), 404, n);
       }},
  };
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--list") {
    for (const auto& [name, _] : cases()) std::printf("%s\n", name.c_str());
    return 0;
  }
  long n = -1;
  const bool rss = argc == 3 && std::string_view(argv[1]) == "--rss";
  if (argc == 3) {
    const std::string_view s(argv[2]);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || p != s.data() + s.size()) n = -1;
  }
  auto it = argc == 3 ? cases().find(std::string_view(argv[1])) : cases().end();
  if (rss && n >= 10000) return run_rss(n);
  if (n < 0 || it == cases().end()) {
    std::fprintf(stderr, "usage: %s CASE N (N >= 0 iterations) | --list | --rss N (N >= 10000)\n", argv[0]);
    return 1;
  }
  try {
    return it->second(n);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
}
