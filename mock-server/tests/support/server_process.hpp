#pragma once
// Starts the real ovhmock binary on port 0 and stops it (SIGTERM) when destroyed.
#include <sys/types.h>

#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ovhmock::test {

// The server exited (or stayed silent) instead of printing its ready line.
struct ServerStartError : std::runtime_error {
  ServerStartError(const std::string& what, int exit_status, std::string stderr_text, double seconds)
      : std::runtime_error(what), exit_status(exit_status), stderr_text(std::move(stderr_text)), seconds(seconds) {}
  int exit_status;          // as from waitpid; -1 if it had not exited (it was then stopped)
  std::string stderr_text;  // what the server wrote on stderr
  double seconds;           // from the start to the exit (or to giving up)
};

class ServerProcess {
 public:
  // Extra arguments are appended to: --port 0 --fixtures <default fixtures> (a later
  // --port wins). Throws ServerStartError when the server exits before it is ready.
  explicit ServerProcess(std::vector<std::string> extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  pid_t pid() const { return pid_; }
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
  int err_fd_ = -1;
  mutable std::mutex mu_;
  std::string output_;
  std::thread drain_;  // keeps reading stdout (and stderr, passed on) so the server never blocks on a full pipe
};

}  // namespace ovhmock::test
