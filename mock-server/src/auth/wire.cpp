#include "ovhmock/auth/wire.hpp"

#include "ovhmock/model/time_format.hpp"

namespace ovhmock::routes {

nlohmann::json rules_json(const std::vector<AccessRule>& rules) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rules) out.push_back({{"method", r.method}, {"path", r.path}});
  return out;
}

nlohmann::json credential_json(const Credential& c, std::int64_t now) {
  auto opt_time = [](const std::optional<std::int64_t>& t) -> nlohmann::json {
    return t ? nlohmann::json(format_datetime(*t)) : nlohmann::json(nullptr);
  };
  return {
      {"allowedIPs", c.allowed_ips ? nlohmann::json(*c.allowed_ips) : nlohmann::json(nullptr)},
      {"applicationId", c.application_id},
      {"creation", format_datetime(c.creation)},
      {"credentialId", c.id},
      {"expiration", opt_time(c.expiration)},
      {"lastUse", opt_time(c.last_use)},
      {"ovhSupport", c.ovh_support},
      {"rules", rules_json(c.rules)},
      {"status", to_string(c.effective_state(now))},
  };
}

nlohmann::json application_json(const Application& a) {
  return {
      {"applicationId", a.id}, {"applicationKey", a.key},       {"description", a.description},
      {"name", a.name},        {"status", to_string(a.status)},
  };
}

}  // namespace ovhmock::routes
