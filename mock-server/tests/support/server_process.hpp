#pragma once
// Starts the real ovhmock binary on port 0 and stops it (SIGTERM) when destroyed.
#include <sys/types.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ovhmock::test {

class ServerProcess {
 public:
  // Extra arguments are appended to: --port 0 --fixtures <default fixtures>.
  explicit ServerProcess(std::vector<std::string> extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string base_url() const { return "http://" + host(); }
  // Everything the server printed on stdout so far.
  std::string stdout_text() const;
  // Waits (at most `timeout_ms`) until stdout contains `needle`; returns stdout as it then is.
  // Output reaches the pipe a little after the response that caused it.
  std::string wait_for_output(const std::string& needle, int timeout_ms = 3000) const;
  // Sends SIGTERM and waits; returns the exit status (as from waitpid).
  int stop();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int out_fd_ = -1;
  mutable std::mutex mu_;
  std::string output_;
  std::thread drain_;  // keeps reading stdout so the server never blocks on a full pipe
};

}  // namespace ovhmock::test
