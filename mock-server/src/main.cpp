// ovhmock: parses flags, loads fixtures, builds the server, waits for a signal.
#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "http/http_server.hpp"
#include "ovhmock/fixtures.hpp"
#include "ovhmock/json_util.hpp"
#include "ovhmock/pipeline.hpp"
#include "tools/sign_command.hpp"

namespace {

constexpr const char* kHelp = R"(ovhmock: a mock of the OVHcloud API that checks signatures like the real one.

usage: ovhmock [options]
       ovhmock sign --help        compute the signature a request should carry

options:
  --host HOST              address to listen on (default 127.0.0.1)
  --port PORT              port to listen on; 0 picks a free one (default 8080)
  --port-file FILE         write the bound port to FILE once listening
  --fixtures DIR           data set to load (default: the shipped fixtures/default)
  --time-window SECONDS    accepted distance between X-Ovh-Timestamp and the server
                           clock, either way (default 300)
  --threads N              worker threads; each keep-alive connection holds one (default 64)
  --max-body-bytes N       largest request body accepted (default 1048576)
  --void-200-null          answer void operations 200 with body `null` (the API before
                           October 2023) instead of 204 with no body

credential flows (docs/credentials.md):
  --auto-validate          keys requested through POST /auth/credential are validated at
                           once, with the rules requested (for CI without a browser)
  --auto-validate-validity SECONDS
                           their validity; 0 or absent: unlimited
  --public-url URL         base of the validation links (default: the request's scheme
                           and Host header)

  --help                   this text
  --version                the version

Once listening, one line on stdout is machine-readable:
  {"event":"ready","port":8080,"url":"http://127.0.0.1:8080","endpoint":"http://127.0.0.1:8080/1.0"}
SIGINT or SIGTERM stops the server cleanly.
)";

struct Options {
  ovhmock::ListenOptions listen;
  ovhmock::ServerConfig config;
  std::string port_file;
};

long long parse_number(const std::string& flag, const std::string& text, long long min, long long max) {
  long long value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || value < min || value > max)
    throw std::invalid_argument(flag + " needs a number between " + std::to_string(min) + " and " +
                                std::to_string(max) + " (got \"" + text + "\")");
  return value;
}

Options parse(int argc, char** argv) {
  Options o;
  o.listen.port = 8080;
  o.config.fixtures_dir = OVHMOCK_DEFAULT_FIXTURES;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--host") {
      o.listen.host = value();
    } else if (arg == "--port") {
      o.listen.port = static_cast<int>(parse_number(arg, value(), 0, 65535));
    } else if (arg == "--port-file") {
      o.port_file = value();
    } else if (arg == "--fixtures") {
      o.config.fixtures_dir = value();
    } else if (arg == "--time-window") {
      o.config.auth.time_window = parse_number(arg, value(), 0, 10LL * 365 * 86400);
    } else if (arg == "--threads") {
      o.listen.threads = static_cast<int>(parse_number(arg, value(), 1, 4096));
    } else if (arg == "--max-body-bytes") {
      o.listen.max_body_bytes = static_cast<std::size_t>(parse_number(arg, value(), 1, 1LL << 30));
    } else if (arg == "--void-200-null") {
      o.config.void_as_200_null = true;
    } else if (arg == "--auto-validate") {  // credential flows
      o.config.auto_validate = true;
    } else if (arg == "--auto-validate-validity") {
      const auto seconds = parse_number(arg, value(), 0, 100LL * 365 * 86400);
      if (seconds > 0) o.config.auto_validate_validity = seconds;
    } else if (arg == "--public-url") {
      o.config.public_url = value();
    } else {
      throw std::invalid_argument("unknown option " + arg + " (see --help)");
    }
  }
  return o;
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

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "sign") {
    try {
      return ovhmock::sign_command(argc - 2, argv + 2);
    } catch (const std::exception& e) {
      std::cerr << "ovhmock sign: " << e.what() << "\n";
      return 2;
    }
  }
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kHelp;
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

  ovhmock::State state;
  try {
    state.load(ovhmock::load_fixtures(options.config.fixtures_dir));
  } catch (const std::exception& e) {
    std::cerr << "ovhmock: fixtures: " << e.what() << "\n";
    return 1;
  }

  try {
    ovhmock::Pipeline pipeline(state, options.config);
    ovhmock::HttpServer server(pipeline, options.listen);
    const int port = server.bind();
    const std::string url = server.scheme() + "://" + options.listen.host + ":" + std::to_string(port);
    if (!options.port_file.empty()) {
      std::ofstream(options.port_file) << port << "\n";
    }
    print_banner(state, url);
    std::cout << ovhmock::to_json_text({{"event", "ready"}, {"port", port}, {"url", url}, {"endpoint", url + "/1.0"}})
              << std::endl;

    std::thread waiter([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      server.stop();
    });
    server.serve();
    // serve() also returns if the listener fails; wake the waiter so it can be joined.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    std::cout << ovhmock::to_json_text({{"event", "stopped"}}) << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "ovhmock: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
