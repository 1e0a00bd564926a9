#include "support/server_process.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
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

  int out[2], err[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  if (pipe(err) != 0) {
    close(out[0]);
    close(out[1]);
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addclose(&actions, err[0]);
  const auto started = std::chrono::steady_clock::now();
  const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
  if (rc != 0) {
    pid_ = -1;
    close(out_fd_);
    close(err_fd_);
    out_fd_ = err_fd_ = -1;
    throw std::runtime_error("cannot start " + args[0]);
  }
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };

  // Read stdout until the ready line, for at most 10 seconds; stderr is kept for the report.
  const auto deadline = started + std::chrono::seconds(10);
  std::string errors;
  bool out_open = true, err_open = true;
  while (std::chrono::steady_clock::now() < deadline && out_open) {
    pollfd p[2] = {{out_fd_, POLLIN, 0}, {err_open ? err_fd_ : -1, POLLIN, 0}};
    if (poll(p, 2, 100) <= 0) continue;
    char buf[4096];
    if (p[1].revents) {
      const ssize_t n = read(err_fd_, buf, sizeof buf);
      if (n > 0)
        errors.append(buf, static_cast<std::size_t>(n));
      else
        err_open = false;
    }
    if (!p[0].revents) continue;
    const ssize_t n = read(out_fd_, buf, sizeof buf);
    if (n <= 0) {
      out_open = false;  // the server closed stdout: it has exited
      break;
    }
    output_.append(buf, static_cast<std::size_t>(n));
    std::size_t pos;
    while ((pos = output_.find("{\"")) != std::string::npos) {
      const auto end = output_.find('\n', pos);
      if (end == std::string::npos) break;
      auto j = nlohmann::json::parse(output_.substr(pos, end - pos), nullptr, false);
      if (!j.is_discarded() && j.value("event", "") == "ready") {
        port_ = j.at("port").get<int>();
        if (!errors.empty()) std::cerr << errors;
        drain_ = std::thread([this] {
          pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
          char chunk[4096];
          while (fds[0].fd >= 0 || fds[1].fd >= 0) {
            if (poll(fds, 2, -1) < 0) break;
            for (int k = 0; k < 2; ++k) {
              if (fds[k].fd < 0 || !fds[k].revents) continue;
              const ssize_t got = read(fds[k].fd, chunk, sizeof chunk);
              if (got <= 0) {
                fds[k].fd = -1;
              } else if (k == 0) {
                std::lock_guard lock(mu_);
                output_.append(chunk, static_cast<std::size_t>(got));
              } else {
                std::cerr.write(chunk, got);  // the server's warnings stay visible in the test log
              }
            }
          }
        });
        return;
      }
      output_[pos] = '.';  // not the ready line: look further
    }
  }
  int status = -1;
  if (!out_open) {
    // Exited before it was ready: collect the whole of stderr and the exit status.
    char buf[4096];
    ssize_t n;
    while ((n = read(err_fd_, buf, sizeof buf)) > 0) errors.append(buf, static_cast<std::size_t>(n));
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  const double seconds = elapsed();
  stop();
  std::string what = status == -1 ? "ovhmock did not report ready within 10 s"
                                  : "ovhmock exited before it was ready (" +
                                        (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                                           : "signal " + std::to_string(WTERMSIG(status))) +
                                        ")";
  throw ServerStartError(what + "; stderr: " + errors + "; stdout: " + output_, status, errors, seconds);
}

int ServerProcess::stop() {
  int status = 0;
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, &status, 0);
    pid_ = -1;
  } else {
    status = -1;
  }
  if (drain_.joinable()) drain_.join();  // the pipes reach EOF once the server has exited
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
  out_fd_ = err_fd_ = -1;
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
