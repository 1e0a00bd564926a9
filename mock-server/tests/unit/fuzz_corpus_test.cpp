// Replays the fuzz targets' committed inputs (seed corpora and the regressions: inputs
// that once crashed or broke a promise) through the same harness and checks, in the
// ordinary test run, so a finding fixed once stays fixed. mock-server/fuzz/README in
// docs/hardening.md.
#include <gtest/gtest.h>

#include <filesystem>

#include "fuzz_request.hpp"
#include "fuzz_routes.hpp"
#include "glob_reference.hpp"
#include "ovhmock/auth/access_rules.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

namespace fs = std::filesystem;
const fs::path kFuzzDir = fs::path(OVHMOCK_FUZZ_DIR);

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> out;
  for (const char* kind : {"corpus", "regressions"}) {
    const auto dir = kFuzzDir / kind / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) out.push_back(e.path());
  }
  return out;
}

TEST(FuzzCorpus, PipelineInputsKeepEveryResponsePromise) {
  fuzz::Harness harness;
  const auto files = inputs("pipeline");
  ASSERT_GE(files.size(), 10u);
  for (const auto& f : files) {
    const auto request = fuzz::parse_request(test::read_file(f));
    const auto problem = fuzz::response_problem(request, harness.handle(request));
    EXPECT_FALSE(problem) << f.filename() << ": " << problem.value_or("");
  }
}

TEST(FuzzCorpus, SignedSeedsReachTheirHandlers) {
  // A seed signed by the harness must pass authentication: otherwise the fuzzer never
  // gets past the signature check and the handlers go untested.
  fuzz::Harness harness;
  const auto response =
      harness.handle(fuzz::parse_request(test::read_file(kFuzzDir / "corpus/pipeline/current-credential-signed")));
  EXPECT_EQ(response.status, 200) << response.body;
}

TEST(FuzzCorpus, JsonBodyInputsKeepEveryResponsePromise) {
  fuzz::Harness harness;
  const auto targets = fuzz::writable_targets();
  ASSERT_FALSE(targets.empty());
  for (const auto& f : inputs("json_bodies")) {
    const std::string data = test::read_file(f);
    if (data.empty()) continue;
    const auto& t = targets[static_cast<unsigned char>(data[0]) % targets.size()];
    const auto request = test::signed_request(test::default_keys(), t.method, t.target, data.substr(1), fuzz::kNow);
    const auto problem = fuzz::response_problem(request, harness.handle(request));
    EXPECT_FALSE(problem) << f.filename() << " on " << t.method << " " << t.target << ": " << problem.value_or("");
  }
}

TEST(FuzzCorpus, GlobInputsMatchTheReferenceMatcher) {
  // Each committed input, as the fuzz target reads it (<pattern>\n<path>): glob_match must
  // agree with the reference matcher (and finish: a ctest timeout otherwise).
  int matches = 0, mismatches = 0;
  for (const auto& f : inputs("glob")) {
    const std::string data = test::read_file(f);
    const auto cut = data.find('\n');
    const std::string pattern = data.substr(0, cut);
    const std::string path = cut == std::string::npos ? "" : data.substr(cut + 1);
    const bool expected = fuzz::reference_glob_match(pattern, path);
    EXPECT_EQ(glob_match(pattern, path), expected) << f.filename() << ": \"" << pattern << "\" on \"" << path << "\"";
    ++(expected ? matches : mismatches);
  }
  // The corpus holds both outcomes, so a matcher answering always the same fails.
  EXPECT_GT(matches, 0);
  EXPECT_GT(mismatches, 0);
}

TEST(FuzzCorpus, GlobMatchesTheReferenceOnEveryShortInput) {
  // Every pattern over {a, /, *, %} and every path over {a, b, /, *, %} up to 4 bytes ('%'
  // sorts below '*': only '*' is a wildcard).
  auto all = [](std::string_view alphabet) {
    std::vector<std::string> out = {""};
    for (std::size_t from = 0, len = 0; len < 4; ++len) {
      const std::size_t to = out.size();
      for (std::size_t i = from; i < to; ++i)
        for (char c : alphabet) out.push_back(out[i] + c);
      from = to;
    }
    return out;
  };
  int checked = 0;
  for (const auto& pattern : all("a/*%"))
    for (const auto& path : all("ab/*%")) {
      ASSERT_EQ(glob_match(pattern, path), fuzz::reference_glob_match(pattern, path))
          << "\"" << pattern << "\" on \"" << path << "\"";
      ++checked;
    }
  EXPECT_EQ(checked, 341 * 781);
}

TEST(FuzzCorpus, GlobReadsNothingBeyondThePattern) {
  // A pattern is a view: the byte after it (here a '*') is not part of it.
  const std::string buffer = "/**";
  EXPECT_TRUE(glob_match(std::string_view(buffer).substr(0, 2), "/ab"));
  EXPECT_FALSE(glob_match(std::string_view(buffer).substr(0, 1), "/ab"));
  EXPECT_TRUE(glob_match(std::string_view(buffer).substr(0, 1), "/"));
}

}  // namespace
}  // namespace ovhmock
