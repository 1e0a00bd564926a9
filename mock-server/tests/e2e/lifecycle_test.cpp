// The server's start and stop as a person or a test helper meets them: a port already in
// use is an error naming the port, SIGTERM ends the process at once even with idle
// keep-alive clients (a request being handled is still answered), and the command-line
// errors of `ovhmock sign` say what is wrong.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/raw_client.hpp"
#include "support/server_process.hpp"

namespace ovhmock {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Runs the binary with `args` (no shell metacharacters in them), returns exit status and
// stdout + stderr.
std::pair<int, std::string> run_ovhmock(const std::string& args) {
  const std::string command = std::string("'") + OVHMOCK_BINARY + "' " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// A connected socket that has had one keep-alive exchange and stays open, idle.
int idle_keep_alive_connection(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) close(fd);
    return -1;
  }
  const std::string request = "GET /1.0/auth/time HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  if (send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return -1;
  }
  // The answer is small: read until the headers and the Content-Length body are in.
  std::string answer;
  char buf[2048];
  while (true) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<std::size_t>(n));
    const auto end = answer.find("\r\n\r\n");
    const auto length_at = answer.find("Content-Length: ");
    if (end != std::string::npos && length_at != std::string::npos &&
        answer.size() >= end + 4 + std::stoul(answer.substr(length_at + 16)))
      break;
  }
  if (answer.rfind("HTTP/1.1 200", 0) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

TEST(Lifecycle, SecondServerOnAPortInUseExitsNamingThePort) {
  test::ServerProcess first;
  const std::string port = std::to_string(first.port());
  try {
    test::ServerProcess second({"--port", port});
    FAIL() << "a second server started on port " << port << " in use";
  } catch (const test::ServerStartError& e) {
    ASSERT_NE(e.exit_status, -1) << e.what();
    EXPECT_TRUE(WIFEXITED(e.exit_status) && WEXITSTATUS(e.exit_status) != 0) << e.what();
    EXPECT_LT(e.seconds, 1.0) << e.what();
    EXPECT_NE(e.stderr_text.find("port " + port), std::string::npos) << e.stderr_text;
    EXPECT_NE(e.stderr_text.find("in use"), std::string::npos) << e.stderr_text;
  }
  // Every connection still reaches the first server (its journal saw all of them).
  httplib::Client cli("127.0.0.1", first.port());
  ASSERT_TRUE(cli.Post("/__admin/reset", "", "application/json"));
  for (int i = 0; i < 20; ++i) {
    httplib::Client fresh("127.0.0.1", first.port());  // a new connection each time
    auto res = fresh.Get("/1.0/auth/time");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  auto count = cli.Get("/__admin/requests/count?path=/1.0/auth/time");
  ASSERT_TRUE(count);
  EXPECT_EQ(nlohmann::json::parse(count->body).at("count"), 20) << count->body;
}

TEST(Lifecycle, SigtermWithEightIdleKeepAliveClientsExitsAtOnce) {
  test::ServerProcess server;
  std::vector<int> clients;
  for (int i = 0; i < 8; ++i) {
    const int fd = idle_keep_alive_connection(server.port());
    ASSERT_GE(fd, 0) << "connection " << i;
    clients.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // all eight idle in their keep-alive wait
  const auto t0 = Clock::now();
  const int status = server.stop();  // SIGTERM, then waits for the process
  const double took = seconds_since(t0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "exit status " << status;
  // Measured well under 0.2 s; the bound leaves room for a loaded machine.
  EXPECT_LT(took, 1.0) << "SIGTERM to exit took " << took << " s";
  // The clients see their connections closed.
  for (const int fd : clients) {
    char byte;
    EXPECT_EQ(recv(fd, &byte, 1, 0), 0);
    close(fd);
  }
}

TEST(Lifecycle, RequestBeingHandledAtSigtermIsAnswered) {
  test::ServerProcess server;
  httplib::Client cli("127.0.0.1", server.port());
  auto fault = cli.Post("/__admin/faults", R"({"kind": "latency", "delayMs": 800, "times": 1})", "application/json");
  ASSERT_TRUE(fault);
  ASSERT_EQ(fault->status, 201) << fault->body;
  test::RawResult result;
  std::thread client(
      [&] { result = test::raw_exchange(server.port(), "GET /1.0/auth/time HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the request waits out its latency
  const int status = server.stop();
  client.join();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "exit status " << status;
  EXPECT_TRUE(result.answered);
  EXPECT_EQ(result.response.status, 200) << result.response.body;
}

TEST(Lifecycle, HelpShowsTheReadyLineAsTheServerPrintsIt) {
  test::ServerProcess server;
  const std::string out = server.stdout_text();
  const auto at = out.find("{\"");
  ASSERT_NE(at, std::string::npos) << out;
  const auto printed = nlohmann::ordered_json::parse(out.substr(at, out.find('\n', at) - at));
  const auto [code, help] = run_ovhmock("--help");
  ASSERT_EQ(code, 0);
  const auto help_at = help.find("{\"");
  ASSERT_NE(help_at, std::string::npos) << help;
  const auto shown = nlohmann::ordered_json::parse(help.substr(help_at, help.find('\n', help_at) - help_at));
  std::vector<std::string> printed_keys, shown_keys;
  for (const auto& item : printed.items()) printed_keys.push_back(item.key());
  for (const auto& item : shown.items()) shown_keys.push_back(item.key());
  EXPECT_EQ(shown_keys, printed_keys);
}

TEST(SignCommand, NamesTheMissingFlags) {
  const auto [code, out] = run_ovhmock("sign --as secret --method GET");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("missing --ck, --url"), std::string::npos) << out;
  EXPECT_NE(out.find("usage: ovhmock sign"), std::string::npos) << out;
}

TEST(SignCommand, RefusesATimestampThatIsNotANumber) {
  const auto [code, out] =
      run_ovhmock("sign --as secret --ck consumer --method GET --url http://127.0.0.1:8080/1.0/me --timestamp abc");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("--timestamp needs whole seconds"), std::string::npos) << out;
  EXPECT_EQ(out.find("X-Ovh-Signature"), std::string::npos) << out;
}

TEST(SignCommand, SignsWithAGivenTimestamp) {
  // The documented example of the API's signature (docs/authentication.md).
  const auto [code, out] = run_ovhmock(
      "sign --as secret --ck consumer --method GET --url http://127.0.0.1:8080/1.0/me --timestamp 1457018875");
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("X-Ovh-Timestamp: 1457018875\n"), std::string::npos) << out;
  EXPECT_NE(out.find("X-Ovh-Signature: $1$"), std::string::npos) << out;
}

}  // namespace
}  // namespace ovhmock
