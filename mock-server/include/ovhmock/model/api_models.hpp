#pragma once
// The API models the server reads and writes (nichandle.Nichandle, domain.zone.Record, ...),
// written down compactly by the project in src/core/api_models.cpp: field names, types,
// enums, nullability, read-only and required flags, with OVH's own type names. Fixture
// loading, request-body validation and the tests all check values against them.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ovhmock {

struct FieldModel {
  std::string name;
  std::string type;  // "long", "string[]", "datetime", a model id or an enum id
  bool nullable = false;
  bool read_only = false;
  bool required = false;
};

struct ObjectModel {
  std::string id;  // "domain.zone.Record"
  std::vector<FieldModel> fields;
  const FieldModel* field(std::string_view name) const;
};

struct EnumModel {
  std::string id;  // "domain.zone.RecordTypeEnum"
  std::vector<std::string> values;
  bool contains(std::string_view value) const;
  std::string short_name() const;  // "RecordTypeEnum", as the API's messages name it
};

const std::vector<ObjectModel>& object_models();
const std::vector<EnumModel>& enum_models();
const ObjectModel* object_model(std::string_view id);  // nullptr when unknown
const EnumModel* enum_model(std::string_view id);      // nullptr when unknown

// Why a value does not fit its model.
struct Violation {
  enum class Kind { type, enumeration, null_value, missing, unknown };
  Kind kind = Kind::type;
  std::string path;  // "records[3].ttl", "" for the value itself
  std::string type;  // the expected type (the enum id for Kind::enumeration, the model id for missing/unknown)
  nlohmann::json value;

  // "must be of type long (got \"x\")": for fixture errors.
  std::string describe() const;
};

// Checks a value against a type. Objects are checked completely: every field of the
// model present (the API always writes every field), no other field, each value of
// its type, null only where the model allows it.
std::optional<Violation> check_value(const nlohmann::json& value, std::string_view type, const std::string& path = "");

// Whether a scalar fits a primitive type ("long", "ipv4", "datetime", ...). False for unknown types.
bool is_primitive_type(std::string_view type);
bool primitive_fits(const nlohmann::json& value, std::string_view type);

// The text of a value as the API's messages quote it: strings unquoted, the rest as JSON.
std::string given_data(const nlohmann::json& value);

}  // namespace ovhmock
