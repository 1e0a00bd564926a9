// ovhmock: parses flags, loads fixtures, builds the server, waits for a signal.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include "http/http_server.hpp"
#include "http/tls_certificates.hpp"
#include "ovhmock/dataset/dataset.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/observe/observers.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "tools/container_command.hpp"
#include "tools/health_command.hpp"
#include "tools/server_help.hpp"
#include "tools/sign_command.hpp"

namespace {

struct Options {
  ovhmock::ListenOptions listen;
  ovhmock::ServerConfig config;
  std::string port_file;
  bool stop_on_stdin_eof = false;
  // Control plane, TLS, observability.
  std::size_t journal_size = 1000;
  ovhmock::LogFormat log_format = ovhmock::LogFormat::plain;
  bool tls_main = false;  // --tls
  int tls_port = -1;      // --tls-port; -1: none
  std::string tls_cert, tls_key, tls_ca_out;
};

// The default data set: <prefix>/share/ovhmock/default beside an installed binary
// (<prefix>/bin/ovhmock: the Debian package, the Python wheel, the container image), else
// the source tree's fixtures/default the binary was built from.
std::string default_fixtures_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "ovhmock" / "default";
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return OVHMOCK_DEFAULT_FIXTURES;
}

long long parse_number(const std::string& flag, const std::string& text, long long min, long long max) {
  long long value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || value < min || value > max)
    throw std::invalid_argument(flag + " needs a number between " + std::to_string(min) + " and " +
                                std::to_string(max) + " (got \"" + text + "\")");
  return value;
}

// --public-base: scheme://host[:port], trailing slashes dropped.
void add_public_base(Options& o, const std::string&, const std::string& value) {
  std::string base = value;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const auto sep = base.find("://");
  if ((base.rfind("http://", 0) != 0 && base.rfind("https://", 0) != 0) ||
      base.find_first_of("/?#", sep + 3) != std::string::npos || base.size() <= sep + 3)
    throw std::invalid_argument("--public-base needs scheme://host[:port] with no path (got \"" + base + "\")");
  o.config.public_bases.push_back(base);
}

void set_log_format(Options& o, const std::string&, const std::string& value) {
  auto format = ovhmock::parse_log_format(value);
  if (!format) throw std::invalid_argument("--log-format is plain, json or off (got \"" + value + "\")");
  o.log_format = *format;
}

// An option that takes a value (the next argument) and what it sets from it.
struct ValueOption {
  std::string_view name;
  void (*set)(Options& o, const std::string& flag, const std::string& value);
};

using Arg = const std::string&;  // a flag or its value, in the table below

// The API eras' options are parsed by ovhmock::parse_era_option (docs/api.md "API eras").
constexpr ValueOption kValueOptions[] = {
    {"--host", [](Options& o, Arg, Arg v) { o.listen.host = v; }},
    {"--port", [](Options& o, Arg f, Arg v) { o.listen.port = static_cast<int>(parse_number(f, v, 0, 65535)); }},
    {"--port-file", [](Options& o, Arg, Arg v) { o.port_file = v; }},
    {"--fixtures", [](Options& o, Arg, Arg v) { o.config.fixtures_dir = v; }},
    {"--time-window",
     [](Options& o, Arg f, Arg v) { o.config.auth.time_window = parse_number(f, v, 0, 10LL * 365 * 86400); }},
    {"--threads", [](Options& o, Arg f, Arg v) { o.listen.threads = static_cast<int>(parse_number(f, v, 1, 4096)); }},
    {"--max-body-bytes",
     [](Options& o, Arg f, Arg v) {
       o.listen.max_body_bytes = static_cast<std::size_t>(parse_number(f, v, 1, 1LL << 30));
     }},
    {"--read-timeout",
     [](Options& o, Arg f, Arg v) { o.listen.read_timeout_seconds = static_cast<int>(parse_number(f, v, 1, 3600)); }},
    // Credential flows.
    {"--auto-validate-validity",
     [](Options& o, Arg f, Arg v) {
       const auto seconds = parse_number(f, v, 0, 100LL * 365 * 86400);
       if (seconds > 0) o.config.auto_validate_validity = seconds;
     }},
    {"--public-url", [](Options& o, Arg, Arg v) { o.config.public_url = v; }},
    // Control plane, TLS, observability (docs/control-plane.md).
    {"--public-base", add_public_base},
    {"--journal-size",
     [](Options& o, Arg f, Arg v) { o.journal_size = static_cast<std::size_t>(parse_number(f, v, 0, 10000000)); }},
    {"--admin-token",
     [](Options& o, Arg, Arg v) {
       o.config.admin_token = v;
       if (o.config.admin_token.empty()) throw std::invalid_argument("--admin-token must not be empty");
     }},
    {"--log-format", set_log_format},
    {"--tls-port", [](Options& o, Arg f, Arg v) { o.tls_port = static_cast<int>(parse_number(f, v, 0, 65535)); }},
    {"--tls-cert", [](Options& o, Arg, Arg v) { o.tls_cert = v; }},
    {"--tls-key", [](Options& o, Arg, Arg v) { o.tls_key = v; }},
    {"--tls-ca-out", [](Options& o, Arg, Arg v) { o.tls_ca_out = v; }},
};

// An option that takes no value and what it sets.
struct SwitchOption {
  std::string_view name;
  void (*set)(Options& o);
};

constexpr SwitchOption kSwitchOptions[] = {
    {"--stop-on-stdin-eof", [](Options& o) { o.stop_on_stdin_eof = true; }},
    {"--auto-validate", [](Options& o) { o.config.auto_validate = true; }},
    {"--no-signature-hint", [](Options& o) { o.config.signature_hint_header = false; }},
    {"--tls", [](Options& o) { o.tls_main = true; }},
};

// Applies `arg` (with `value()`, its value, when it takes one); false when it is no option.
bool apply_option(Options& o, const std::string& arg, const std::function<std::string()>& value) {
  for (const auto& option : kValueOptions)
    if (arg == option.name) {
      option.set(o, arg, value());
      return true;
    }
  for (const auto& option : kSwitchOptions)
    if (arg == option.name) {
      option.set(o);
      return true;
    }
  return ovhmock::parse_era_option(arg, value, o.config);
}

// The TLS options that go together, and those that exclude each other.
void check_tls_options(const Options& o) {
  if (o.tls_cert.empty() != o.tls_key.empty()) throw std::invalid_argument("--tls-cert and --tls-key go together");
  const bool tls = o.tls_main || o.tls_port >= 0;
  if (!tls && (!o.tls_cert.empty() || !o.tls_ca_out.empty()))
    throw std::invalid_argument("--tls-cert, --tls-key and --tls-ca-out need --tls or --tls-port");
  if (!o.tls_cert.empty() && !o.tls_ca_out.empty())
    throw std::invalid_argument("--tls-ca-out writes a generated CA; it does not apply with --tls-cert");
}

Options parse(int argc, char** argv) {
  Options o;
  o.listen.port = 8080;
  o.config.fixtures_dir = default_fixtures_dir();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::function<std::string()> value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (!apply_option(o, arg, value)) throw std::invalid_argument("unknown option " + arg + " (see --help)");
  }
  check_tls_options(o);
  return o;
}

// The HTTPS options: the given files, or a throw-away CA and certificate (CA to --tls-ca-out).
ovhmock::ListenOptions tls_listen_options(const Options& o, int port) {
  ovhmock::ListenOptions tls = o.listen;
  tls.port = port;
  if (!o.tls_cert.empty()) {
    tls.tls_cert_file = o.tls_cert;
    tls.tls_key_file = o.tls_key;
    return tls;
  }
  std::vector<std::string> names = {"127.0.0.1", "localhost", "::1"};
  if (o.listen.host != "0.0.0.0" && o.listen.host != "::" &&
      std::find(names.begin(), names.end(), o.listen.host) == names.end())
    names.push_back(o.listen.host);
  static const ovhmock::TlsMaterial material = ovhmock::generate_tls_material(names);
  tls.tls_cert_pem = material.cert_pem;
  tls.tls_key_pem = material.key_pem;
  if (!o.tls_ca_out.empty()) {
    std::ofstream out(o.tls_ca_out, std::ios::binary | std::ios::trunc);
    out << material.ca_cert_pem;
    if (!out) throw std::runtime_error("cannot write " + o.tls_ca_out);
  }
  return tls;
}

// The first validated, unexpired key of an active application: what the banner shows.
void print_banner(const ovhmock::State& state, const std::string& base) {
  const auto now = state.clock.now();
  std::cout << "ovhmock " << OVHMOCK_VERSION << " listening on " << base << "\n";
  std::cout << "  endpoint            " << base << "/1.0\n";
  for (const auto& c : state.credentials.credentials()) {
    auto app = state.credentials.application(c.application_id);
    if (!app || app->status != ovhmock::ApplicationStatus::active ||
        c.effective_state(now) != ovhmock::CredentialState::validated || c.allowed_ips)
      continue;
    std::cout << "  application key     " << app->key << "\n";
    std::cout << "  application secret  " << app->secret << "\n";
    std::cout << "  consumer key        " << c.consumer_key << "\n";
    break;
  }
}

// Binds every listener, then prints the banner and the ready line. Returns the listeners.
std::vector<std::unique_ptr<ovhmock::HttpServer>> start_listeners(const Options& options, ovhmock::Server& server) {
  ovhmock::Pipeline& pipeline = server.pipeline();
  // The --port listener (HTTP, or HTTPS with --tls), and with --tls-port an HTTPS one beside it.
  std::vector<std::unique_ptr<ovhmock::HttpServer>> servers;
  servers.push_back(std::make_unique<ovhmock::HttpServer>(
      pipeline, options.tls_main ? tls_listen_options(options, options.listen.port) : options.listen));
  if (options.tls_port >= 0)
    servers.push_back(std::make_unique<ovhmock::HttpServer>(pipeline, tls_listen_options(options, options.tls_port)));
  std::vector<int> ports;
  for (auto& s : servers) ports.push_back(s->bind());
  auto url_of = [&](std::size_t i) {
    return servers[i]->scheme() + "://" + options.listen.host + ":" + std::to_string(ports[i]);
  };
  const int port = ports[0];
  const std::string url = url_of(0);
  if (!options.port_file.empty()) {
    std::ofstream(options.port_file) << port << "\n";
  }
  print_banner(server.state(), url);
  nlohmann::json ready = {{"event", "ready"}, {"port", port}, {"url", url}, {"endpoint", url + "/1.0"}};
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (servers[i]->scheme() != "https") continue;
    ready["tlsPort"] = ports[i];
    ready["tlsUrl"] = url_of(i);
    ready["tlsEndpoint"] = url_of(i) + "/1.0";
  }
  if (!options.tls_ca_out.empty()) ready["caFile"] = options.tls_ca_out;
  std::cout << ovhmock::to_json_text(ready) << std::endl;
  return servers;
}

// Serves until SIGINT/SIGTERM (or the end of standard input with --stop-on-stdin-eof).
void serve(const Options& options, std::vector<std::unique_ptr<ovhmock::HttpServer>>& servers, sigset_t signals) {
  // A signal may arrive before a listener has started: keep asking until all have returned.
  std::atomic<std::size_t> serving{servers.size()};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    while (serving > 0) {
      for (auto& s : servers) s->stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  if (options.stop_on_stdin_eof) {
    // Reads and discards standard input; at end of file (or a read error) the process
    // signals itself, and the waiter above stops the listeners as for SIGTERM.
    std::thread([] {
      char buffer[256];
      for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n > 0 || (n < 0 && errno == EINTR)) continue;
        kill(getpid(), SIGTERM);
        return;
      }
    }).detach();
  }
  std::vector<std::thread> extra;
  for (std::size_t i = 1; i < servers.size(); ++i)
    extra.emplace_back([&, i] {
      servers[i]->serve();
      --serving;
    });
  servers[0]->serve();
  --serving;
  // serve() also returns if the listener fails; wake the waiter so it stops the others.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  for (auto& t : extra) t.join();
  std::cout << ovhmock::to_json_text({{"event", "stopped"}}) << std::endl;
}

// `ovhmock sign …` and `ovhmock health …`: their exit status; nullopt for the server.
std::optional<int> run_subcommand(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "sign") {
    try {
      return ovhmock::sign_command(argc - 2, argv + 2);
    } catch (const std::exception& e) {
      std::cerr << "ovhmock sign: " << e.what() << "\n";
      return 2;
    }
  }
  if (argc > 1 && std::string(argv[1]) == "health") {
    try {
      return ovhmock::health_command(argc - 2, argv + 2);
    } catch (const std::exception& e) {
      std::cerr << "ovhmock health: " << e.what() << "\n";
      return 2;
    }
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  if (auto status = run_subcommand(argc, argv)) return *status;
  if (argc > 1 && std::string(argv[1]) == "container") ovhmock::use_container_defaults(argc, argv);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << ovhmock::server_help();
      return 0;
    }
    if (arg == "--version") {
      std::cout << "ovhmock " << OVHMOCK_VERSION << "\n";
      return 0;
    }
  }

  Options options;
  try {
    options = parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "ovhmock: " << e.what() << "\n";
    return 2;
  }

  // Signals are taken by one thread with sigwait; every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<ovhmock::Server> server;
  try {
    server = ovhmock::make_server({options.config, true, options.journal_size, options.log_format, stdout});
  } catch (const std::exception& e) {  // the data set is what can fail here
    std::cerr << "ovhmock: fixtures: " << e.what() << "\n";
    return 1;
  }

  try {
    auto servers = start_listeners(options, *server);
    serve(options, servers, signals);
  } catch (const std::exception& e) {
    std::cerr << "ovhmock: " << e.what() << "\n";
    return 1;
  }
  return 0;
}