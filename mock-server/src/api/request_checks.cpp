#include "ovhmock/api/request_checks.hpp"

#include <charconv>
#include <string>
#include <vector>

#include "ovhmock/model/api_models.hpp"
#include "ovhmock/model/errors.hpp"

namespace ovhmock {
namespace {

// The type name the API's messages use: the enum's short name, or the type itself.
ApiError to_api_error(const Violation& v) {
  if (v.kind == Violation::Kind::enumeration) {
    const auto* e = enum_model(v.type);
    return errors::not_in_enumeration(v.path, given_data(v.value), e ? e->short_name() : v.type);
  }
  if (v.kind == Violation::Kind::unknown) return errors::not_described_parameters({v.path}, "");
  std::string type = v.type;
  if (const auto* e = enum_model(type)) type = e->short_name();
  return errors::invalid_type(v.path, given_data(v.value), type);
}

}  // namespace

void check_request_body(const nlohmann::json& body, const BodyRules& rules) {
  if (!body.is_object()) throw ApiException(errors::body_not_object());
  const ObjectModel* model = object_model(rules.body_model);
  const ObjectModel* object = rules.object_model.empty() ? nullptr : object_model(rules.object_model);
  if (!model) throw ApiException(errors::internal_error());

  std::vector<std::string> unknown, read_only;
  for (const auto& [key, value] : body.items()) {
    const FieldModel* f = model->field(key);
    if (!f && !(object && object->field(key))) {
      unknown.push_back(key);
    } else if (!f || f->read_only) {
      read_only.push_back(key);
    }
  }
  if (!unknown.empty()) throw ApiException(errors::not_described_parameters(unknown, rules.handler));
  if (!read_only.empty()) throw ApiException(errors::read_only_properties(read_only));
  if (rules.creation) {
    std::vector<std::string> missing;
    for (const auto& f : model->fields)
      if (f.required && !body.contains(f.name)) missing.push_back(f.name);
    if (!missing.empty()) throw ApiException(errors::missing_parameters(missing));
  }
  for (const auto& [key, value] : body.items()) {
    const FieldModel* f = model->field(key);
    if (value.is_null()) {
      if (!f->nullable) {
        const auto* e = enum_model(f->type);
        throw ApiException(errors::invalid_type(key, "null", e ? e->short_name() : f->type));
      }
      continue;
    }
    if (auto bad = check_value(value, f->type, key)) throw ApiException(to_api_error(*bad));
  }
}

std::int64_t long_param(std::string_view name, std::string_view text) {
  std::int64_t value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size())
    throw ApiException(errors::invalid_type(name, text, "long"));
  return value;
}

void check_enum_param(std::string_view name, std::string_view text, std::string_view enum_id) {
  const auto* e = enum_model(enum_id);
  if (!e) throw ApiException(errors::internal_error());
  if (!e->contains(text)) throw ApiException(errors::not_in_enumeration(name, text, e->short_name()));
}

}  // namespace ovhmock
