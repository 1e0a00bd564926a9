// A flag applies wherever it stands on the command line: every flag that takes no file is
// given once, and the last one (--time-window) must still apply, so a parser that stops
// early after any of them (an argument swallowed, a loop left) is caught. Signatures come
// from the reference signer, not from the server's code.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/reference_signer.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

// A signed GET /1.0/me as the default key, with the timestamp `now + delta`.
httplib::Headers signed_me(const std::string& base_url, std::int64_t delta) {
  const auto keys = test::default_keys();
  const std::string ts = std::to_string(static_cast<std::int64_t>(std::time(nullptr)) + delta);
  return {{"X-Ovh-Application", keys.ak},
          {"X-Ovh-Consumer", keys.ck},
          {"X-Ovh-Timestamp", ts},
          {"X-Ovh-Signature", test::reference_signature(keys.as, keys.ck, "GET", base_url + "/1.0/me", "", ts)}};
}

TEST(FlagOrder, TheLastFlagAppliesAfterEveryOther) {
  test::ServerProcess server({"--host",
                              "127.0.0.1",
                              "--threads",
                              "2",
                              "--max-body-bytes",
                              "1048576",
                              "--read-timeout",
                              "30",
                              "--void-200-null",
                              "--auto-validate",
                              "--auto-validate-validity",
                              "60",
                              "--public-url",
                              "http://127.0.0.1:1",
                              "--public-base",
                              "https://eu.api.ovh.com",
                              "--journal-size",
                              "100",
                              "--no-signature-hint",
                              "--log-format",
                              "off",
                              "--time-window",
                              "5"});
  httplib::Client c("127.0.0.1", server.port());
  // 60 s behind: outside the 5 s window the last flag sets (inside the default 300 s).
  auto r = c.Get("/1.0/me", signed_me(server.base_url(), -60));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  EXPECT_EQ(j.is_object() ? j.value("errorCode", "") : "", "QUERY_TIME_OUT") << r->body;
  r = c.Get("/1.0/me", signed_me(server.base_url(), 0));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

// A mistyped flag stops the server with an error naming it, rather than being ignored.
TEST(FlagOrder, AnUnknownFlagStopsTheServerNamingIt) {
  try {
    test::ServerProcess server({"--log-format", "off", "--time-windw", "5"});
    FAIL() << "the server started with an unknown flag";
  } catch (const test::ServerStartError& e) {
    ASSERT_NE(e.exit_status, -1) << e.what();
    EXPECT_TRUE(WIFEXITED(e.exit_status) && WEXITSTATUS(e.exit_status) != 0) << e.what();
    EXPECT_NE(e.stderr_text.find("unknown option --time-windw"), std::string::npos) << e.stderr_text;
  }
}

// --public-base takes scheme://host[:port] only: a base with a path, a query or a fragment
// would never match a signed URL, so it is refused at start with the reason.
TEST(FlagOrder, APublicBaseWithAPathIsRefused) {
  for (const std::string base :
       {"https://eu.api.ovh.com/1.0", "https://eu.api.ovh.com?x", "https://eu.api.ovh.com#x"}) {
    SCOPED_TRACE(base);
    try {
      test::ServerProcess server({"--log-format", "off", "--public-base", base});
      ADD_FAILURE() << "the server started with --public-base " << base;
    } catch (const test::ServerStartError& e) {
      ASSERT_NE(e.exit_status, -1) << e.what();
      EXPECT_TRUE(WIFEXITED(e.exit_status) && WEXITSTATUS(e.exit_status) != 0) << e.what();
      EXPECT_NE(e.stderr_text.find("--public-base needs scheme://host[:port] with no path"), std::string::npos)
          << e.stderr_text;
    }
  }
  // The same host alone is accepted (a trailing slash dropped).
  test::ServerProcess fine({"--log-format", "off", "--public-base", "https://eu.api.ovh.com/"});
  EXPECT_GT(fine.port(), 0);
}

// An empty --admin-token would guard the control plane with nothing: refused at start.
TEST(FlagOrder, AnEmptyAdminTokenIsRefused) {
  try {
    test::ServerProcess server({"--log-format", "off", "--admin-token", ""});
    FAIL() << "the server started with an empty --admin-token";
  } catch (const test::ServerStartError& e) {
    ASSERT_NE(e.exit_status, -1) << e.what();
    EXPECT_NE(e.stderr_text.find("--admin-token must not be empty"), std::string::npos) << e.stderr_text;
  }
}

// --stop-on-stdin-eof: the server stops cleanly (as on SIGTERM) when its input ends; here
// its input is empty, so it stops as soon as it is up. The flag after it still applies (the
// port file is written).
TEST(FlagOrder, StopOnStdinEofStopsCleanlyWhenTheInputEnds) {
  const auto port_file =
      std::filesystem::temp_directory_path() / ("ovhmock-flag-order-" + std::to_string(getpid()) + ".port");
  std::filesystem::remove(port_file);
  const std::string cmd =
      std::string("timeout 20 '") + OVHMOCK_BINARY + "' --port 0 --fixtures '" + test::default_fixtures_dir().string() +
      "' --log-format off --stop-on-stdin-eof --port-file '" + port_file.string() + "' </dev/null >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << "exit status " << WEXITSTATUS(status) << " (124: still running after 20 s)";
  EXPECT_TRUE(std::filesystem::exists(port_file));
  std::filesystem::remove(port_file);
}

}  // namespace
}  // namespace ovhmock
