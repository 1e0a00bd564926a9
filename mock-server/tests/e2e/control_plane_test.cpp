// The control plane of the real binary, over HTTP: every /__admin endpoint, the clock
// driving /auth/time and the timestamp window, keys created and changed at run time,
// data sets loaded at run time, the journal and its bounds, faults and their scope,
// metrics, the access log, --public-base and HTTPS with the generated CA.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/clock.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

using json = nlohmann::json;

httplib::Headers signed_headers(const test::Keys& keys, const std::string& method, const std::string& url,
                                const std::string& body, std::int64_t ts) {
  const std::string t = std::to_string(ts);
  return {{"X-Ovh-Application", keys.ak},
          {"X-Ovh-Consumer", keys.ck},
          {"X-Ovh-Timestamp", t},
          {"X-Ovh-Signature", compute_signature({keys.as, keys.ck, method, url, body, t})}};
}

class ControlPlane : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server = std::make_unique<test::ServerProcess>(); }
  static void TearDownTestSuite() { server.reset(); }
  void SetUp() override {
    auto r = cli().Post("/__admin/reset");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 204);
  }

  static httplib::Client cli() { return httplib::Client("127.0.0.1", server->port()); }
  static json post(const std::string& path, const json& body, int expected_status = 200) {
    auto r = cli().Post(path, body.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, expected_status) << path << " " << r->body;
    return r->body.empty() ? json() : json::parse(r->body);
  }
  static json get(const std::string& path) {
    auto r = cli().Get(path);
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 200) << path << " " << r->body;
    return json::parse(r->body);
  }
  static std::int64_t server_time() { return std::stoll(cli().Get("/1.0/auth/time")->body); }
  // GET /1.0/auth/currentCredential signed with `keys` at `ts` (server time by default).
  static httplib::Result current_credential(const test::Keys& keys, std::optional<std::int64_t> ts = std::nullopt,
                                            httplib::Headers extra = {}) {
    const std::string target = "/1.0/auth/currentCredential";
    auto h = signed_headers(keys, "GET", server->base_url() + target, "", ts ? *ts : server_time());
    h.insert(extra.begin(), extra.end());
    return cli().Get(target, h);
  }
  static std::string error_code(const httplib::Result& r) {
    return r ? json::parse(r->body).value("errorCode", "") : "no response";
  }

  // Objects in a file of the default fixtures.
  static std::size_t fixture_count(const char* file) {
    return json::parse(test::read_file(test::default_fixtures_dir() / file)).size();
  }

  static inline std::unique_ptr<test::ServerProcess> server;
};

TEST_F(ControlPlane, HealthReportsVersionUptimeAndCounts) {
  const auto h = get("/__admin/health");
  EXPECT_EQ(h.at("status"), "healthy");
  EXPECT_EQ(h.at("version"), OVHMOCK_VERSION);
  EXPECT_GE(h.at("uptimeInSeconds").get<int>(), 0);
  EXPECT_EQ(h.at("counts").at("applications"), fixture_count("applications.json"));
  EXPECT_EQ(h.at("counts").at("credentials"), fixture_count("credentials.json"));
  EXPECT_EQ(h.at("counts").at("zones"),
            std::distance(std::filesystem::directory_iterator(test::default_fixtures_dir() / "zones"),
                          std::filesystem::directory_iterator{}));
  EXPECT_GT(h.at("counts").at("records").get<int>(), 0);
  EXPECT_EQ(get("/__admin/version").at("version"), OVHMOCK_VERSION);
}

TEST_F(ControlPlane, ClockDrivesAuthTime) {
  auto c = post("/__admin/clock/freeze", {{"at", 1767607012}});
  EXPECT_EQ(c.at("frozen"), true);
  EXPECT_EQ(server_time(), 1767607012);
  post("/__admin/clock/step", {{"seconds", 30}});
  EXPECT_EQ(server_time(), 1767607042);
  EXPECT_EQ(get("/__admin/clock").at("now"), 1767607042);
  post("/__admin/clock/freeze", {{"at", "2026-01-05T11:00:00+01:00"}});
  EXPECT_EQ(server_time(), 1767607200);
  c = post("/__admin/clock/unfreeze", json::object());
  EXPECT_EQ(c.at("frozen"), false);
  EXPECT_NEAR(static_cast<double>(server_time()), 1767607200.0, 3.0);  // resumes from the frozen time
  post("/__admin/clock/offset", {{"seconds", -3600}});
  EXPECT_NEAR(static_cast<double>(server_time()), static_cast<double>(Clock::real_now() - 3600), 3.0);
  c = post("/__admin/clock/reset", json::object());
  EXPECT_EQ(c.at("offset"), 0);
  EXPECT_NEAR(static_cast<double>(server_time()), static_cast<double>(Clock::real_now()), 3.0);
  post("/__admin/clock/step", json::object(), 400);
}

TEST_F(ControlPlane, ClockDrivesTheTimestampWindow) {
  // The server is an hour ahead: a client that signs with its own clock is refused; one that
  // syncs through /auth/time (as python-ovh and go-ovh do) is accepted.
  post("/__admin/clock/offset", {{"seconds", 3600}});
  const auto keys = test::default_keys();
  auto r = current_credential(keys, Clock::real_now());
  EXPECT_EQ(error_code(r), "QUERY_TIME_OUT");
  r = current_credential(keys);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(get("/__admin/requests/count?path=/1.0/auth/time").at("count"), 1);
  const auto entries = get("/__admin/requests?path=/1.0/auth/currentCredential").at("requests");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_NEAR(entries[1].at("auth").at("timestampDelta").get<double>(), -3600.0, 3.0);
  EXPECT_EQ(entries[0].at("auth").at("timestampDelta"), 0);
}

TEST_F(ControlPlane, CreateApplicationAndKeyThenValidateRefuseExpire) {
  const auto app = post("/__admin/applications", {{"name", "ci"}}, 201);
  const test::Keys base{app.at("applicationKey"), app.at("applicationSecret"), ""};
  EXPECT_EQ(app.at("status"), "active");

  auto cred = post(
      "/__admin/credentials",
      {{"applicationKey", base.ak}, {"status", "pendingValidation"}, {"rules", {{{"method", "GET"}, {"path", "/*"}}}}},
      201);
  EXPECT_EQ(cred.at("status"), "pendingValidation");
  EXPECT_EQ(cred.at("rules"), json::parse(R"([{"method":"GET","path":"/*"}])"));
  test::Keys keys = base;
  keys.ck = cred.at("consumerKey");
  EXPECT_EQ(error_code(current_credential(keys)), "INVALID_CREDENTIAL");

  auto changed = post("/__admin/credentials/validate", {{"consumerKey", keys.ck}, {"expiresIn", 60}});
  EXPECT_EQ(changed.at("status"), "validated");
  auto r = current_credential(keys);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  // Expiration follows the virtual clock.
  post("/__admin/clock/step", {{"seconds", 61}});
  EXPECT_EQ(error_code(current_credential(keys)), "INVALID_CREDENTIAL");
  post("/__admin/clock/reset", json::object());

  post("/__admin/credentials/validate", {{"credentialId", cred.at("credentialId")}});
  EXPECT_EQ(current_credential(keys)->status, 200);
  EXPECT_EQ(post("/__admin/credentials/refuse", {{"consumerKey", keys.ck}}).at("status"), "refused");
  EXPECT_EQ(error_code(current_credential(keys)), "INVALID_CREDENTIAL");
  post("/__admin/credentials/validate", {{"consumerKey", keys.ck}});
  EXPECT_EQ(post("/__admin/credentials/expire", {{"consumerKey", keys.ck}}).at("status"), "expired");
  EXPECT_EQ(error_code(current_credential(keys)), "INVALID_CREDENTIAL");
  // Validating an expired key makes it usable again (its past expiration is cleared).
  EXPECT_EQ(post("/__admin/credentials/validate", {{"consumerKey", keys.ck}}).at("expiration"), nullptr);
  EXPECT_EQ(current_credential(keys)->status, 200);

  post("/__admin/credentials/validate", {{"consumerKey", "nope"}}, 404);
  post("/__admin/credentials", {{"applicationKey", "nope"}}, 400);
  post("/__admin/credentials", {{"applicationKey", base.ak}, {"status", "bogus"}}, 400);
  // Reset removes what was created.
  post("/__admin/reset", json::object(), 204);
  EXPECT_EQ(error_code(current_credential(keys)), "INVALID_KEY");
}

TEST_F(ControlPlane, LoadDatasetFromPayloadAndDirectory) {
  const json files = {{"applications.json",
                       {{{"applicationId", 1},
                         {"applicationKey", "AKAKAKAKAKAKAKAK"},
                         {"applicationSecret", "ASASASASASASASASASASASASASASASAS"},
                         {"name", "n"},
                         {"description", "d"},
                         {"status", "active"}}}},
                      {"credentials",
                       {{{"credentialId", 10},
                         {"consumerKey", "CKCKCKCKCKCKCKCKCKCKCKCKCKCKCKCK"},
                         {"applicationId", 1},
                         {"status", "validated"},
                         {"rules", {{{"method", "GET"}, {"path", "/*"}}}},
                         {"creation", "2026-01-01T00:00:00+01:00"},
                         {"expiration", nullptr},
                         {"lastUse", nullptr},
                         {"allowedIPs", nullptr}}}}};
  // Bad data: 400 naming file, object and field, and nothing applied.
  json broken = files;
  broken["credentials"][0]["applicationId"] = 2;
  auto r = cli().Post("/__admin/dataset", json{{"files", broken}}.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  const auto err = json::parse(r->body);
  EXPECT_EQ(err.at("class"), "Client::BadRequest");
  EXPECT_EQ(err.at("details").at("file"), "credentials.json");
  EXPECT_EQ(err.at("details").at("object"), "credential 10");
  EXPECT_EQ(err.at("details").at("field"), "applicationId");
  EXPECT_EQ(err.at("message").get<std::string>().rfind("credentials.json: credential 10: field \"applicationId\"", 0),
            0u)
      << err;
  EXPECT_EQ(err.dump().find("ovhmock-dataset-"), std::string::npos);  // no temporary path
  EXPECT_EQ(get("/__admin/health").at("counts").at("applications"), fixture_count("applications.json"));
  EXPECT_EQ(current_credential(test::default_keys())->status, 200);
  post("/__admin/dataset", {{"files", {{"../x", json::array()}}}}, 400);

  const auto loaded = post("/__admin/dataset", {{"files", files}});
  EXPECT_EQ(loaded.at("counts").at("applications"), 1);
  const test::Keys keys{"AKAKAKAKAKAKAKAK", "ASASASASASASASASASASASASASASASAS", "CKCKCKCKCKCKCKCKCKCKCKCKCKCKCKCK"};
  EXPECT_EQ(current_credential(keys)->status, 200);
  EXPECT_EQ(error_code(current_credential(test::default_keys())), "INVALID_KEY");

  post("/__admin/dataset", {{"directory", "/nonexistent-dir"}}, 400);
  post("/__admin/dataset", {{"directory", test::default_fixtures_dir().string()}});
  EXPECT_EQ(current_credential(test::default_keys())->status, 200);
  EXPECT_EQ(get("/__admin/health").at("counts").at("credentials"), fixture_count("credentials.json"));
}

TEST_F(ControlPlane, JournalListFilterCountClear) {
  cli().Get("/1.0/auth/time", {{"X-Ovhmock-Test-Id", "j1"}});
  cli().Get("/1.0/nope");
  current_credential(test::default_keys(), std::nullopt, {{"X-Ovhmock-Test-Id", "j1"}});
  EXPECT_EQ(get("/__admin/requests/count").at("count"), 4);  // + the /auth/time the helper syncs with
  EXPECT_EQ(get("/__admin/requests/count?testId=j1").at("count"), 2);
  EXPECT_EQ(get("/__admin/requests/count?status=404").at("count"), 1);
  EXPECT_EQ(post("/__admin/requests/count", {{"accepted", true}}).at("count"), 1);
  const auto list = get("/__admin/requests?limit=1");
  EXPECT_EQ(list.at("requests").size(), 1u);
  EXPECT_EQ(list.at("meta").at("total"), 4);
  const auto newest = list.at("requests").at(0);
  EXPECT_EQ(newest.at("url"), "/1.0/auth/currentCredential");
  EXPECT_EQ(newest.at("auth").at("matchedForm"), "strict");
  EXPECT_EQ(newest.at("headers").at("X-Ovh-Consumer"), mask_secret(test::default_keys().ck));
  EXPECT_EQ(newest.dump().find(test::default_keys().ck), std::string::npos);
  EXPECT_TRUE(newest.at("queryId").get<std::string>().rfind("EU.ext-", 0) == 0);
  auto bad = cli().Get("/__admin/requests?stauts=200");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(cli().Delete("/__admin/requests")->status, 204);
  EXPECT_EQ(get("/__admin/requests/count").at("count"), 0);
}

TEST_F(ControlPlane, FaultsAreScopedCountedListedAndRemoved) {
  const auto f = post("/__admin/faults", {{"kind", "error"}, {"status", 503}, {"testId", "mine"}}, 201);
  EXPECT_EQ(cli().Get("/1.0/auth/time", {{"X-Ovhmock-Test-Id", "other"}})->status, 200);
  EXPECT_EQ(cli().Get("/1.0/auth/time")->status, 200);
  auto r = cli().Get("/1.0/auth/time", {{"X-Ovhmock-Test-Id", "mine"}});
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(json::parse(r->body).at("class"), "Server::ServiceUnavailable");
  const auto list = get("/__admin/faults").at("faults");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("hits"), 1);
  EXPECT_EQ(cli().Delete("/__admin/faults/" + f.at("id").get<std::string>())->status, 204);
  EXPECT_EQ(cli().Delete("/__admin/faults/" + f.at("id").get<std::string>())->status, 404);
  EXPECT_EQ(cli().Get("/1.0/auth/time", {{"X-Ovhmock-Test-Id", "mine"}})->status, 200);

  post("/__admin/faults", {{"kind", "rateLimit"}, {"retryAfter", 2}, {"path", "/1.0/auth/time"}, {"times", 1}}, 201);
  r = cli().Get("/1.0/auth/time");
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Retry-After"), "2");
  EXPECT_EQ(cli().Get("/1.0/auth/time")->status, 200);

  post("/__admin/faults", {{"kind", "bogus"}}, 400);
  post("/__admin/faults", {{"kind", "latency"}, {"delayMs", 1}}, 201);
  EXPECT_EQ(cli().Delete("/__admin/faults")->status, 204);
  EXPECT_TRUE(get("/__admin/faults").at("faults").empty());
}

TEST(ControlPlaneOptions, LatencyFaultHoldsNoThread) {
  // One I/O thread: a request waiting out its latency must not stop that thread from
  // answering another connection meanwhile (the delay waits on a timer).
  test::ServerProcess one({"--threads", "1"});
  httplib::Client admin("127.0.0.1", one.port());
  auto f =
      admin.Post("/__admin/faults", R"({"kind": "latency", "delayMs": 3000, "testId": "slow"})", "application/json");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->status, 201) << f->body;
  std::atomic<bool> slow_answered{false};
  int slow_status = 0;
  std::thread slow([&] {
    httplib::Client c("127.0.0.1", one.port());
    c.set_read_timeout(30, 0);
    if (auto r = c.Get("/1.0/auth/time", {{"X-Ovhmock-Test-Id", "slow"}})) slow_status = r->status;
    slow_answered = true;
  });
  // Wait until the delayed request has taken its fault (hits 1), then call on another connection.
  for (int i = 0; i < 200; ++i) {
    auto list = admin.Get("/__admin/faults");
    if (list && json::parse(list->body).at("faults").at(0).value("hits", 0) == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto quick = httplib::Client("127.0.0.1", one.port()).Get("/1.0/auth/time");
  ASSERT_TRUE(quick);
  EXPECT_EQ(quick->status, 200);
  EXPECT_FALSE(slow_answered) << "the other connection was answered only after the delayed one";
  slow.join();
  EXPECT_EQ(slow_status, 200);
  const auto journal = json::parse(admin.Get("/__admin/requests?testId=slow")->body).at("requests");
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].at("fault"), "latency");
  EXPECT_GE(journal[0].at("durationUs").get<std::int64_t>(), 3000000);  // the wait counts
}

TEST_F(ControlPlane, DroppedConnectionGetsNoResponse) {
  post("/__admin/faults", {{"kind", "drop"}, {"testId", "drop-me"}, {"times", 1}}, 201);
  auto r = cli().Get("/1.0/auth/time", {{"X-Ovhmock-Test-Id", "drop-me"}});
  EXPECT_FALSE(r);  // closed without a status line
  EXPECT_EQ(cli().Get("/1.0/auth/time", {{"X-Ovhmock-Test-Id", "drop-me"}})->status, 200);
  const auto e = get("/__admin/requests?testId=drop-me").at("requests");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1].at("fault"), "drop");
}

TEST_F(ControlPlane, MetricsInPrometheusFormat) {
  cli().Get("/1.0/auth/time");
  auto bad = signed_headers(test::default_keys(), "GET", "http://wrong/1.0/auth/currentCredential", "", server_time());
  cli().Get("/1.0/auth/currentCredential", bad);
  auto r = cli().Get("/__admin/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_NE(r->body.find("ovhmock_requests_total{route=\"/1.0/auth/time\",method=\"GET\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r->body.find("ovhmock_auth_rejections_total{reason=\"INVALID_SIGNATURE\"}"), std::string::npos);
  EXPECT_NE(r->body.find("ovhmock_request_duration_seconds_bucket{le=\"+Inf\"}"), std::string::npos);
}

TEST_F(ControlPlane, SignatureHintHeaderNamesTheVariant) {
  // node-ovh's form against a strict server.
  auto h =
      signed_headers(test::default_keys(), "GET", "https://127.0.0.1/1.0/auth/currentCredential", "", server_time());
  auto r = cli().Get("/1.0/auth/currentCredential", h);
  ASSERT_TRUE(r);
  EXPECT_EQ(
      r->body,
      R"({"class":"Client::BadRequest","errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"})");
  EXPECT_EQ(r->get_header_value("X-Ovhmock-Signature-Hint").rfind("scheme+port: ", 0), 0u);
  const auto e = get("/__admin/requests?limit=1").at("requests").at(0);
  EXPECT_EQ(e.at("auth").at("signatureHint").at("variantClass"), "scheme+port");
}

TEST_F(ControlPlane, AccessLogLinesOnStdoutAreMasked) {
  current_credential(test::default_keys());
  const std::string out = server->wait_for_output("GET /1.0/auth/currentCredential 200 ");
  EXPECT_NE(out.find("GET /1.0/auth/currentCredential 200 "), std::string::npos) << out;
  const std::string after_ready = out.substr(out.find("\"event\":\"ready\""));
  EXPECT_EQ(after_ready.find(test::default_keys().ck), std::string::npos);
  EXPECT_EQ(after_ready.find(test::default_keys().as), std::string::npos);
}

TEST(ControlPlaneOptions, JournalSizeBoundsTheJournal) {
  test::ServerProcess server({"--journal-size", "2", "--log-format", "off"});
  httplib::Client cli("127.0.0.1", server.port());
  for (int i = 0; i < 5; ++i) cli.Get("/1.0/auth/time?n=" + std::to_string(i));
  const auto list = json::parse(cli.Get("/__admin/requests")->body);
  ASSERT_EQ(list.at("requests").size(), 2u);
  EXPECT_EQ(list.at("requests")[0].at("url"), "/1.0/auth/time?n=4");
  EXPECT_EQ(list.at("requests")[1].at("url"), "/1.0/auth/time?n=3");
  EXPECT_EQ(server.stdout_text().find("/1.0/auth/time?n=0"), std::string::npos);  // --log-format off

  test::ServerProcess off({"--journal-size", "0", "--log-format", "json"});
  httplib::Client c2("127.0.0.1", off.port());
  c2.Get("/1.0/auth/time");
  const auto empty = json::parse(c2.Get("/__admin/requests")->body);
  EXPECT_TRUE(empty.at("requests").empty());
  EXPECT_EQ(empty.at("requestJournalDisabled"), true);
  EXPECT_NE(off.wait_for_output("\"url\":\"/1.0/auth/time\"").find("\"url\":\"/1.0/auth/time\""), std::string::npos);
}

TEST(ControlPlaneOptions, PublicBaseAcceptsTheConfiguredForm) {
  const auto keys = test::default_keys();
  test::ServerProcess strict({"--log-format", "off"});
  test::ServerProcess lenient({"--log-format", "off", "--public-base", "https://127.0.0.1"});
  for (auto* s : {&strict, &lenient}) {
    httplib::Client cli("127.0.0.1", s->port());
    const auto ts = std::stoll(cli.Get("/1.0/auth/time")->body);
    auto r = cli.Get("/1.0/auth/currentCredential",
                     signed_headers(keys, "GET", "https://127.0.0.1/1.0/auth/currentCredential", "", ts));
    ASSERT_TRUE(r);
    if (s == &strict) {
      EXPECT_EQ(r->status, 400) << r->body;
    } else {
      EXPECT_EQ(r->status, 200) << r->body;
      const auto e = json::parse(cli.Get("/__admin/requests?limit=1")->body).at("requests").at(0);
      EXPECT_EQ(e.at("auth").at("matchedForm"), "public-base:https://127.0.0.1");
      // The strict form is still accepted.
      r = cli.Get("/1.0/auth/currentCredential",
                  signed_headers(keys, "GET", s->base_url() + "/1.0/auth/currentCredential", "", ts));
      EXPECT_EQ(r->status, 200);
    }
  }
}

TEST(ControlPlaneOptions, HttpsWithTheGeneratedCa) {
  const auto ca = std::filesystem::temp_directory_path() / ("ovhmock-ca-" + std::to_string(getpid()) + ".pem");
  test::ServerProcess server({"--tls-port", "0", "--tls-ca-out", ca.string(), "--log-format", "off"});
  const std::string out = server.stdout_text();
  const auto ready =
      json::parse(out.substr(out.find("{\"caFile\"")).substr(0, out.substr(out.find("{\"caFile\"")).find('\n')));
  const int tls_port = ready.at("tlsPort");
  EXPECT_EQ(ready.at("tlsUrl"), "https://127.0.0.1:" + std::to_string(tls_port));
  ASSERT_TRUE(std::filesystem::exists(ca));

  httplib::SSLClient cli("127.0.0.1", tls_port);
  cli.set_ca_cert_path(ca.string().c_str());
  cli.enable_server_certificate_verification(true);
  auto r = cli.Get("/1.0/auth/time");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  // A signed call over HTTPS: the strict form is https://127.0.0.1:<tls port>.
  const auto keys = test::default_keys();
  r = cli.Get("/1.0/auth/currentCredential",
              signed_headers(keys, "GET", ready.at("tlsUrl").get<std::string>() + "/1.0/auth/currentCredential", "",
                             std::stoll(r->body)));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  const auto e = json::parse(cli.Get("/__admin/requests?limit=1")->body).at("requests").at(0);
  EXPECT_EQ(e.at("scheme"), "https");
  // The plain listener still answers, and a client that does not trust the CA is refused.
  httplib::Client plain("127.0.0.1", server.port());
  EXPECT_EQ(plain.Get("/1.0/auth/time")->status, 200);
  // A dropped connection over TLS gets no response either.
  ASSERT_EQ(plain.Post("/__admin/faults", R"({"kind":"drop","times":1})", "application/json")->status, 201);
  EXPECT_FALSE(cli.Get("/1.0/auth/time"));
  EXPECT_EQ(cli.Get("/1.0/auth/time")->status, 200);
  httplib::SSLClient untrusting("127.0.0.1", tls_port);
  untrusting.set_ca_cert_path("/nonexistent");
  untrusting.enable_server_certificate_verification(true);
  EXPECT_FALSE(untrusting.Get("/1.0/auth/time"));
  std::filesystem::remove(ca);
}

}  // namespace
}  // namespace ovhmock
