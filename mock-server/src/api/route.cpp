#include "ovhmock/api/route.hpp"

#include "ovhmock/model/json_util.hpp"

namespace ovhmock {

std::string_view branch_prefix(Branch b) {
  switch (b) {
    case Branch::v1:
      return "/1.0";
    case Branch::v2:
      return "/v2";
    case Branch::admin:
      return "/__admin";
    case Branch::root:
      return "";
  }
  return "";
}

Reply Reply::json(nlohmann::json value, int status) {
  Reply r;
  r.status = status;
  r.body = std::move(value);
  return r;
}

Reply Reply::json_text(std::string text, int status) {
  Reply r;
  r.status = status;
  r.raw = std::move(text);
  return r;
}

Reply Reply::none() {
  Reply r;
  r.is_void = true;
  return r;
}

Reply Reply::text(std::string body, std::string content_type, int status) {
  Reply r;
  r.status = status;
  r.raw = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Reply Reply::redirect(std::string location, int status) {
  Reply r = text("", "text/html; charset=utf-8", status);
  r.headers.push_back({"Location", std::move(location)});
  return r;
}

const std::string& Context::param(const std::string& name) const {
  static const std::string empty;
  auto it = params.find(name);
  return it == params.end() ? empty : it->second;
}

const nlohmann::json& Context::json_body() {
  if (!body_json_) body_json_ = parse_body(request.body);
  return *body_json_;
}

}  // namespace ovhmock
