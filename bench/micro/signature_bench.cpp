// Microbenchmarks of signing and of verification as the server does it, against raw
// OpenSSL SHA-1 over the same number of bytes (the pre-image), for bodies of 0, 100 B,
// 1 KiB and 16 KiB. After the run a table gives sign/SHA-1 and verify/SHA-1 per size;
// --ratios_out=FILE also writes it as JSON. Timings are reported, never asserted.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "micro/bench_requests.hpp"
#include "ovhmock/auth/signature.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "ovhmock/state/state.hpp"

namespace {

using ovhmock::Request;
using namespace ovhmock::bench;  // the shared key, bodies and signed requests

const std::vector<std::int64_t> kBodySizes = {0, 100, 1024, 16 * 1024};

std::string method_for(const std::string& body) { return body.empty() ? "GET" : "POST"; }

// The server make_server builds on the default fixtures. Without observers: the pipeline
// alone; with them, as the binary runs it (access log off), the journal holding
// `journal_size` entries (0: off).
ovhmock::Config world_config(bool observers, std::size_t journal_size) {
  ovhmock::Config config;
  config.server.fixtures_dir = OVHMOCK_DEFAULT_FIXTURES;
  config.observers = observers;
  config.journal_size = journal_size;
  return config;
}

// One server-side world: the pipeline without observers.
struct World {
  std::unique_ptr<ovhmock::Server> server;
  ovhmock::State& state;
  ovhmock::Pipeline* pipeline;
  explicit World(const ovhmock::Config& config = world_config(false, 1000))
      : server(ovhmock::make_server(config)), state(server->state()), pipeline(&server->pipeline()) {}
};

World& world() {
  static World w;
  return w;
}

// The pipeline as the server runs it: the journal and metrics observers attached.
struct ObservedWorld : World {
  explicit ObservedWorld(std::size_t journal_size) : World(world_config(true, journal_size)) {}
};

std::string preimage_for(const std::string& body) {
  const std::string url = std::string("http://") + kHost + kTarget;
  return ovhmock::signature_preimage({kAs, kCk, method_for(body), url, body, "1764300000"});
}

// Baseline: OpenSSL SHA-1 over the exact pre-image bytes, the cheapest non-deprecated way:
// the algorithm fetched once, one digest context reused (init, update, final).
void BM_Sha1Raw(benchmark::State& st) {
  const std::string preimage = preimage_for(body_of(static_cast<std::size_t>(st.range(0))));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> sha1(EVP_MD_fetch(nullptr, "SHA1", nullptr), EVP_MD_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  for (auto _ : st) {
    EVP_DigestInit_ex2(ctx.get(), sha1.get(), nullptr);
    EVP_DigestUpdate(ctx.get(), preimage.data(), preimage.size());
    EVP_DigestFinal_ex(ctx.get(), md.data(), &len);
    benchmark::DoNotOptimize(md.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * preimage.size()));
  st.counters["preimage_bytes"] = static_cast<double>(preimage.size());
}

// For reference: the deprecated low-level SHA1_* calls (no EVP dispatch at all).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
void BM_Sha1LowLevel(benchmark::State& st) {
  const std::string preimage = preimage_for(body_of(static_cast<std::size_t>(st.range(0))));
  std::array<unsigned char, SHA_DIGEST_LENGTH> md{};
  for (auto _ : st) {
    SHA_CTX c;
    SHA1_Init(&c);
    SHA1_Update(&c, preimage.data(), preimage.size());
    SHA1_Final(md.data(), &c);
    benchmark::DoNotOptimize(md.data());
    benchmark::ClobberMemory();
  }
}
#pragma GCC diagnostic pop

// For reference: the one-shot EVP_Digest with EVP_sha1(): a context created and freed and
// the algorithm looked up on every call.
void BM_Sha1OneShot(benchmark::State& st) {
  const std::string preimage = preimage_for(body_of(static_cast<std::size_t>(st.range(0))));
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  for (auto _ : st) {
    EVP_Digest(preimage.data(), preimage.size(), md.data(), &len, EVP_sha1(), nullptr);
    benchmark::DoNotOptimize(md.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * preimage.size()));
}

// What a client does per call: "$1$" + hex SHA-1 of AS+CK+METHOD+URL+BODY+TS.
void BM_Sign(benchmark::State& st) {
  const std::string body = body_of(static_cast<std::size_t>(st.range(0)));
  const std::string method = method_for(body);
  const std::string url = std::string("http://") + kHost + kTarget;
  const std::string ts = "1764300000";
  for (auto _ : st) {
    std::string sig = ovhmock::compute_signature({kAs, kCk, method, url, body, ts});
    benchmark::DoNotOptimize(sig.data());
  }
  st.counters["preimage_bytes"] = static_cast<double>(preimage_for(body).size());
}

// What the server does per signed call before routing to a handler: Pipeline::authenticate,
// i.e. header lookups in the Request, the URL forms, the application and consumer-key
// lookups in the CredentialStore, the timestamp window, SHA-1, the constant-time compare
// and the state checks.
void BM_Verify(benchmark::State& st) {
  World& w = world();
  const std::string body = body_of(static_cast<std::size_t>(st.range(0)));
  const Request req = signed_request(method_for(body), kTarget, body, w.state.clock.now());
  if (!w.pipeline->authenticate(req).accepted) {
    st.SkipWithError("the benchmark request is not accepted");
    return;
  }
  for (auto _ : st) {
    auto verdict = w.pipeline->authenticate(req);
    benchmark::DoNotOptimize(verdict.accepted);
  }
  st.counters["preimage_bytes"] = static_cast<double>(preimage_for(body).size());
}

// The whole pipeline in process (no socket): route match, verify, access rules, handler,
// rendering, response headers. A signed GET of the current credential.
void BM_PipelineSignedGet(benchmark::State& st) {
  World& w = world();
  const Request req = signed_request("GET", "/1.0/auth/currentCredential", "", w.state.clock.now());
  if (w.pipeline->handle(req).status != 200) {
    st.SkipWithError("the benchmark request does not answer 200");
    return;
  }
  for (auto _ : st) {
    auto response = w.pipeline->handle(req);
    benchmark::DoNotOptimize(response.body.data());
  }
}

// Signed GET /1.0/me through the pipeline with the server's observers: journal (1000
// entries, as shipped) and metrics, then with the journal off (--journal-size 0).
void BM_PipelineSignedMeJournal(benchmark::State& st) {
  static ObservedWorld w(static_cast<std::size_t>(st.range(0)));
  if (w.state.journal.capacity() != static_cast<std::size_t>(st.range(0)))
    w.state.journal.set_capacity(static_cast<std::size_t>(st.range(0)));
  const Request req = signed_request("GET", "/1.0/me", "", w.state.clock.now());
  if (w.pipeline->handle(req).status != 200) {
    st.SkipWithError("the benchmark request does not answer 200");
    return;
  }
  for (auto _ : st) {
    auto response = w.pipeline->handle(req);
    benchmark::DoNotOptimize(response.body.data());
  }
}

// The unauthenticated GET /auth/time through the pipeline: routing and rendering only.
void BM_PipelineAuthTime(benchmark::State& st) {
  World& w = world();
  Request req;
  req.method = "GET";
  req.target = "/1.0/auth/time";
  req.headers = {{"Host", kHost}, {"User-Agent", "ovhmock-bench/1"}};
  for (auto _ : st) {
    auto response = w.pipeline->handle(req);
    benchmark::DoNotOptimize(response.body.data());
  }
}

// A signed-looking call to a path no route has: every route of the table is tried (the
// cost of route matching), then the 404 is rendered. No authentication runs.
void BM_PipelineUnknownRoute(benchmark::State& st) {
  World& w = world();
  Request req;
  req.method = "GET";
  req.target = "/1.0/domain/zone/example.com/record/12345/unknown";
  req.headers = {{"Host", kHost}, {"User-Agent", "ovhmock-bench/1"}};
  for (auto _ : st) {
    auto response = w.pipeline->handle(req);
    benchmark::DoNotOptimize(response.body.data());
  }
  st.counters["routes"] = static_cast<double>(ovhmock::api_routes().size());
}

void sizes(benchmark::internal::Benchmark* b) {
  for (auto n : kBodySizes) b->Arg(n);
}

BENCHMARK(BM_Sha1Raw)->Apply(sizes);
BENCHMARK(BM_Sha1LowLevel)->Apply(sizes);
BENCHMARK(BM_Sha1OneShot)->Apply(sizes);
BENCHMARK(BM_Sign)->Apply(sizes);
BENCHMARK(BM_Verify)->Apply(sizes);
BENCHMARK(BM_PipelineSignedGet);
BENCHMARK(BM_PipelineAuthTime);
BENCHMARK(BM_PipelineUnknownRoute);
BENCHMARK(BM_PipelineSignedMeJournal)->Arg(1000)->Arg(0)->ArgName("journal");

// Console output as usual, plus the per-benchmark CPU time kept for the ratio table (CPU
// time, not wall time: on a shared machine wall time also counts other processes).
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      if (run.error_occurred) continue;
      const bool aggregate = run.run_type == Run::RT_Aggregate;
      if (aggregate && run.aggregate_name != "median") continue;
      // With repetitions, the median wins over the individual runs.
      std::string name = run.run_name.str();
      if (!aggregate && medians_.count(name)) continue;
      if (aggregate) medians_[name] = true;
      ns_[name] = run.GetAdjustedCPUTime() * to_ns(run.time_unit);
    }
    ConsoleReporter::ReportRuns(runs);
  }
  const std::map<std::string, double>& ns() const { return ns_; }

 private:
  static double to_ns(benchmark::TimeUnit u) {
    switch (u) {
      case benchmark::kNanosecond:
        return 1;
      case benchmark::kMicrosecond:
        return 1e3;
      case benchmark::kMillisecond:
        return 1e6;
      case benchmark::kSecond:
        return 1e9;
    }
    return 1;
  }
  std::map<std::string, double> ns_;
  std::map<std::string, bool> medians_;
};

nlohmann::json ratio_table(const std::map<std::string, double>& ns) {
  nlohmann::json rows = nlohmann::json::array();
  for (auto size : kBodySizes) {
    const std::string s = "/" + std::to_string(size);
    auto sha = ns.find("BM_Sha1Raw" + s), sign = ns.find("BM_Sign" + s), verify = ns.find("BM_Verify" + s);
    if (sha == ns.end() || sign == ns.end() || verify == ns.end()) continue;
    auto value = [&](const std::string& name) {
      auto it = ns.find(name + s);
      return it == ns.end() ? nlohmann::json() : nlohmann::json(it->second);
    };
    rows.push_back({{"body_bytes", size},
                    {"sha1_one_shot_ns", value("BM_Sha1OneShot")},
                    {"sha1_low_level_ns", value("BM_Sha1LowLevel")},
                    {"preimage_bytes", preimage_for(body_of(static_cast<std::size_t>(size))).size()},
                    {"sha1_ns", sha->second},
                    {"sign_ns", sign->second},
                    {"verify_ns", verify->second},
                    {"sign_over_sha1", sign->second / sha->second},
                    {"verify_over_sha1", verify->second / sha->second}});
  }
  nlohmann::json out = {{"ratios", rows}};
  for (const char* name : {"BM_PipelineSignedGet", "BM_PipelineAuthTime", "BM_PipelineUnknownRoute",
                           "BM_PipelineSignedMeJournal/journal:1000", "BM_PipelineSignedMeJournal/journal:0"})
    if (auto it = ns.find(name); it != ns.end()) out[std::string(name).substr(3) + "_ns"] = it->second;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string ratios_out;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    constexpr std::string_view flag = "--ratios_out=";
    if (std::string_view(argv[i]).substr(0, flag.size()) == flag)
      ratios_out = argv[i] + flag.size();
    else
      args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();

  const nlohmann::json table = ratio_table(reporter.ns());
  if (!table["ratios"].empty()) {
    std::printf("\n%-10s %-10s %12s %12s %12s %10s %10s\n", "body", "preimage", "sha1 ns", "sign ns", "verify ns",
                "sign/sha1", "verify/sha1");
    for (const auto& r : table["ratios"])
      std::printf("%-10lld %-10lld %12.1f %12.1f %12.1f %10.2f %10.2f\n", r["body_bytes"].get<long long>(),
                  r["preimage_bytes"].get<long long>(), r["sha1_ns"].get<double>(), r["sign_ns"].get<double>(),
                  r["verify_ns"].get<double>(), r["sign_over_sha1"].get<double>(), r["verify_over_sha1"].get<double>());
  }
  if (!ratios_out.empty()) {
    std::ofstream out(ratios_out);
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", ratios_out.c_str());
      return 1;
    }
    out << table.dump(2) << "\n";
  }
  return 0;
}
