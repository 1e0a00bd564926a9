// libFuzzer target: the fixture loader. The input replaces files of a copy of the default
// fixtures in a temporary directory, then the directory is loaded. A load either succeeds
// (and the loaded state then serves a signed call) or fails with a FixtureError; any
// other outcome (another exception, a crash) is a finding.
//
// Input: sections, each "### <relative file name>\n<content>"; "### !<name>" removes the
// file. Files without a section keep the default fixtures' content.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_request.hpp"
#include "ovhmock/dataset/dataset.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path dir;
  std::vector<std::string> touched;  // relative names the last input wrote or removed
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "ovhmock-fixtures-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    dir = tmpl;
    fs::copy(ovhmock::test::default_fixtures_dir(), dir, fs::copy_options::recursive);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  // Back to the default fixtures: only what the last input changed is restored.
  void refill() {
    std::error_code ec;
    for (const auto& name : touched) {
      const auto original = ovhmock::test::default_fixtures_dir() / name;
      fs::remove_all(dir / name, ec);
      if (fs::exists(original)) {
        fs::create_directories((dir / name).parent_path(), ec);
        fs::copy(original, dir / name, fs::copy_options::recursive, ec);
      }
    }
    touched.clear();
  }
};

// A relative name inside the directory: no absolute path, no "..", no empty segment.
bool safe_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.size() > 100) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto end = std::min(name.find('/', start), name.size());
    const auto seg = name.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == ".." || seg.find('\0') != std::string_view::npos) return false;
    start = end + 1;
  }
  return true;
}

void apply_sections(std::string_view input, Scratch& scratch) {
  const fs::path& dir = scratch.dir;
  std::size_t pos = input.rfind("### ", 0) == 0 ? 0 : input.find("\n### ");
  if (pos == std::string_view::npos) {
    scratch.touched.push_back("credentials.json");
    std::ofstream(dir / "credentials.json", std::ios::binary) << input;
    return;
  }
  if (pos != 0) ++pos;
  while (pos < input.size()) {
    const auto name_end = input.find('\n', pos);
    const std::string_view name =
        input.substr(pos + 4, name_end == std::string_view::npos ? std::string_view::npos : name_end - pos - 4);
    std::size_t next = name_end == std::string_view::npos ? input.size() : input.find("\n### ", name_end);
    if (next == std::string_view::npos) next = input.size();
    const std::string_view content = name_end == std::string_view::npos || name_end >= next
                                         ? std::string_view{}
                                         : input.substr(name_end + 1, next - name_end - 1);
    const bool remove = !name.empty() && name.front() == '!';
    const std::string_view file = remove ? name.substr(1) : name;
    if (safe_name(file)) {
      std::error_code ec;
      // Restore the first segment whole: a new directory disappears, a changed one comes back.
      scratch.touched.push_back(std::string(file.substr(0, file.find('/'))));
      if (remove) {
        fs::remove_all(dir / file, ec);
      } else {
        fs::create_directories((dir / file).parent_path(), ec);
        std::ofstream(dir / file, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
      }
    }
    pos = next + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Scratch scratch;
  scratch.refill();
  apply_sections(std::string_view(reinterpret_cast<const char*>(data), size), scratch);
  ovhmock::Config config;
  config.server.fixtures_dir = scratch.dir.string();
  std::unique_ptr<ovhmock::Server> server;
  try {
    server = ovhmock::make_server(config);
  } catch (const ovhmock::FixtureError&) {
    return 0;  // a rejected data set, with a message naming file, object and field
  }
  // A data set the loader accepts must serve: a signed call with the default key.
  server->state().clock.freeze(ovhmock::fuzz::kNow);
  const auto request = ovhmock::fuzz::parse_request("S GET /1.0/auth/currentCredential\n\n");
  ovhmock::fuzz::check_response(request, server->pipeline().handle(request));
  return 0;
}
