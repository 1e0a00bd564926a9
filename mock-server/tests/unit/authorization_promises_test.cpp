// The authorisation promises of docs/authentication.md on every branch and at every
// boundary: access rules and allowedIPs on /v2 as on /1.0, IP prefixes of every length
// (inside and outside the partial byte), the timestamp window and key expiry exactly at
// their limits, the signature's hex case and the body it covers. Signatures come from the
// reference signer (support/reference_signer.hpp), checked here against fixtures/signatures.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>

#include "ovhmock/auth/decision.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/reference_signer.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

constexpr std::int64_t kNow = 1767607012;
const std::string kAs = "Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA";  // application 287451 (dns-bot)
const std::string kAk = "7kbG7Bk7S9Nt7ZSV";

TEST(ReferenceSigner, AgreesWithEverySignatureVector) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::fixtures_dir() / "signatures")) {
    const auto v = nlohmann::json::parse(test::read_file(entry.path()));
    EXPECT_EQ(test::reference_signature(v.at("applicationSecret"), v.at("consumerKey"), v.at("method"), v.at("url"),
                                        v.at("body"), v.at("timestamp")),
              v.at("signature").get<std::string>())
        << entry.path();
    ++checked;
  }
  EXPECT_GT(checked, 50);
}

struct Sent {
  std::string method = "GET";
  std::string target;
  std::string signed_body = "";
  std::optional<std::string> sent_body = std::nullopt;  // unset: the signed body
  std::string ck;
  std::string as = kAs;
  std::string ak = kAk;
  std::int64_t ts = kNow;
  std::string peer = "127.0.0.1";
  bool uppercase_hex = false;
};

class AuthorizationPromises : public ::testing::Test {
 protected:
  void SetUp() override { state.clock.freeze(kNow); }

  // A validated key of dns-bot with these rules (and allowedIPs, expiration when given).
  std::string add_key(std::vector<AccessRule> rules, std::optional<std::vector<std::string>> ips = std::nullopt,
                      std::optional<std::int64_t> expiration = std::nullopt) {
    Credential c;
    c.application_id = 287451;
    c.state = CredentialState::validated;
    c.rules = std::move(rules);
    c.allowed_ips = std::move(ips);
    c.expiration = expiration;
    c.creation = kNow - 100;
    return state.credentials.add_credential(c).consumer_key;
  }

  Response send(const Sent& s) {
    Request r = test::make_request(s.method, s.target, s.sent_body.value_or(s.signed_body));
    r.peer_address = s.peer;
    const std::string ts = std::to_string(s.ts);
    std::string sig =
        test::reference_signature(s.as, s.ck, s.method, "http://127.0.0.1:8080" + s.target, s.signed_body, ts);
    if (s.uppercase_hex)
      for (std::size_t i = 3; i < sig.size(); ++i) sig[i] = static_cast<char>(std::toupper(sig[i]));
    r.headers.push_back({"X-Ovh-Application", s.ak});
    r.headers.push_back({"X-Ovh-Consumer", s.ck});
    r.headers.push_back({"X-Ovh-Timestamp", ts});
    r.headers.push_back({"X-Ovh-Signature", sig});
    if (!r.body.empty()) r.headers.push_back({"Content-Type", "application/json"});
    return pipeline.handle(r);
  }
  Response get(const std::string& ck, const std::string& target, const std::string& peer = "127.0.0.1") {
    Sent s;
    s.ck = ck;
    s.target = target;
    s.peer = peer;
    return send(s);
  }
  static std::string code(const Response& r) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    return j.is_object() ? j.value("errorCode", "") : "";
  }
  static void expect_refused(const Response& r, int status, const std::string& error_code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(code(r), error_code) << r.body;
  }

  Server server{test::server_config()};
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
};

// ---- /v2 under restricted keys ----

TEST_F(AuthorizationPromises, V2RoutesApplyTheKeysRulesBelowTheV2Prefix) {
  const std::string names_only = add_key({{"GET", "/domain/name"}});
  EXPECT_EQ(get(names_only, "/v2/domain/name").status, 200);
  expect_refused(get(names_only, "/v2/domain/name/example.com"), 403, "NOT_GRANTED_CALL");
  // The same rule does not open /1.0 paths it does not name.
  expect_refused(get(names_only, "/1.0/domain"), 403, "NOT_GRANTED_CALL");

  // A rule written with the /v2 prefix grants nothing: rules are matched below the prefix.
  const std::string prefixed = add_key({{"GET", "/v2/domain/name*"}});
  expect_refused(get(prefixed, "/v2/domain/name"), 403, "NOT_GRANTED_CALL");
  expect_refused(get(prefixed, "/v2/domain/name/example.com"), 403, "NOT_GRANTED_CALL");

  // The method must match.
  const std::string post_only = add_key({{"POST", "/*"}});
  expect_refused(get(post_only, "/v2/domain/name"), 403, "NOT_GRANTED_CALL");

  // A key limited to /me reaches /1.0/me but nothing under /v2.
  const std::string me_only = add_key({{"GET", "/me"}});
  EXPECT_EQ(get(me_only, "/1.0/me").status, 200);
  expect_refused(get(me_only, "/v2/domain/name"), 403, "NOT_GRANTED_CALL");

  // A glob granting the domain tree grants /v2 too, with the trailing slash tolerated.
  const std::string domains = add_key({{"GET", "/domain/name/*"}});
  EXPECT_EQ(get(domains, "/v2/domain/name/example.com").status, 200);
  EXPECT_EQ(get(domains, "/v2/domain/name/example.com/").status, 200);
  expect_refused(get(domains, "/v2/domain/name"), 403, "NOT_GRANTED_CALL");
}

TEST_F(AuthorizationPromises, V2RoutesApplyAllowedIpsAndTheKeysState) {
  const std::string office = add_key({{"GET", "/*"}}, std::vector<std::string>{"203.0.113.0/24"});
  expect_refused(get(office, "/v2/domain/name"), 403, "FORBIDDEN");
  EXPECT_EQ(get(office, "/v2/domain/name", "203.0.113.9").status, 200);

  // Fixture keys: pending (7c1e…), refused (9e8d…), expired (0f1e…, another application).
  expect_refused(get("7c1e5a9b3d2f4e6a8b0c2d4e6f8a0b1c", "/v2/domain/name"), 403, "INVALID_CREDENTIAL");
  expect_refused(get("9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", "/v2/domain/name"), 403, "INVALID_CREDENTIAL");
  const std::string soon = add_key({{"GET", "/*"}}, std::nullopt, kNow + 10);
  EXPECT_EQ(get(soon, "/v2/domain/name").status, 200);
  state.clock.step(10);
  expect_refused(get(soon, "/v2/domain/name"), 403, "INVALID_CREDENTIAL");
}

// ---- allowedIPs at every prefix length ----

using Bytes = std::array<unsigned char, 16>;

std::string text_of(int family, const Bytes& b) {
  char buf[INET6_ADDRSTRLEN];
  EXPECT_NE(inet_ntop(family, b.data(), buf, sizeof buf), nullptr);
  return buf;
}

Bytes flip(Bytes b, int bit) {
  b[static_cast<std::size_t>(bit / 8)] ^= static_cast<unsigned char>(0x80 >> (bit % 8));
  return b;
}

// For each prefix length: the base itself and an address differing only after the prefix
// are inside; an address differing only in the prefix's last bit is outside. For lengths
// that are not a multiple of 8, these bits sit in the partial byte on either side of the cut.
void check_every_prefix(int family, const Bytes& base, int max) {
  for (int prefix = 1; prefix <= max; ++prefix) {
    const std::string block = text_of(family, base) + "/" + std::to_string(prefix);
    ASSERT_TRUE(is_valid_ip_block(block)) << block;
    EXPECT_TRUE(address_in_blocks(text_of(family, base), {block})) << block;
    EXPECT_FALSE(address_in_blocks(text_of(family, flip(base, prefix - 1)), {block}))
        << text_of(family, flip(base, prefix - 1)) << " in " << block;
    if (prefix < max) {
      EXPECT_TRUE(address_in_blocks(text_of(family, flip(base, prefix)), {block}))
          << text_of(family, flip(base, prefix)) << " not in " << block;
      // Every bit after the prefix may differ.
      Bytes all = base;
      for (int bit = prefix; bit < max; ++bit) all = flip(all, bit);
      EXPECT_TRUE(address_in_blocks(text_of(family, all), {block})) << text_of(family, all) << " not in " << block;
    }
    // Every bit of the prefix counts, not only the last one.
    for (int bit = 0; bit < prefix - 1; bit += 7)
      EXPECT_FALSE(address_in_blocks(text_of(family, flip(base, bit)), {block}))
          << text_of(family, flip(base, bit)) << " in " << block;
  }
  // /0 holds every address of the family, and only of that family.
  const std::string any = text_of(family, base) + "/0";
  EXPECT_TRUE(address_in_blocks(text_of(family, flip(base, 0)), {any}));
  EXPECT_FALSE(address_in_blocks(family == AF_INET ? "::1" : "10.0.0.1", {any}));
}

TEST(IpPrefixes, EveryIpv4PrefixLengthInsideAndOutsideThePartialByte) {
  // 203.0.113.77 = cb.00.71.4d: set and clear bits in every byte.
  check_every_prefix(AF_INET, Bytes{203, 0, 113, 77}, 32);
  check_every_prefix(AF_INET, Bytes{10, 255, 170, 85}, 32);
}

TEST(IpPrefixes, EveryIpv6PrefixLengthInsideAndOutsideThePartialByte) {
  check_every_prefix(
      AF_INET6, Bytes{0x20, 0x01, 0x0d, 0xb8, 0xa5, 0x5a, 0x0f, 0xf0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf1},
      128);
}

TEST(IpPrefixes, MalformedPrefixesAreNotBlocks) {
  for (const char* bad : {"203.0.113.0/33", "203.0.113.0/-1", "203.0.113.0/", "203.0.113.0/2a", "2001:db8::/129",
                          "203.0.113/24", "not-an-address/8"})
    EXPECT_FALSE(is_valid_ip_block(bad)) << bad;
  EXPECT_TRUE(is_valid_ip_block("2001:db8::/128"));
  EXPECT_TRUE(is_valid_ip_block("203.0.113.0/32"));
}

TEST_F(AuthorizationPromises, NonAlignedAllowedIpsThroughThePipeline) {
  // 203.0.113.64/27: .64 to .95. 2001:db8:8000::/33: the 33rd bit set.
  const std::string ck = add_key({{"GET", "/*"}}, std::vector<std::string>{"203.0.113.64/27", "2001:db8:8000::/33"});
  for (const char* inside :
       {"203.0.113.64", "203.0.113.95", "::ffff:203.0.113.80", "2001:db8:8000::1", "2001:db8:ffff:ffff::1"})
    EXPECT_EQ(get(ck, "/1.0/me", inside).status, 200) << inside;
  for (const char* outside : {"203.0.113.63", "203.0.113.96", "203.0.113.32", "2001:db8::1", "2001:db8:7fff::1"}) {
    expect_refused(get(ck, "/1.0/me", outside), 403, "FORBIDDEN");
    expect_refused(get(ck, "/v2/domain/name", outside), 403, "FORBIDDEN");
  }
}

// ---- boundaries ----

TEST_F(AuthorizationPromises, TimestampWindowIncludesItsEdgesAndNothingBeyond) {
  const std::string ck = test::default_keys().ck;
  for (std::int64_t delta : {-300, -1, 0, 1, 300}) {
    Sent s{.target = "/1.0/me", .ck = ck, .ts = kNow + delta};
    EXPECT_EQ(send(s).status, 200) << delta;
  }
  for (std::int64_t delta : {-301, 301}) {
    Sent s{.target = "/1.0/me", .ck = ck, .ts = kNow + delta};
    expect_refused(send(s), 400, "QUERY_TIME_OUT");
  }
  // Another window moves both edges.
  config.auth.time_window = 5;
  for (std::int64_t delta : {-5, 5}) EXPECT_EQ(send({.target = "/1.0/me", .ck = ck, .ts = kNow + delta}).status, 200);
  for (std::int64_t delta : {-6, 6})
    expect_refused(send({.target = "/1.0/me", .ck = ck, .ts = kNow + delta}), 400, "QUERY_TIME_OUT");
}

TEST_F(AuthorizationPromises, TimestampIsADecimalIntegerOfAtMost20Characters) {
  // Signed over the header as sent: leading zeros are part of the signed text, and the value
  // is the same instant. 20 characters is the longest a 64-bit integer takes ("-" and 19 digits).
  const std::string ck = test::default_keys().ck;
  auto send_ts = [&](const std::string& ts) {
    Request r = test::make_request("GET", "/1.0/me");
    r.headers.push_back({"X-Ovh-Application", kAk});
    r.headers.push_back({"X-Ovh-Consumer", ck});
    r.headers.push_back({"X-Ovh-Timestamp", ts});
    r.headers.push_back(
        {"X-Ovh-Signature", test::reference_signature(kAs, ck, "GET", "http://127.0.0.1:8080/1.0/me", "", ts)});
    return pipeline.handle(r);
  };
  const std::string now = std::to_string(kNow);
  EXPECT_EQ(send_ts(std::string(20 - now.size(), '0') + now).status, 200);
  EXPECT_EQ(send_ts(std::string(19 - now.size(), '0') + now).status, 200);
  expect_refused(send_ts(std::string(21 - now.size(), '0') + now), 400, "QUERY_TIME_OUT");
  for (const char* bad : {"", " 1767607012", "1767607012 ", "+1767607012", "1767607012.0", "0x6959a9e4", "1e9"})
    expect_refused(send_ts(bad), 400, "QUERY_TIME_OUT");
}

TEST_F(AuthorizationPromises, ExtremeTimestampsSayWhichWayTheyAreOff) {
  // The distance saturates instead of overflowing, on the side the timestamp is on: the
  // journal and the reason tell a client far behind from one far ahead.
  const std::string ck = test::default_keys().ck;
  for (const std::string ts : {"-9223372036854775808", "-9223372036854775000", "9223372036854775807"}) {
    AuthInput in;
    in.method = "GET";
    in.url_forms = {{"strict", "http://127.0.0.1:8080/1.0/me"}};
    in.peer_address = "127.0.0.1";
    in.application_key = kAk;
    in.consumer_key = ck;
    in.timestamp = ts;
    in.signature = "$1$0000000000000000000000000000000000000000";
    const AuthVerdict v = authenticate_signature(in, state.credentials, kNow, config.auth);
    ASSERT_TRUE(v.error);
    EXPECT_EQ(v.error->error_code, "QUERY_TIME_OUT");
    ASSERT_TRUE(v.timestamp_delta) << ts;
    if (ts[0] == '-') {
      EXPECT_LT(*v.timestamp_delta, -1'000'000'000'000'000'000) << ts;
      EXPECT_NE(v.reason.find("timestamp is -"), std::string::npos) << v.reason;
    } else {
      EXPECT_GT(*v.timestamp_delta, 1'000'000'000'000'000'000) << ts;
    }
  }
}

TEST_F(AuthorizationPromises, KeyExpiresExactlyAtItsExpiration) {
  const std::string ck = add_key({{"GET", "/*"}}, std::nullopt, kNow + 1);
  EXPECT_EQ(get(ck, "/1.0/me").status, 200);  // one second before
  state.clock.step(1);                        // exactly at the expiration
  expect_refused(get(ck, "/1.0/me"), 403, "INVALID_CREDENTIAL");
}

TEST_F(AuthorizationPromises, BearerTokenExpiresExactlyAtItsExpiry) {
  const auto client = state.oauth2.clients().at(0);
  const AccessToken token = state.oauth2.issue(client.client_id, kNow);
  ASSERT_GT(token.expires_at, kNow);
  auto call = [&] {
    Request r = test::make_request("GET", "/1.0/me", "", {{"Authorization", "Bearer " + token.token}});
    return pipeline.handle(r);
  };
  state.clock.freeze(token.expires_at - 1);
  EXPECT_EQ(call().status, 200) << call().body;
  state.clock.freeze(token.expires_at);
  EXPECT_EQ(call().status, 401) << call().body;
}

TEST_F(AuthorizationPromises, SignatureHexIsLowercaseOnly) {
  const std::string ck = test::default_keys().ck;
  EXPECT_EQ(send({.target = "/1.0/me", .ck = ck}).status, 200);
  expect_refused(send({.target = "/1.0/me", .ck = ck, .uppercase_hex = true}), 400, "INVALID_SIGNATURE");
}

TEST_F(AuthorizationPromises, SignatureCoversTheBodyExactly) {
  const std::string ck = test::default_keys().ck;
  const std::string target = "/1.0/domain/zone/example.com/record";
  const std::string body = R"({"fieldType":"TXT","subDomain":"b","target":"x"})";
  // Signed over the empty body, sent with one.
  expect_refused(send({.method = "POST", .target = target, .signed_body = "", .sent_body = body, .ck = ck}), 400,
                 "INVALID_SIGNATURE");
  // Signed over a body, sent without it.
  expect_refused(send({.method = "POST", .target = target, .signed_body = body, .sent_body = "", .ck = ck}), 400,
                 "INVALID_SIGNATURE");
  // Signed over a body, sent with one byte more.
  expect_refused(send({.method = "POST", .target = target, .signed_body = body, .sent_body = body + " ", .ck = ck}),
                 400, "INVALID_SIGNATURE");
  // The body as signed.
  EXPECT_EQ(send({.method = "POST", .target = target, .signed_body = body, .ck = ck}).status, 200);
}

// ---- the headers on every answer ----

TEST_F(AuthorizationPromises, EveryAnswerCarriesTheCommonHeaders) {
  const std::string ck = test::default_keys().ck;
  std::vector<std::pair<std::string, Response>> answers;
  answers.emplace_back("200", get(ck, "/1.0/me"));
  answers.emplace_back("200 v2", get(ck, "/v2/domain/name"));
  answers.emplace_back("401", pipeline.handle(test::make_request("GET", "/1.0/me")));
  answers.emplace_back("403", get("ffffffffffffffffffffffffffffffff", "/1.0/me"));
  answers.emplace_back("400", send({.target = "/1.0/me", .ck = ck, .uppercase_hex = true}));
  answers.emplace_back("404", pipeline.handle(test::make_request("GET", "/1.0/no/such/route")));
  answers.emplace_back("time", pipeline.handle(test::make_request("GET", "/1.0/auth/time")));
  answers.emplace_back("204", send({.method = "POST", .target = "/1.0/domain/zone/example.com/refresh", .ck = ck}));
  for (const auto& [name, r] : answers) {
    SCOPED_TRACE(name);
    const std::string qid(r.header("X-Ovh-Queryid").value_or(""));
    EXPECT_TRUE(std::regex_match(qid, std::regex(R"(EU\.ext-1\.[0-9a-f]+\.[0-9]+\.[0-9a-f]{32})"))) << qid;
    char hex[32];
    std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(kNow));
    EXPECT_EQ(qid.substr(0, 9 + std::string(hex).size()), std::string("EU.ext-1.") + hex) << qid;
    EXPECT_EQ(r.header("Content-Type").value_or(""), "application/json; charset=utf-8");
    EXPECT_EQ(r.header("Cache-Control").value_or(""), "no-cache");
    EXPECT_EQ(r.header("Access-Control-Allow-Origin").value_or(""), "*");
  }
  EXPECT_EQ(answers[7].second.status, 204) << answers[7].second.body;
  // Two answers never share a query id.
  EXPECT_NE(answers[0].second.header("X-Ovh-Queryid"), answers[1].second.header("X-Ovh-Queryid"));
}

}  // namespace
}  // namespace ovhmock
