#include "ovhmock/dataset/object_reader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "ovhmock/model/api_models.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/model/time_format.hpp"

namespace ovhmock::fixtures {

std::vector<std::filesystem::path> json_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".json") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

void check_model(const nlohmann::json& value, std::string_view model, const std::string& file,
                 const std::string& object) {
  if (auto bad = check_value(value, model)) throw FixtureError(file, object, bad->path, bad->describe());
}

nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FixtureError(path.string(), "", "", "cannot be read");
  std::stringstream buf;
  buf << in.rdbuf();
  if (json_nests_deeper_than(buf.str(), kMaxJsonDepth))
    throw FixtureError(path.string(), "", "",
                       "nests arrays or objects deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  try {
    return nlohmann::json::parse(buf.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw FixtureError(path.string(), "", "", std::string("is not valid JSON: ") + e.what());
  }
}

ObjectReader::ObjectReader(const nlohmann::json& value, std::string file, std::string object)
    : value_(value), file_(std::move(file)), object_(std::move(object)) {
  if (!value_.is_object()) fail("", "must be a JSON object");
}

void ObjectReader::fail(const std::string& field, const std::string& problem) const {
  throw FixtureError(file_, object_, field, problem);
}

const nlohmann::json* ObjectReader::present(const char* field) const {
  auto it = value_.find(field);
  return it == value_.end() ? nullptr : &*it;
}

bool ObjectReader::has(const char* field) const { return present(field) != nullptr; }

const nlohmann::json& ObjectReader::raw(const char* field) const {
  const auto* v = present(field);
  if (!v) fail(field, "is required");
  return *v;
}

std::string ObjectReader::string(const char* field) const {
  const auto& v = raw(field);
  if (!v.is_string()) fail(field, "must be a string");
  return v.get<std::string>();
}

std::optional<std::string> ObjectReader::nullable_string(const char* field) const {
  const auto* v = present(field);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) fail(field, "must be a string or null");
  return v->get<std::string>();
}

std::int64_t ObjectReader::integer(const char* field) const {
  const auto& v = raw(field);
  if (!v.is_number_integer()) fail(field, "must be an integer");
  return v.get<std::int64_t>();
}

std::optional<std::int64_t> ObjectReader::nullable_integer(const char* field) const {
  const auto* v = present(field);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number_integer()) fail(field, "must be an integer or null");
  return v->get<std::int64_t>();
}

bool ObjectReader::boolean(const char* field) const {
  const auto& v = raw(field);
  if (!v.is_boolean()) fail(field, "must be true or false");
  return v.get<bool>();
}

std::optional<bool> ObjectReader::nullable_boolean(const char* field) const {
  const auto* v = present(field);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) fail(field, "must be true, false or null");
  return v->get<bool>();
}

std::int64_t ObjectReader::datetime(const char* field) const {
  const std::string s = string(field);
  auto t = parse_datetime(s);
  if (!t)
    fail(field, "must be an ISO-8601 datetime with an offset, e.g. 2026-01-05T11:46:31+01:00 (got \"" + s + "\")");
  return *t;
}

std::optional<std::int64_t> ObjectReader::nullable_datetime(const char* field) const {
  auto s = nullable_string(field);
  if (!s) return std::nullopt;
  auto t = parse_datetime(*s);
  if (!t) fail(field, "must be an ISO-8601 datetime with an offset or null (got \"" + *s + "\")");
  return t;
}

std::string ObjectReader::date(const char* field) const {
  const std::string s = string(field);
  if (!is_valid_date(s)) fail(field, "must be a date YYYY-MM-DD (got \"" + s + "\")");
  return s;
}

namespace {
std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}
}  // namespace

std::string ObjectReader::enumeration(const char* field, const std::vector<std::string>& values) const {
  const std::string s = string(field);
  for (const auto& v : values)
    if (v == s) return s;
  fail(field, "\"" + s + "\" is not one of: " + join(values));
}

std::optional<std::string> ObjectReader::nullable_enumeration(const char* field,
                                                              const std::vector<std::string>& values) const {
  auto s = nullable_string(field);
  if (!s) return std::nullopt;
  for (const auto& v : values)
    if (v == *s) return s;
  fail(field, "\"" + *s + "\" is not one of: " + join(values));
}

std::vector<std::string> ObjectReader::string_array(const char* field) const {
  const auto& v = raw(field);
  if (!v.is_array()) fail(field, "must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) fail(field, "must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::vector<std::string>> ObjectReader::nullable_string_array(const char* field) const {
  const auto* v = present(field);
  if (!v || v->is_null()) return std::nullopt;
  return string_array(field);
}

void ObjectReader::only(std::initializer_list<const char*> known) const {
  for (const auto& [key, val] : value_.items()) {
    bool ok = false;
    for (const char* k : known)
      if (key == k) ok = true;
    if (!ok) fail(key, "is not a known field");
  }
}

}  // namespace ovhmock::fixtures
