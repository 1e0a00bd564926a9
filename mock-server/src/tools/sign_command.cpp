#include "tools/sign_command.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>

#include "ovhmock/model/clock.hpp"
#include "ovhmock/auth/signature.hpp"

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

}  // namespace

int sign_command(int argc, char** argv) {
  std::string as, ck, method, url, body, timestamp;
  bool show = false, have_as = false, have_ck = false;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      out = argv[++i];
    };
    if (arg == "--as") {
      value(as);
      have_as = true;
    } else if (arg == "--ck") {
      value(ck);
      have_ck = true;
    } else if (arg == "--method") {
      value(method);
    } else if (arg == "--url") {
      value(url);
    } else if (arg == "--body") {
      value(body);
    } else if (arg == "--body-file") {
      std::string file;
      value(file);
      std::ifstream in(file, std::ios::binary);
      if (!in) throw std::invalid_argument("cannot read " + file);
      std::stringstream buf;
      buf << in.rdbuf();
      body = buf.str();
    } else if (arg == "--timestamp") {
      value(timestamp);
    } else if (arg == "--show-secrets") {
      show = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      throw std::invalid_argument("unknown option " + arg);
    }
  }
  std::string missing;
  for (const auto& [flag, given] : {std::pair<const char*, bool>{"--as", have_as},
                                    {"--ck", have_ck},
                                    {"--method", !method.empty()},
                                    {"--url", !url.empty()}})
    if (!given) missing += std::string(missing.empty() ? "" : ", ") + flag;
  if (!missing.empty()) {
    std::cerr << "ovhmock sign: missing " << missing << "\n\n" << kUsage;
    return 2;
  }
  if (timestamp.empty()) {
    timestamp = std::to_string(Clock::real_now());
  } else if (timestamp.find_first_not_of("0123456789") != std::string::npos || timestamp.size() > 18) {
    // The API reads X-Ovh-Timestamp as whole seconds since the epoch.
    throw std::invalid_argument("--timestamp needs whole seconds since the epoch, e.g. 1457018875 (got \"" + timestamp +
                                "\")");
  }
  const SignatureInput in{as, ck, method, url, body, timestamp};
  std::cout << "X-Ovh-Timestamp: " << timestamp << "\n";
  std::cout << "X-Ovh-Signature: " << compute_signature(in) << "\n";
  std::cout << "hashed: " << (show ? signature_preimage(in) : masked_preimage(in)) << "\n";
  return 0;
}

}  // namespace ovhmock
