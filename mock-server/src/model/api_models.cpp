// The models the server reads and writes. Their definitions are data: each API area's
// src/api/<area>/models.txt, embedded at build time into model_definitions()
// (cmake/embed_models.cmake), in the compact form (one line per field):
//   model <id>
//     <field> <type> [null] [ro] [req]      null: canBeNull, ro: readOnly, req: required
//   enum <id> <value> <value> ...           (continued on lines indented by four spaces)
//   # a comment
// Type names are OVH's ("long", "datetime", "ipBlock", "string[]", model and enum ids), so
// the schema test can compare these definitions with OVH's published schema files.
#include "ovhmock/model/api_models.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <sstream>

#include "ovhmock/model/ip_blocks.hpp"
#include "ovhmock/model/time_format.hpp"

namespace ovhmock {
namespace {

struct Catalogue {
  std::vector<ObjectModel> objects;
  std::vector<EnumModel> enums;
};

Catalogue parse_catalogue() {
  Catalogue c;
  std::istringstream in{std::string(model_definitions())};
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(' ') == std::string::npos || line[0] == '#') continue;  // blank, comment
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (line.rfind("    ", 0) == 0) {  // enum continuation
      c.enums.back().values.push_back(first);
      for (std::string v; words >> v;) c.enums.back().values.push_back(v);
    } else if (line.rfind("  ", 0) == 0) {  // field
      FieldModel f;
      f.name = first;
      words >> f.type;
      for (std::string flag; words >> flag;) {
        if (flag == "null") f.nullable = true;
        if (flag == "ro") f.read_only = true;
        if (flag == "req") f.required = true;
      }
      c.objects.back().fields.push_back(std::move(f));
    } else if (first == "model") {
      c.objects.push_back({});
      words >> c.objects.back().id;
    } else if (first == "enum") {
      c.enums.push_back({});
      words >> c.enums.back().id;
      for (std::string v; words >> v;) c.enums.back().values.push_back(v);
    }
  }
  return c;
}

const Catalogue& catalogue() {
  static const Catalogue c = parse_catalogue();
  return c;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

bool is_address(const std::string& s, int family) {
  unsigned char buf[16];
  return inet_pton(family, s.c_str(), buf) == 1;
}

Violation violation(Violation::Kind kind, const std::string& path, std::string_view type, const nlohmann::json& v) {
  return Violation{kind, path, std::string(type), v};
}

std::string join_path(const std::string& path, const std::string& field) {
  return path.empty() ? field : path + "." + field;
}

}  // namespace

const FieldModel* ObjectModel::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

bool EnumModel::contains(std::string_view value) const {
  for (const auto& v : values)
    if (v == value) return true;
  return false;
}

std::string EnumModel::short_name() const {
  auto dot = id.rfind('.');
  return dot == std::string::npos ? id : id.substr(dot + 1);
}

const std::vector<ObjectModel>& object_models() { return catalogue().objects; }
const std::vector<EnumModel>& enum_models() { return catalogue().enums; }

const ObjectModel* object_model(std::string_view id) {
  for (const auto& m : catalogue().objects)
    if (m.id == id) return &m;
  return nullptr;
}

const EnumModel* enum_model(std::string_view id) {
  for (const auto& m : catalogue().enums)
    if (m.id == id) return &m;
  return nullptr;
}

bool is_primitive_type(std::string_view t) {
  for (const char* p : {"string", "password", "text", "long", "int", "double", "boolean", "datetime", "date", "uuid",
                        "ipv4", "ipv6", "ip", "ipBlock", "map[string]string"})
    if (t == p) return true;
  return false;
}

bool primitive_fits(const nlohmann::json& v, std::string_view t) {
  if (t == "string" || t == "password" || t == "text") return v.is_string();
  if (t == "long" || t == "int") return v.is_number_integer();
  if (t == "double") return v.is_number();
  if (t == "boolean") return v.is_boolean();
  if (t == "map[string]string") {
    if (!v.is_object()) return false;
    for (const auto& [k, item] : v.items())
      if (!item.is_string()) return false;
    return true;
  }
  if (!v.is_string()) return false;
  const auto s = v.get<std::string>();
  if (t == "datetime") return parse_datetime(s).has_value();
  if (t == "date") return is_valid_date(s);
  if (t == "uuid") return is_uuid(s);
  if (t == "ipv4") return is_address(s, AF_INET);
  if (t == "ipv6") return is_address(s, AF_INET6);
  if (t == "ip") return is_address(s, AF_INET) || is_address(s, AF_INET6);
  if (t == "ipBlock") return is_valid_ip_block(s);
  return false;
}

std::string given_data(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Violation> check_value(const nlohmann::json& v, std::string_view type, const std::string& path) {
  using K = Violation::Kind;
  if (type.size() > 2 && type.substr(type.size() - 2) == "[]") {
    if (!v.is_array()) return violation(K::type, path, type, v);
    const auto item_type = type.substr(0, type.size() - 2);
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_null()) return violation(K::null_value, path + "[" + std::to_string(i) + "]", item_type, v[i]);
      if (auto bad = check_value(v[i], item_type, path + "[" + std::to_string(i) + "]")) return bad;
    }
    return std::nullopt;
  }
  if (is_primitive_type(type)) {
    if (!primitive_fits(v, type)) return violation(K::type, path, type, v);
    return std::nullopt;
  }
  if (const auto* e = enum_model(type)) {
    if (!v.is_string()) return violation(K::type, path, "string", v);
    if (!e->contains(v.get<std::string>())) return violation(K::enumeration, path, e->id, v);
    return std::nullopt;
  }
  if (const auto* m = object_model(type)) {
    if (!v.is_object()) return violation(K::type, path, type, v);
    for (const auto& [key, item] : v.items())
      if (!m->field(key)) return violation(K::unknown, join_path(path, key), m->id, item);
    for (const auto& f : m->fields) {
      const auto sub = join_path(path, f.name);
      auto it = v.find(f.name);
      if (it == v.end()) return violation(K::missing, sub, m->id, nullptr);
      if (it->is_null()) {
        if (!f.nullable) return violation(K::null_value, sub, f.type, nullptr);
        continue;
      }
      if (auto bad = check_value(*it, f.type, sub)) return bad;
    }
    return std::nullopt;
  }
  return violation(K::type, path, type, v);  // a type the catalogue does not define
}

std::string Violation::describe() const {
  switch (kind) {
    case Kind::type:
      return "must be of type " + type + " (got " + value.dump() + ")";
    case Kind::enumeration: {
      std::string values;
      if (const auto* e = enum_model(type))
        for (const auto& v : e->values) values += (values.empty() ? "" : ", ") + v;
      return "\"" + given_data(value) + "\" is not one of " + type + ": " + values;
    }
    case Kind::null_value:
      return "must not be null (type " + type + ")";
    case Kind::missing:
      return "is required (" + type + " has this field and the API always writes it)";
    case Kind::unknown:
      return "is not a field of " + type;
  }
  return "is invalid";
}

}  // namespace ovhmock
