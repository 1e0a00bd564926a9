// libFuzzer target: the access-rule glob, checked against the reference matcher
// (glob_reference.hpp). Input: <pattern>\n<path>.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "glob_reference.hpp"
#include "ovhmock/auth/access_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto cut = input.find('\n');
  const std::string_view pattern = input.substr(0, cut);
  const std::string_view path = cut == std::string_view::npos ? std::string_view{} : input.substr(cut + 1);
  const bool got = ovhmock::glob_match(pattern, path);
  if (got != ovhmock::fuzz::reference_glob_match(pattern, path)) {
    std::fprintf(stderr, "FINDING: glob_match(\"%.*s\", \"%.*s\") = %d, expected %d\n",
                 static_cast<int>(pattern.size()), pattern.data(), static_cast<int>(path.size()), path.data(), got,
                 !got);
    std::abort();
  }
  // rules_allow is glob_match over each rule of the method.
  const std::vector<ovhmock::AccessRule> rules = {{"GET", std::string(pattern)}};
  if (ovhmock::rules_allow(rules, "GET", path) != got || ovhmock::rules_allow(rules, "PUT", path)) std::abort();
  return 0;
}
