#include "tools/sign_command.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>

#include "ovhmock/auth/signature.hpp"
#include "ovhmock/model/clock.hpp"

namespace ovhmock {
namespace {

constexpr const char* kUsage = R"(usage: ovhmock sign --as SECRET --ck CONSUMER_KEY --method METHOD --url URL
                    [--body TEXT | --body-file FILE] [--timestamp SECONDS] [--show-secrets]

Prints the X-Ovh-Signature for the inputs and the exact string that is hashed:
  AS+"+"+CK+"+"+METHOD+"+"+URL+"+"+BODY+"+"+TIMESTAMP
URL is the full URL as the client sends it (scheme, host, port if any, /1.0 or /v1 or /v2,
path and raw query). BODY is the exact body bytes (empty for none). The timestamp defaults
to now. The secret and consumer key are masked unless --show-secrets is given.
)";

// The inputs as given on the command line.
struct SignArgs {
  std::string as, ck, method, url, body, timestamp;
  bool show = false, have_as = false, have_ck = false;
  bool help = false;  // --help: print the usage, nothing else
};

std::string file_contents(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read " + file);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Reads the options in order up to the end or --help; throws on an unknown option, a
// missing value or an unreadable --body-file.
SignArgs parse_args(int argc, char** argv) {
  SignArgs a;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      out = argv[++i];
    };
    if (arg == "--as") {
      value(a.as);
      a.have_as = true;
    } else if (arg == "--ck") {
      value(a.ck);
      a.have_ck = true;
    } else if (arg == "--method") {
      value(a.method);
    } else if (arg == "--url") {
      value(a.url);
    } else if (arg == "--body") {
      value(a.body);
    } else if (arg == "--body-file") {
      std::string file;
      value(file);
      a.body = file_contents(file);
    } else if (arg == "--timestamp") {
      value(a.timestamp);
    } else if (arg == "--show-secrets") {
      a.show = true;
    } else if (arg == "--help" || arg == "-h") {
      a.help = true;
      return a;
    } else {
      throw std::invalid_argument("unknown option " + arg);
    }
  }
  return a;
}

// The required options not given, comma-separated; empty when all are there.
std::string missing_options(const SignArgs& a) {
  std::string missing;
  for (const auto& [flag, given] : {std::pair<const char*, bool>{"--as", a.have_as},
                                    {"--ck", a.have_ck},
                                    {"--method", !a.method.empty()},
                                    {"--url", !a.url.empty()}})
    if (!given) missing += std::string(missing.empty() ? "" : ", ") + flag;
  return missing;
}

// The timestamp given, or now when none was; throws when it is not whole seconds.
std::string timestamp_or_now(const std::string& timestamp) {
  if (timestamp.empty()) return std::to_string(Clock::real_now());
  if (timestamp.find_first_not_of("0123456789") != std::string::npos || timestamp.size() > 18) {
    // The API reads X-Ovh-Timestamp as whole seconds since the epoch.
    throw std::invalid_argument("--timestamp needs whole seconds since the epoch, e.g. 1457018875 (got \"" + timestamp +
                                "\")");
  }
  return timestamp;
}

}  // namespace

int sign_command(int argc, char** argv) {
  const SignArgs a = parse_args(argc, argv);
  if (a.help) {
    std::cout << kUsage;
    return 0;
  }
  if (const std::string missing = missing_options(a); !missing.empty()) {
    std::cerr << "ovhmock sign: missing " << missing << "\n\n" << kUsage;
    return 2;
  }
  const std::string timestamp = timestamp_or_now(a.timestamp);
  const SignatureInput in{a.as, a.ck, a.method, a.url, a.body, timestamp};
  std::cout << "X-Ovh-Timestamp: " << timestamp << "\n";
  std::cout << "X-Ovh-Signature: " << compute_signature(in) << "\n";
  std::cout << "hashed: " << (a.show ? signature_preimage(in) : masked_preimage(in)) << "\n";
  return 0;
}

}  // namespace ovhmock
