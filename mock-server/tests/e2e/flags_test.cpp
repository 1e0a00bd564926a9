// Each documented flag of the README's table, through the real binary: what the flag
// changes, seen over HTTP, and the same request without the flag. Signatures come from the
// reference signer (support/reference_signer.hpp), not from the server's code.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "http/tls_certificates.hpp"
#include "support/reference_signer.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

using json = nlohmann::json;

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("ovhmock-flags-" + std::to_string(getpid()) + "-" + name);
}

// A signed GET /1.0/me as the default key, with the timestamp `now + delta`.
httplib::Headers signed_me(const std::string& base_url, std::int64_t delta, bool corrupt = false) {
  const auto keys = test::default_keys();
  const std::string ts = std::to_string(static_cast<std::int64_t>(std::time(nullptr)) + delta);
  std::string sig = test::reference_signature(keys.as, keys.ck, "GET", base_url + "/1.0/me", "", ts);
  if (corrupt) sig = test::reference_signature(keys.as, keys.ck, "GET", base_url + "/1.0/me/", "", ts);
  return {
      {"X-Ovh-Application", keys.ak}, {"X-Ovh-Consumer", keys.ck}, {"X-Ovh-Timestamp", ts}, {"X-Ovh-Signature", sig}};
}

std::string error_code(const httplib::Result& r) {
  auto j = json::parse(r->body, nullptr, false);
  return j.is_object() ? j.value("errorCode", "") : "";
}

// The ready line the server printed.
json ready_line(const test::ServerProcess& server) {
  const std::string out = server.stdout_text();
  std::size_t pos = 0;
  while ((pos = out.find('{', pos)) != std::string::npos) {
    const auto end = out.find('\n', pos);
    auto j = json::parse(out.substr(pos, end - pos), nullptr, false);
    if (!j.is_discarded() && j.value("event", "") == "ready") return j;
    pos = end;
  }
  return {};
}

// An IPv4 address of this machine outside 127.0.0.0/8, if it has one.
std::optional<std::string> non_loopback_ipv4() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return std::nullopt;
  std::optional<std::string> found;
  for (ifaddrs* i = list; i && !found; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, buf, sizeof buf);
    if (std::string(buf).rfind("127.", 0) != 0) found = buf;
  }
  freeifaddrs(list);
  return found;
}

TEST(Flags, TimeWindow) {
  test::ServerProcess narrow({"--time-window", "5", "--log-format", "off"});
  test::ServerProcess normal({"--log-format", "off"});
  httplib::Client n("127.0.0.1", narrow.port()), d("127.0.0.1", normal.port());
  // 60 s behind: outside a 5 s window, inside the default 300 s one.
  auto r = n.Get("/1.0/me", signed_me(narrow.base_url(), -60));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(error_code(r), "QUERY_TIME_OUT");
  r = d.Get("/1.0/me", signed_me(normal.base_url(), -60));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  // Inside the narrow window (a second of margin for the clock ticking between the calls).
  r = n.Get("/1.0/me", signed_me(narrow.base_url(), -3));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST(Flags, NoSignatureHint) {
  test::ServerProcess quiet({"--no-signature-hint", "--log-format", "off"});
  test::ServerProcess normal({"--log-format", "off"});
  httplib::Client q("127.0.0.1", quiet.port()), d("127.0.0.1", normal.port());
  auto r = d.Get("/1.0/me", signed_me(normal.base_url(), 0, true));
  ASSERT_TRUE(r);
  EXPECT_EQ(error_code(r), "INVALID_SIGNATURE");
  EXPECT_TRUE(r->has_header("X-Ovhmock-Signature-Hint"));
  r = q.Get("/1.0/me", signed_me(quiet.base_url(), 0, true));
  ASSERT_TRUE(r);
  EXPECT_EQ(error_code(r), "INVALID_SIGNATURE");
  EXPECT_FALSE(r->has_header("X-Ovhmock-Signature-Hint"));
  // The journal still explains.
  const auto entry = json::parse(q.Get("/__admin/requests?limit=1")->body).at("requests").at(0);
  EXPECT_TRUE(entry.at("auth").contains("signatureHint")) << entry.dump();
}

TEST(Flags, PortFile) {
  const auto file = temp_path("port");
  std::filesystem::remove(file);
  {
    test::ServerProcess server({"--port-file", file.string(), "--log-format", "off"});
    ASSERT_TRUE(std::filesystem::exists(file));
    EXPECT_EQ(test::read_file(file), std::to_string(server.port()) + "\n");
  }
  std::filesystem::remove(file);
  test::ServerProcess without({"--log-format", "off"});
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(Flags, Host) {
  // 127.0.0.2 is a loopback address on Linux without any configuration.
  test::ServerProcess other({"--host", "127.0.0.2", "--log-format", "off"});
  EXPECT_EQ(ready_line(other).value("url", ""), "http://127.0.0.2:" + std::to_string(other.port()));
  httplib::Client at_host("127.0.0.2", other.port()), at_default("127.0.0.1", other.port());
  auto r = at_host.Get("/1.0/auth/time");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(at_default.Get("/1.0/auth/time"));

  test::ServerProcess normal({"--log-format", "off"});
  httplib::Client n1("127.0.0.1", normal.port()), n2("127.0.0.2", normal.port());
  EXPECT_TRUE(n1.Get("/1.0/auth/time"));
  EXPECT_FALSE(n2.Get("/1.0/auth/time"));
}

TEST(Flags, AdminToken) {
  const auto ip = non_loopback_ipv4();
  if (!ip) GTEST_SKIP() << "this machine has no IPv4 address outside loopback to call from";
  const std::string token = "Adm1nT0kenForTheFlagsTest";
  test::ServerProcess guarded({"--host", "0.0.0.0", "--admin-token", token});
  test::ServerProcess open({"--host", "0.0.0.0", "--log-format", "off"});
  httplib::Client g(*ip, guarded.port()), o(*ip, open.port());
  auto r = g.Get("/__admin/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401) << r->body;
  r = g.Get("/__admin/health", {{"Authorization", "Bearer wrong"}});
  EXPECT_EQ(r->status, 401) << r->body;
  r = g.Get("/__admin/health", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(r->status, 200) << r->body;
  // Without the flag, no token opens it from outside loopback.
  r = o.Get("/__admin/health", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  // Loopback needs no token either way; the token is never logged.
  httplib::Client local("127.0.0.1", guarded.port());
  EXPECT_EQ(local.Get("/__admin/health")->status, 200);
  EXPECT_EQ(guarded.wait_for_output("/__admin/health").find(token), std::string::npos);
}

TEST(Flags, PublicUrl) {
  test::ServerProcess pub({"--public-url", "https://mock.example.test:9443/", "--log-format", "off"});
  test::ServerProcess normal({"--log-format", "off"});
  const std::string body = R"({"accessRules":[{"method":"GET","path":"/*"}]})";
  const httplib::Headers h = {{"X-Ovh-Application", test::default_keys().ak}};
  auto r = httplib::Client("127.0.0.1", pub.port()).Post("/1.0/auth/credential", h, body, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)
                .at("validationUrl")
                .get<std::string>()
                .rfind("https://mock.example.test:9443/auth/?credentialToken=", 0),
            0u)
      << r->body;
  r = httplib::Client("127.0.0.1", normal.port()).Post("/1.0/auth/credential", h, body, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body)
                .at("validationUrl")
                .get<std::string>()
                .rfind(normal.base_url() + "/auth/?credentialToken=", 0),
            0u)
      << r->body;
}

// A plain socket with one complete request sent on it; true if a response starts within `ms`.
struct Connection {
  int fd = -1;
  explicit Connection(int port) {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) ADD_FAILURE() << "connect failed";
    const std::string req = "GET /1.0/auth/time HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    EXPECT_EQ(send(fd, req.data(), req.size(), 0), static_cast<ssize_t>(req.size()));
  }
  ~Connection() { close(fd); }
  bool answered_within(int ms) const {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, ms) <= 0) return false;
    char buf[512];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    return n > 0 && std::string(buf, static_cast<std::size_t>(n)).rfind("HTTP/1.1 200", 0) == 0;
  }
};

TEST(Flags, Threads) {
  // --threads is the number of I/O threads: one thread serves every open connection, so a
  // second connection is answered while the first stays open and idle (before the Beast
  // listener each open connection held one of the --threads workers and the second waited).
  test::ServerProcess one({"--threads", "1", "--log-format", "off"});
  Connection first(one.port());
  ASSERT_TRUE(first.answered_within(3000));
  Connection second(one.port());
  EXPECT_TRUE(second.answered_within(3000));
  Connection third(one.port());
  EXPECT_TRUE(third.answered_within(3000));

  // A value that is not a positive number is refused.
  EXPECT_THROW(test::ServerProcess({"--threads", "0"}), test::ServerStartError);
}

TEST(Flags, Tls) {
  const auto ca = temp_path("tls-ca.pem");
  test::ServerProcess secure({"--tls", "--tls-ca-out", ca.string(), "--log-format", "off"});
  const json ready = ready_line(secure);
  EXPECT_EQ(ready.value("url", ""), "https://127.0.0.1:" + std::to_string(secure.port()));
  EXPECT_EQ(ready.value("tlsPort", 0), secure.port());
  httplib::SSLClient tls("127.0.0.1", secure.port());
  tls.set_ca_cert_path(ca.string().c_str());
  tls.enable_server_certificate_verification(true);
  // A signed call: the strict form is https://127.0.0.1:<port>.
  auto r = tls.Get("/1.0/me", signed_me("https://127.0.0.1:" + std::to_string(secure.port()), 0));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_FALSE(httplib::Client("127.0.0.1", secure.port()).Get("/1.0/auth/time"));  // no plain HTTP there
  std::filesystem::remove(ca);

  test::ServerProcess normal({"--log-format", "off"});
  EXPECT_EQ(ready_line(normal).value("url", ""), normal.base_url());
  EXPECT_TRUE(httplib::Client("127.0.0.1", normal.port()).Get("/1.0/auth/time"));
}

TEST(Flags, TlsCertAndKey) {
  // Our own CA and certificate, made apart from the server.
  const TlsMaterial mine = generate_tls_material({"127.0.0.1"});
  const auto ca = temp_path("mine-ca.pem"), cert = temp_path("mine-cert.pem"), key = temp_path("mine-key.pem");
  std::ofstream(ca) << mine.ca_cert_pem;
  std::ofstream(cert) << mine.cert_pem;
  std::ofstream(key) << mine.key_pem;
  auto trusting_mine = [&](int port) {
    httplib::SSLClient c("127.0.0.1", port);
    c.set_ca_cert_path(ca.string().c_str());
    c.enable_server_certificate_verification(true);
    return c.Get("/1.0/auth/time");
  };
  {
    test::ServerProcess given({"--tls", "--tls-cert", cert.string(), "--tls-key", key.string(), "--log-format", "off"});
    auto r = trusting_mine(given.port());
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 200);
  }
  {
    // Without them, the server's throw-away certificate: our CA does not vouch for it.
    test::ServerProcess generated({"--tls", "--log-format", "off"});
    EXPECT_FALSE(trusting_mine(generated.port()));
  }
  for (const auto& f : {ca, cert, key}) std::filesystem::remove(f);
}

// Over the socket too, every answer carries the common headers (docs/authentication.md).
TEST(Flags, EveryAnswerOverHttpCarriesTheCommonHeaders) {
  test::ServerProcess server({"--log-format", "off"});
  httplib::Client c("127.0.0.1", server.port());
  std::vector<std::pair<std::string, httplib::Result>> answers;
  answers.emplace_back("200", c.Get("/1.0/me", signed_me(server.base_url(), 0)));
  answers.emplace_back("400", c.Get("/1.0/me", signed_me(server.base_url(), 0, true)));
  answers.emplace_back("401", c.Get("/1.0/me"));
  answers.emplace_back("404", c.Get("/1.0/nowhere"));
  answers.emplace_back("time", c.Get("/1.0/auth/time"));
  answers.emplace_back("admin", c.Get("/__admin/health"));
  const std::regex qid(R"(EU\.ext-1\.[0-9a-f]+\.[0-9]+\.[0-9a-f]{32})");
  for (const auto& [name, r] : answers) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(r);
    EXPECT_TRUE(std::regex_match(r->get_header_value("X-Ovh-Queryid"), qid)) << r->get_header_value("X-Ovh-Queryid");
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache");
    EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "*");
  }
  EXPECT_EQ(answers[0].second->status, 200);
  EXPECT_EQ(answers[1].second->status, 400);
}

}  // namespace
}  // namespace ovhmock
