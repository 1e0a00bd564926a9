// ovhmock_strictness: the strictness proof as a command (docs/hardening.md).
//   ovhmock_strictness [--captured FILE.jsonl]... [--no-route-table]
// Proves the route-table corpus (a signed call on every authenticated route) and every
// captured request given; prints the counts; exits 1 when a mutant was accepted.
//   ovhmock_strictness --list-routes        "METHOD /pattern" of every /1.0 route
//   ovhmock_strictness --known-parameters   path parameters naming fixture objects, as JSON
#include <iostream>

#include "fuzz_routes.hpp"
#include "ovhmock/api/route.hpp"
#include "ovhmock/model/clock.hpp"
#include "strictness.hpp"
#include "support/test_support.hpp"

int main(int argc, char** argv) {
  using namespace ovhmock;
  std::vector<strictness::Captured> captured;
  bool route_table = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--captured" && i + 1 < argc) {
      auto more = strictness::read_captured(test::read_file(argv[++i]));
      captured.insert(captured.end(), more.begin(), more.end());
    } else if (arg == "--list-routes") {
      for (const auto& r : api_routes())
        if (r.branch == Branch::v1) std::cout << r.method << " " << r.pattern << "\n";
      return 0;
    } else if (arg == "--known-parameters") {
      std::cout << nlohmann::json(fuzz::parameter_values()).dump() << "\n";
      return 0;
    } else if (arg == "--no-route-table") {
      route_table = false;
    } else {
      std::cerr << "usage: ovhmock_strictness [--captured FILE.jsonl]... [--no-route-table]\n";
      return 2;
    }
  }
  if (route_table) {
    auto table = strictness::route_table_corpus(Clock::real_now());
    captured.insert(captured.end(), table.begin(), table.end());
  }
  const auto report = strictness::prove(test::server_config(), captured);
  for (const auto& f : report.failures) std::cout << "ACCEPTED MUTANT: " << f << "\n";
  std::cout << "strictness: " << report.candidates << " requests, " << report.accepted
            << " accepted signed calls proved, " << report.mutants << " mutants tried, " << report.rejected
            << " rejected, " << report.failures.size() << " accepted; " << report.skipped.size()
            << " requests skipped (not accepted again or not signed)\n";
  return report.failures.empty() && report.accepted > 0 ? 0 : 1;
}
