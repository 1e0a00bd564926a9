#include "support/server_process.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "support/test_support.hpp"

extern char** environ;

namespace ovhmock::test {

ServerProcess::ServerProcess(std::vector<std::string> extra_args) {
  std::vector<std::string> args = {OVHMOCK_BINARY, "--port", "0", "--fixtures", default_fixtures_dir().string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  out_fd_ = fds[0];
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);

  // Read stdout until the ready line, for at most 10 seconds.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string line;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) break;
    output_.append(buf, static_cast<std::size_t>(n));
    std::size_t pos;
    while ((pos = output_.find("{\"")) != std::string::npos) {
      const auto end = output_.find('\n', pos);
      if (end == std::string::npos) break;
      auto j = nlohmann::json::parse(output_.substr(pos, end - pos), nullptr, false);
      if (!j.is_discarded() && j.value("event", "") == "ready") {
        port_ = j.at("port").get<int>();
        drain_ = std::thread([this] {
          char chunk[4096];
          ssize_t got;
          while ((got = read(out_fd_, chunk, sizeof chunk)) > 0) {
            std::lock_guard lock(mu_);
            output_.append(chunk, static_cast<std::size_t>(got));
          }
        });
        return;
      }
      output_[pos] = '.';  // not the ready line: look further
    }
  }
  stop();
  throw std::runtime_error("ovhmock did not report ready; output: " + output_);
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (drain_.joinable()) drain_.join();  // the pipe reaches EOF once the server has exited
  if (out_fd_ >= 0) close(out_fd_);
  out_fd_ = -1;
  return status;
}

ServerProcess::~ServerProcess() { stop(); }

std::string ServerProcess::stdout_text() const {
  std::lock_guard lock(mu_);
  return output_;
}

std::string ServerProcess::wait_for_output(const std::string& needle, int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string out = stdout_text();
  while (out.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    out = stdout_text();
  }
  return out;
}

}  // namespace ovhmock::test
