// libFuzzer target: the whole request pipeline (route match, authentication, access
// rules, handlers) on the default fixtures. Input format: fuzz_request.hpp.
#include <cstddef>
#include <cstdint>

#include "fuzz_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static ovhmock::fuzz::Harness harness;
  const auto request = ovhmock::fuzz::parse_request(std::string_view(reinterpret_cast<const char*>(data), size));
  ovhmock::fuzz::check_response(request, harness.handle(request));
  return 0;
}
