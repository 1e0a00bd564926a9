#pragma once
// Reads one fixture object field by field; every problem becomes a FixtureError that
// names the file, the object and the field.
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ovhmock/dataset/dataset.hpp"

namespace ovhmock::fixtures {

// Reads a JSON file; a missing file or invalid JSON is a FixtureError.
nlohmann::json read_json_file(const std::filesystem::path& path);

// The *.json files of a directory, sorted by name; none when the directory is absent.
std::vector<std::filesystem::path> json_files(const std::filesystem::path& dir);

// Checks a value against a model (model/api_models.hpp); a violation is a FixtureError
// naming the file, the object and the field.
void check_model(const nlohmann::json& value, std::string_view model, const std::string& file,
                 const std::string& object);

class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& value, std::string file, std::string object);

  std::string string(const char* field) const;
  std::optional<std::string> nullable_string(const char* field) const;  // absent or null: nullopt
  std::int64_t integer(const char* field) const;
  std::optional<std::int64_t> nullable_integer(const char* field) const;
  bool boolean(const char* field) const;
  std::optional<bool> nullable_boolean(const char* field) const;
  std::int64_t datetime(const char* field) const;  // ISO-8601 with offset, as Unix seconds
  std::optional<std::int64_t> nullable_datetime(const char* field) const;
  std::string date(const char* field) const;  // YYYY-MM-DD
  // A string that must be one of `values`.
  std::string enumeration(const char* field, const std::vector<std::string>& values) const;
  std::optional<std::string> nullable_enumeration(const char* field, const std::vector<std::string>& values) const;
  std::vector<std::string> string_array(const char* field) const;
  std::optional<std::vector<std::string>> nullable_string_array(const char* field) const;
  const nlohmann::json& raw(const char* field) const;  // must be present
  bool has(const char* field) const;

  // Every field must be one of `known`.
  void only(std::initializer_list<const char*> known) const;

  [[noreturn]] void fail(const std::string& field, const std::string& problem) const;
  const std::string& file() const { return file_; }
  const std::string& object() const { return object_; }

 private:
  const nlohmann::json* present(const char* field) const;  // nullptr when absent
  const nlohmann::json& value_;
  std::string file_;
  std::string object_;
};

}  // namespace ovhmock::fixtures
