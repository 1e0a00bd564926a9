// libFuzzer target: the JSON body of every writable route (POST, PUT, PATCH, DELETE in
// the route table), signed with the default key so the handler is reached. The first
// input byte picks the route; the rest is the body. Path parameters name objects of the
// default fixtures (writable_targets in fuzz_routes.cpp).
#include <cstddef>
#include <cstdint>

#include "fuzz_request.hpp"
#include "fuzz_routes.hpp"
#include "support/test_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static ovhmock::fuzz::Harness harness;
  static const auto targets = ovhmock::fuzz::writable_targets();
  if (size == 0 || targets.empty()) return 0;
  const auto& target = targets[data[0] % targets.size()];
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto request = ovhmock::test::signed_request(ovhmock::test::default_keys(), target.method, target.target, body,
                                                     ovhmock::fuzz::kNow);
  ovhmock::fuzz::check_response(request, harness.handle(request));
  return 0;
}
