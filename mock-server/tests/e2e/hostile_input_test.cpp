// The hostile input catalogue (tests/hostile/catalogue.json): each malformed request is
// sent over a real socket to the real binary, the answer is compared with the one the
// catalogue documents (status and the API's error body), and the server must still
// answer a plain call afterwards. Format of an entry: docs/hardening.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ovhmock/model/clock.hpp"
#include "ovhmock/model/errors.hpp"
#include "ovhmock/auth/signature.hpp"
#include "support/raw_client.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

const std::filesystem::path kCatalogue = std::filesystem::path(OVHMOCK_TESTS_DIR) / "hostile" / "catalogue.json";

// One catalogue entry; printed by name only in test reports.
struct Entry {
  nlohmann::json json;
  friend void PrintTo(const Entry& e, std::ostream* os) { *os << e.json.at("name").get<std::string>(); }
};

std::vector<Entry> load_catalogue() {
  std::vector<Entry> entries;
  for (const auto& e : nlohmann::json::parse(test::read_file(kCatalogue))) entries.push_back({e});
  return entries;
}

std::string from_hex(const std::string& hex) {
  std::string out;
  std::string digits;
  for (char c : hex)
    if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
  for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
    out += static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16));
  return out;
}

// "{now}", "{now+3600}", "{now-3600}" become the current Unix time (plus or minus).
std::string expand_time(std::string text, std::int64_t now) {
  std::size_t at;
  while ((at = text.find("{now")) != std::string::npos) {
    const auto close = text.find('}', at);
    if (close == std::string::npos) break;
    const std::string delta = text.substr(at + 4, close - at - 4);  // "", "+3600", "-3600"
    text.replace(at, close - at + 1, std::to_string(now + (delta.empty() ? 0 : std::stoll(delta))));
  }
  return text;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
  return text;
}

std::string text_or_hex(const nlohmann::json& v) {
  return v.is_object() ? from_hex(v.at("hex").get<std::string>()) : v.get<std::string>();
}

// The bytes an entry's "request" describes.
std::string build(const nlohmann::json& r, int port) {
  const std::string host = "127.0.0.1:" + std::to_string(port);
  const std::int64_t now = Clock::real_now();
  if (r.contains("raw")) return replace_all(r.at("raw").get<std::string>(), "{host}", host);
  const std::string method = r.at("method");
  const std::string target = text_or_hex(r.at("target"));
  std::string body;
  if (r.contains("body")) body = r.at("body");
  if (r.contains("body_hex")) body = from_hex(r["body_hex"].get<std::string>());
  if (r.contains("body_repeat"))
    for (int i = 0; i < r["body_repeat"][1].get<int>(); ++i) body += r["body_repeat"][0].get<std::string>();

  std::string out = method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
  if (r.value("sign", false)) {
    const auto keys = test::default_keys();
    const std::string ts = expand_time(r.value("timestamp", "{now}"), now);
    std::string signature = compute_signature({keys.as, keys.ck, method, "http://" + host + target, body, ts});
    if (r.contains("signature")) {
      signature = r["signature"];
      if (signature == "{upper}") {
        signature = compute_signature({keys.as, keys.ck, method, "http://" + host + target, body, ts});
        for (std::size_t i = 3; i < signature.size(); ++i)
          signature[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(signature[i])));
      }
    }
    out += "X-Ovh-Application: " + r.value("application_key", keys.ak) + "\r\n";
    out += "X-Ovh-Consumer: " + keys.ck + "\r\nX-Ovh-Timestamp: " + ts + "\r\nX-Ovh-Signature: " + signature + "\r\n";
  }
  for (const auto& h : r.value("headers", nlohmann::json::array()))
    out += h[0].get<std::string>() + ": " + expand_time(text_or_hex(h[1]), now) + "\r\n";
  const std::string length = r.value("content_length", "auto");
  if (length == "auto") {
    if (!body.empty() || method == "POST" || method == "PUT")
      out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  } else if (length != "omit") {
    out += "Content-Length: " + length + "\r\n";
  }
  out += "Connection: close\r\n\r\n" + body;
  return out;
}

class HostileInput : public ::testing::TestWithParam<Entry> {
 protected:
  static void SetUpTestSuite() {
    server = std::make_unique<test::ServerProcess>(
        std::vector<std::string>{"--max-body-bytes", "65536", "--read-timeout", "2"});
  }
  static void TearDownTestSuite() {
    // A sanitizer report or a crash in the server shows here as an unclean exit.
    const int status = server->stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "server exit status " << status;
    server.reset();
  }
  static inline std::unique_ptr<test::ServerProcess> server;
};

TEST_P(HostileInput, AnswersAsDocumentedAndKeepsServing) {
  const auto& entry = GetParam().json;
  const auto& r = entry.at("request");
  const auto& expect = entry.at("expect");
  SCOPED_TRACE(entry.at("name").get<std::string>() + ": " + entry.at("why").get<std::string>());

  test::RawSendOptions options;
  if (r.value("delivery", "") == "byte-by-byte") options.byte_delay = std::chrono::milliseconds(2);
  if (r.contains("stall_after")) options.stall_after = r["stall_after"];
  options.timeout = std::chrono::milliseconds(r.value("timeout_ms", 6000));
  options.head = r.value("method", "") == "HEAD";
  const auto result = test::raw_exchange(server->port(), build(r, server->port()), options);
  ASSERT_TRUE(result.connected);

  if (expect.value("closed", false)) {
    EXPECT_TRUE(result.closed) << "the server kept the connection open";
    EXPECT_FALSE(result.answered) << result.response.status << " " << result.response.body;
  } else {
    ASSERT_TRUE(result.answered) << "no answer within " << options.timeout.count() << " ms";
    const auto& res = result.response;
    EXPECT_EQ(res.status, expect.at("status").get<int>()) << res.body;
    EXPECT_FALSE(res.header("x-ovh-queryid").empty());
    EXPECT_EQ(res.header("content-type"), "application/json; charset=utf-8");
    if (expect.contains("message")) {
      if (expect.value("no_body", false)) {
        EXPECT_TRUE(res.body.empty());
      } else {
        const auto body = nlohmann::json::parse(res.body, nullptr, false);
        ASSERT_TRUE(body.is_object()) << res.body;
        EXPECT_EQ(body.value("class", ""), expect.at("class").get<std::string>()) << res.body;
        EXPECT_EQ(body.value("errorCode", ""), expect.at("errorCode").get<std::string>()) << res.body;
        EXPECT_EQ(body.value("message", ""), expect.at("message").get<std::string>()) << res.body;
        EXPECT_EQ(body.value("httpCode", ""), std::to_string(res.status) + " " + reason_phrase(res.status));
      }
    }
    if (expect.contains("json_field")) {
      const auto body = nlohmann::json::parse(res.body, nullptr, false);
      ASSERT_TRUE(body.is_object()) << res.body;
      EXPECT_TRUE(body.contains(expect["json_field"].get<std::string>())) << res.body;
    }
    if (expect.contains("header_absent")) {
      EXPECT_EQ(res.header(expect["header_absent"]), "");
    }
  }

  // The server still serves.
  const auto after =
      test::raw_exchange(server->port(), "GET /1.0/auth/time HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(after.answered);
  EXPECT_EQ(after.response.status, 200);
}

std::string test_name(const ::testing::TestParamInfo<Entry>& info) {
  std::string name;
  for (char c : info.param.json.at("name").get<std::string>())
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, HostileInput, ::testing::ValuesIn(load_catalogue()), test_name);

TEST(HostileCatalogue, HasAtLeastFiftyEntriesWithDocumentedAnswers) {
  const auto entries = load_catalogue();
  EXPECT_GE(entries.size(), 50u);
  for (const auto& [e] : entries) {
    EXPECT_FALSE(e.value("why", "").empty()) << e.dump();
    EXPECT_TRUE(e.at("expect").contains("status") || e.at("expect").value("closed", false)) << e.dump();
  }
}

}  // namespace
}  // namespace ovhmock
