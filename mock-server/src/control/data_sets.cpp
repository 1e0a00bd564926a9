// Health, version, reset and data sets (docs/control-plane.md).
#include <filesystem>
#include <fstream>
#include <regex>

#include "control/handlers.hpp"
#include "ovhmock/dataset/dataset.hpp"
#include "ovhmock/model/random.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::control {

// --- health, reset, data sets -------------------------------------------------------

Reply health(Context& ctx) {
  return Reply::json({{"status", "healthy"},
                      {"version", OVHMOCK_VERSION},
                      {"uptimeInSeconds", ctx.state.metrics.uptime_seconds()},
                      {"counts", counts(ctx.state)}});
}

Reply version(Context&) { return Reply::json({{"version", OVHMOCK_VERSION}}); }

Reply reset(Context& ctx) {
  ctx.state.reset();
  ctx.state.journal.clear();
  ctx.state.faults.clear();
  ctx.state.clock.reset();
  ctx.state.era.set(std::nullopt);
  return Reply::none();
}

// A relative file name inside the data set: segments of [A-Za-z0-9_.-], no "." or "..".
bool safe_name(const std::string& name) {
  static const std::regex segment("[A-Za-z0-9_.-]+");
  std::size_t start = 0;
  while (true) {
    const auto slash = name.find('/', start);
    const std::string part = name.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part.empty() || part == "." || part == ".." || !std::regex_match(part, segment)) return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

// Removes a temporary directory when done, whatever happens.
struct TempDir {
  std::filesystem::path path;
  TempDir() : path(std::filesystem::temp_directory_path() / ("ovhmock-dataset-" + random_token(16))) {
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

std::string without_prefix(std::string text, const std::string& prefix) {
  std::size_t pos;
  while (!prefix.empty() && (pos = text.find(prefix)) != std::string::npos) text.erase(pos, prefix.size());
  return text;
}

// 400 naming the file, the object and the field; `prefix` (a temporary directory) removed.
ApiException fixture_error(const FixtureError& e, const std::string& prefix) {
  ApiError error = errors::bad_request(without_prefix(e.what(), prefix));
  error.details = {{"file", without_prefix(e.file(), prefix)}, {"object", e.object()}, {"field", e.field()}};
  return ApiException(error);
}

// Everything is read and validated before anything is replaced: a bad data set leaves
// the server as it was.
Reply load_dataset(Context& ctx) {
  const auto& body = object_body(ctx);
  Dataset data;
  if (body.contains("directory")) {
    only(body, {"directory"});
    const auto dir = opt_string(body, "directory");
    if (!dir) bad("directory must be a string");
    try {
      data = load_fixtures(*dir);
    } catch (const FixtureError& e) {
      throw fixture_error(e, "");
    }
  } else {
    only(body, {"files"});
    if (!body.contains("files") || !body.at("files").is_object())
      bad("Give {\"directory\": \"path\"} or {\"files\": {\"applications.json\": [...], ...}}");
    TempDir tmp;
    for (auto it = body.at("files").begin(); it != body.at("files").end(); ++it) {
      std::string name = it.key();
      if (!safe_name(name)) bad("Invalid file name \"" + name + "\"");
      if (name.size() < 5 || name.substr(name.size() - 5) != ".json") name += ".json";
      const auto path = tmp.path / name;
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary) << it.value().dump();
    }
    try {
      data = load_fixtures(tmp.path);
    } catch (const FixtureError& e) {
      throw fixture_error(e, tmp.path.string() + "/");
    }
  }
  ctx.state.load(std::move(data));
  return Reply::json({{"loaded", true}, {"counts", counts(ctx.state)}});
}

}  // namespace ovhmock::control
