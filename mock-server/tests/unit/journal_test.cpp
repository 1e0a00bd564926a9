// The request journal: bounds, filters, and that no secret reaches an entry.
#include "ovhmock/observe/journal.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ovhmock/observe/observers.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

JournalEntry entry(std::string method, std::string path, int status, std::string test_id = "") {
  JournalEntry e;
  e.method = std::move(method);
  e.path = path;
  e.url = std::move(path);
  e.status = status;
  e.test_id = std::move(test_id);
  e.auth = {{"method", "none"}, {"accepted", false}};
  return e;
}

TEST(Journal, IsABoundedRingBufferNewestFirst) {
  Journal j(3);
  for (int i = 0; i < 10; ++i) j.record(entry("GET", "/1.0/r" + std::to_string(i), 200));
  EXPECT_EQ(j.size(), 3u);
  EXPECT_EQ(j.total_recorded(), 10u);
  const auto all = j.list({});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].path, "/1.0/r9");
  EXPECT_EQ(all[2].path, "/1.0/r7");
  EXPECT_EQ(all[0].id, 10u);
  j.set_capacity(1);
  EXPECT_EQ(j.size(), 1u);
  EXPECT_EQ(j.list({})[0].path, "/1.0/r9");
}

TEST(Journal, KeepsOrderWhenTheCapacityChangesAfterWrapping) {
  Journal j(4);
  for (int i = 0; i < 6; ++i) j.record(entry("GET", "/1.0/r" + std::to_string(i), 200));  // r2..r5 kept
  j.set_capacity(6);
  for (int i = 6; i < 9; ++i) j.record(entry("GET", "/1.0/r" + std::to_string(i), 200));  // r3..r8 kept
  auto all = j.list({});
  ASSERT_EQ(all.size(), 6u);
  for (std::size_t k = 0; k < all.size(); ++k) EXPECT_EQ(all[k].path, "/1.0/r" + std::to_string(8 - k));
  j.set_capacity(2);
  all = j.list({});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].path, "/1.0/r8");
  EXPECT_EQ(all[1].id, 8u);
}

TEST(Journal, CapacityZeroDisablesIt) {
  Journal j(0);
  j.record(entry("GET", "/1.0/me", 200));
  EXPECT_FALSE(j.enabled());
  EXPECT_EQ(j.size(), 0u);
}

TEST(Journal, FiltersCombineAndCount) {
  Journal j(100);
  j.record(entry("GET", "/1.0/me", 200, "t1"));
  j.record(entry("POST", "/1.0/me/contact", 400, "t1"));
  j.record(entry("GET", "/1.0/domain/zone", 200, "t2"));
  auto f = JournalFilter::from_json({{"method", "get"}});
  EXPECT_EQ(j.count(f), 2u);
  f = JournalFilter::from_json({{"path", "/1.0/me*"}, {"testId", "t1"}});
  EXPECT_EQ(j.count(f), 2u);
  f = JournalFilter::from_json({{"status", "400"}});
  EXPECT_EQ(j.count(f), 1u);
  f = JournalFilter::from_json({{"since", 2}});
  EXPECT_EQ(j.count(f), 1u);
  EXPECT_EQ(j.list({}, 2).size(), 2u);
  j.clear();
  EXPECT_EQ(j.count({}), 0u);
}

TEST(Journal, BadFiltersAreRefusedByName) {
  EXPECT_THROW(JournalFilter::from_json({{"stauts", 200}}), std::invalid_argument);
  EXPECT_THROW(JournalFilter::from_json({{"status", "abc"}}), std::invalid_argument);
  EXPECT_THROW(JournalFilter::from_json({{"accepted", "maybe"}}), std::invalid_argument);
}

TEST(Masking, HeadersTargetsAndBodies) {
  EXPECT_EQ(mask_header_value("Authorization", "Bearer abcdefghijklmnop"), "Bearer abcd…(16)");
  EXPECT_EQ(mask_header_value("x-ovh-consumer", "a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b"), "a3f9…(32)");
  EXPECT_EQ(mask_header_value("X-Ovh-Application", "7kbG7Bk7S9Nt7ZSV"), "7kbG7Bk7S9Nt7ZSV");  // public
  EXPECT_EQ(mask_target("/auth/validate?credentialToken=0123456789abcdef&x=1"),
            "/auth/validate?credentialToken=0123…(16)&x=1");
  EXPECT_EQ(mask_body(R"({"client_secret":"0123456789abcdef","n":1})", "application/json"),
            "{\"client_secret\":\"0123…(16)\",\"n\":1}");
  EXPECT_EQ(
      mask_body("grant_type=client_credentials&client_secret=0123456789abcdef", "application/x-www-form-urlencoded"),
      "grant_type=client_credentials&client_secret=0123…(16)");
  // Nothing to mask: the bytes as received.
  EXPECT_EQ(mask_body(R"({"b": 1,  "a": "é"})", "application/json"), R"({"b": 1,  "a": "é"})");
}

class JournalThroughPipeline : public ::testing::Test {
 protected:
  void SetUp() override { state.clock.freeze(1767607012); }
  Server server{test::server_config()};  // its observers: the journal, the metrics
  State& state = server.state();
  Pipeline& pipeline = server.pipeline();
};

TEST_F(JournalThroughPipeline, EntryHasVerdictFormDeltaQueryIdAndNoSecrets) {
  const auto keys = test::default_keys();
  auto r = test::signed_request(keys, "GET", "/1.0/auth/currentCredential", "", 1767607010);
  r.headers.push_back({"X-Ovhmock-Test-Id", "case-1"});
  const auto resp = pipeline.handle(r);
  ASSERT_EQ(resp.status, 200) << resp.body;
  auto bad = test::signed_request(keys, "GET", "/1.0/auth/currentCredential", "", 1767607012);
  bad.headers.back().value = "$1$0000000000000000000000000000000000000000";
  pipeline.handle(bad);

  const auto list = state.journal.list({});
  ASSERT_EQ(list.size(), 2u);
  const auto ok = list[1].to_json();
  EXPECT_EQ(ok.at("method"), "GET");
  EXPECT_EQ(ok.at("url"), "/1.0/auth/currentCredential");
  EXPECT_EQ(ok.at("status"), 200);
  EXPECT_EQ(ok.at("route"), "/1.0/auth/currentCredential");
  EXPECT_EQ(ok.at("testId"), "case-1");
  EXPECT_EQ(ok.at("queryId"), std::string(resp.header("X-Ovh-Queryid").value()));
  EXPECT_EQ(ok.at("auth").at("accepted"), true);
  EXPECT_EQ(ok.at("auth").at("matchedForm"), "strict");
  EXPECT_EQ(ok.at("auth").at("timestampDelta"), -2);
  EXPECT_TRUE(ok.at("durationUs").is_number());

  const auto rejected = list[0].to_json();
  EXPECT_EQ(rejected.at("errorCode"), "INVALID_SIGNATURE");
  EXPECT_EQ(rejected.at("auth").at("reason"), "signature matches no accepted URL form");
  EXPECT_EQ(rejected.at("auth").at("signatureHint").at("variantClass"), "none");

  for (const auto& e : list) {
    const std::string text = e.to_json().dump();
    EXPECT_EQ(text.find(keys.as), std::string::npos) << text;
    EXPECT_EQ(text.find(keys.ck), std::string::npos) << text;
    EXPECT_EQ(text.find(std::string(r.header("X-Ovh-Signature").value()).substr(3)), std::string::npos) << text;
  }
}

// Bodies are masked when the journal is read; one too large to keep raw is masked (and
// truncated) when recorded. Neither way lets the secret through.
TEST_F(JournalThroughPipeline, SecretBodyFieldsAreMaskedSmallOrLarge) {
  const std::string secret = "s3cr3tValue0123456789";
  for (std::size_t pad : {std::size_t{10}, JournalRecord::kMaxRawBody + 10}) {
    Request r;
    r.method = "POST";
    r.target = "/1.0/auth/credential";
    r.peer_address = "127.0.0.1";
    r.body = R"({"client_secret":")" + secret + R"(","pad":")" + std::string(pad, 'x') + R"("})";
    r.headers = {{"Content-Type", "application/json"}, {"X-Ovh-Application", "7kbG7Bk7S9Nt7ZSV"}};
    pipeline.handle(r);
    const auto list = state.journal.list({}, 1);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].body.find(secret), std::string::npos) << list[0].body.substr(0, 80);
    EXPECT_NE(list[0].body.find("s3cr…(21)"), std::string::npos) << list[0].body.substr(0, 80);
    EXPECT_EQ(list[0].body_truncated, pad > JournalEntry::kMaxBody);
  }
}

TEST_F(JournalThroughPipeline, AccessLogLineIsMaskedAndOneLine) {
  const auto keys = test::default_keys();
  auto r = test::signed_request(keys, "GET", "/1.0/auth/currentCredential?token=abcdefghijkl", "", 1767607012);
  std::string plain, json;
  pipeline.add_observer([&](const Exchange& x) {
    plain = access_log_line(x, LogFormat::plain);
    json = access_log_line(x, LogFormat::json);
  });
  pipeline.handle(r);
  for (const auto& line : {plain, json}) {
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find(keys.ck), std::string::npos) << line;
    EXPECT_EQ(line.find(keys.as), std::string::npos) << line;
    EXPECT_EQ(line.find("abcdefghijkl"), std::string::npos) << line;
  }
  EXPECT_NE(plain.find("GET /1.0/auth/currentCredential?token="), std::string::npos) << plain;
  EXPECT_NE(plain.find(" 200 "), std::string::npos) << plain;
  const auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j.at("status"), 200);
  EXPECT_EQ(j.at("auth"), "signature:accepted");
  EXPECT_EQ(j.at("matchedForm"), "strict");
}

TEST_F(JournalThroughPipeline, ControlPlaneRequestsAreNotJournaled) {
  Request r;
  r.method = "GET";
  r.target = "/__admin/health";
  r.peer_address = "127.0.0.1";
  pipeline.handle(r);
  EXPECT_EQ(state.journal.size(), 0u);
}

TEST(Metrics, CountsRoutesRejectionsFaultsAndLatency) {
  const auto server = make_server(test::server_config());
  State& state = server->state();
  Pipeline& pipeline = server->pipeline();
  Request t;
  t.method = "GET";
  t.target = "/1.0/auth/time";
  pipeline.handle(t);
  pipeline.handle(t);
  auto bad = test::signed_request(test::default_keys(), "GET", "/1.0/auth/currentCredential", "", state.clock.now());
  bad.headers.back().value = "$1$0000000000000000000000000000000000000000";
  pipeline.handle(bad);
  const std::string text = state.metrics.render(state.journal.size());
  EXPECT_NE(text.find("ovhmock_requests_total{route=\"/1.0/auth/time\",method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ovhmock_auth_rejections_total{reason=\"INVALID_SIGNATURE\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("ovhmock_request_duration_seconds_count 3\n"), std::string::npos);
  EXPECT_NE(text.find("ovhmock_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE ovhmock_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find("ovhmock_journal_entries 3\n"), std::string::npos);
}

}  // namespace
}  // namespace ovhmock
