// `ovhmock health URL` (the container image's HEALTHCHECK) and `ovhmock container` (its
// entrypoint), run as the real binary: exit statuses, the admin token it sends, the
// answers it refuses, and the defaults the entrypoint adds.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/server_process.hpp"
#include "support/test_support.hpp"

extern char** environ;

namespace ovhmock {
namespace {

struct Outcome {
  int status = -1;     // exit status, -1 if killed
  std::string output;  // stdout and stderr together
};

// Environment of this process plus `extra` ("NAME=value"), without any variable named in `drop`.
std::vector<std::string> environment(const std::vector<std::string>& extra, const std::vector<std::string>& drop) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    bool dropped = false;
    for (const auto& name : drop) dropped = dropped || entry.rfind(name + "=", 0) == 0;
    if (!dropped) env.push_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// Starts the binary with `args`; stdout and stderr go to the returned pipe.
pid_t spawn(std::vector<std::string> args, std::vector<std::string> env, int& out_fd) {
  args.insert(args.begin(), OVHMOCK_BINARY);
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    throw std::runtime_error("cannot start the binary");
  }
  out_fd = fds[0];
  return pid;
}

// Runs `ovhmock health ...` (or any subcommand) to completion.
Outcome run_ovhmock(const std::vector<std::string>& args, const std::vector<std::string>& extra_env = {}) {
  int fd = -1;
  const pid_t pid = spawn(args, environment(extra_env, {"OVHMOCK_ADMIN_TOKEN", "OVHMOCK_OPTIONS"}), fd);
  Outcome r;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) r.output.append(buf, static_cast<std::size_t>(n));
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A port nothing listens on (bound once, then closed).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot bind a probe socket");
  close(fd);
  return ntohs(addr.sin_port);
}

// An HTTP server in this process that answers /__admin/health as told, and remembers the
// Authorization header it was sent.
class FakeHealth {
 public:
  FakeHealth(int status, std::string body, std::string required_token = "") {
    server_.Get("/__admin/health", [=, this](const httplib::Request& req, httplib::Response& res) {
      const std::string sent = req.get_header_value("Authorization");
      {
        std::lock_guard lock(mu_);
        authorization_ = sent;
      }
      if (!required_token.empty() && sent != "Bearer " + required_token) {
        res.status = 401;
        res.set_content(R"({"message":"The control plane needs Authorization: Bearer <admin token>"})",
                        "application/json");
        return;
      }
      res.status = status;
      res.set_content(body, "application/json");
    });
    server_.Get("/prefix/__admin/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(R"({"status":"healthy"})", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeHealth() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string authorization() const {
    std::lock_guard lock(mu_);
    return authorization_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::string authorization_;
  std::thread thread_;
};

TEST(HealthCommand, ExitsZeroOnARunningServer) {
  test::ServerProcess server;
  const Outcome r = run_ovhmock({"health", server.base_url()});
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("healthy: " + server.base_url() + "/__admin/health"), std::string::npos) << r.output;
  // A trailing slash is the same base.
  EXPECT_EQ(run_ovhmock({"health", server.base_url() + "/"}).status, 0);
}

TEST(HealthCommand, ExitsOneWhenNothingListens) {
  const std::string url = "http://127.0.0.1:" + std::to_string(free_port());
  const Outcome r = run_ovhmock({"health", url, "--timeout", "2"});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(url + "/__admin/health: no answer"), std::string::npos) << r.output;
}

TEST(HealthCommand, ExitsOneOnAnUnhealthyAnswer) {
  {
    FakeHealth fake(503, R"({"message":"busy"})");
    const Outcome r = run_ovhmock({"health", fake.url()});
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("HTTP 503: busy"), std::string::npos) << r.output;
  }
  {
    FakeHealth fake(200, R"({"status":"starting"})");
    const Outcome r = run_ovhmock({"health", fake.url()});
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find("not healthy"), std::string::npos) << r.output;
  }
  {
    FakeHealth fake(200, "healthy");  // not JSON
    EXPECT_EQ(run_ovhmock({"health", fake.url()}).status, 1);
  }
}

TEST(HealthCommand, SendsTheAdminTokenFromTheFlagOrTheEnvironment) {
  FakeHealth fake(200, R"({"status":"healthy","version":"9.9.9"})", "s3cret");
  Outcome r = run_ovhmock({"health", fake.url()});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("HTTP 401"), std::string::npos) << r.output;
  EXPECT_EQ(fake.authorization(), "");

  r = run_ovhmock({"health", fake.url(), "--admin-token", "s3cret"});
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("(ovhmock 9.9.9)"), std::string::npos) << r.output;
  EXPECT_EQ(fake.authorization(), "Bearer s3cret");

  r = run_ovhmock({"health", fake.url()}, {"OVHMOCK_ADMIN_TOKEN=s3cret"});
  EXPECT_EQ(r.status, 0) << r.output;
  // The flag wins over the environment.
  r = run_ovhmock({"health", fake.url(), "--admin-token", "wrong"}, {"OVHMOCK_ADMIN_TOKEN=s3cret"});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_EQ(fake.authorization(), "Bearer wrong");
  // The token never appears in what the command prints.
  EXPECT_EQ(r.output.find("wrong"), std::string::npos) << r.output;
}

TEST(HealthCommand, KeepsAPathPrefix) {
  FakeHealth fake(503, "{}");
  EXPECT_EQ(run_ovhmock({"health", fake.url() + "/prefix/"}).status, 0);
}

TEST(HealthCommand, UsageErrorsExitTwo) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"health", "ftp://127.0.0.1:1"},
                                             {"health", "127.0.0.1:8080"},
                                             {"health", "http://"},
                                             {"health", "http://127.0.0.1:1/?x=1"},
                                             {"health", "http://127.0.0.1:1", "http://127.0.0.1:2"},
                                             {"health", "--timeout", "0"},
                                             {"health", "--timeout"},
                                             {"health", "--admin-token", ""},
                                             {"health", "--insecure", "--ca-file", "x.pem"},
                                             {"health", "--bogus"}}) {
    const Outcome r = run_ovhmock(args);
    EXPECT_EQ(r.status, 2) << args[1] << ": " << r.output;
    EXPECT_NE(r.output.find("ovhmock health: "), std::string::npos) << r.output;
  }
  const Outcome help = run_ovhmock({"health", "--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.output.find("usage: ovhmock health"), std::string::npos);
}

// Reads the child's output until the ready line; returns it parsed (or null after 10 s).
nlohmann::json wait_ready(int fd, std::string& output) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    output.append(buf, static_cast<std::size_t>(n));
    const auto start = output.find("{\"endpoint\"");
    if (start == std::string::npos) continue;
    const auto end = output.find('\n', start);
    if (end != std::string::npos) return nlohmann::json::parse(output.substr(start, end - start));
  }
  return nullptr;
}

TEST(ContainerEntrypoint, ListensOnAllAddressesAndTakesOptionsFromTheEnvironment) {
  int fd = -1;
  // OVHMOCK_OPTIONS come before the command line's options; the last of a repeated one wins.
  const pid_t pid = spawn({"container", "--fixtures", test::default_fixtures_dir().string(), "--port", "0"},
                          environment({"OVHMOCK_OPTIONS=  --port 1 --log-format json\t--journal-size 0 ",
                                       "OVHMOCK_ADMIN_TOKEN=container-token"},
                                      {}),
                          fd);
  std::string output;
  const auto ready = wait_ready(fd, output);
  ASSERT_TRUE(ready.is_object()) << output;
  const int port = ready.at("port").get<int>();
  EXPECT_NE(port, 8080);
  EXPECT_NE(port, 1);
  EXPECT_EQ(ready.at("url"), "http://0.0.0.0:" + std::to_string(port));
  // The token is not printed.
  EXPECT_EQ(output.find("container-token"), std::string::npos) << output;
  // --journal-size 0 from OVHMOCK_OPTIONS: nothing is journaled.
  httplib::Client client("127.0.0.1", port);
  ASSERT_TRUE(client.Get("/1.0/auth/time"));
  auto requests = client.Get("/__admin/requests");
  ASSERT_TRUE(requests);
  EXPECT_EQ(nlohmann::json::parse(requests->body).value("requestJournalDisabled", false), true) << requests->body;
  EXPECT_EQ(run_ovhmock({"health", "http://127.0.0.1:" + std::to_string(port)}).status, 0);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  close(fd);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST(ContainerEntrypoint, RefusesQuotesInOptions) {
  const Outcome r = run_ovhmock({"container", "--port", "0"}, {"OVHMOCK_OPTIONS=--public-base 'https://x'"});
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("OVHMOCK_OPTIONS is split on whitespace only"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace ovhmock
