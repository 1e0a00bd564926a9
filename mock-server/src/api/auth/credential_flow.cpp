#include "ovhmock/api/auth/credential_flow.hpp"

#include <charconv>
#include <functional>
#include <set>

#include "ovhmock/auth/decision.hpp"
#include "ovhmock/model/errors.hpp"

namespace ovhmock {
namespace {

[[noreturn]] void badly_formatted(const std::string& field) {
  throw ApiException(errors::bad_request("Body parameter " + field + " isn't formated correctly"));
}

bool has_control_characters(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

const std::set<std::string, std::less<>> kMethods = {"DELETE", "GET", "PATCH", "POST", "PUT"};

std::vector<AccessRule> parse_rules(const nlohmann::json& body) {
  auto it = body.find("accessRules");
  if (it == body.end() || !it->is_array()) badly_formatted("accessRules");
  std::vector<AccessRule> rules;
  for (const auto& item : *it) {
    if (!item.is_object() || item.size() != 2) badly_formatted("accessRules");
    auto method = item.find("method");
    auto path = item.find("path");
    if (method == item.end() || path == item.end() || !method->is_string() || !path->is_string())
      badly_formatted("accessRules");
    if (!kMethods.count(method->get<std::string>())) badly_formatted("accessRules");
    rules.push_back({method->get<std::string>(), path->get<std::string>()});
  }
  return rules;
}

}  // namespace

CredentialRequest parse_credential_request(const nlohmann::json& body) {
  if (!body.is_object()) badly_formatted("accessRules");
  std::vector<std::string> unknown;
  for (const auto& [name, value] : body.items())
    if (name != "accessRules" && name != "redirection" && name != "allowedIPs") unknown.push_back(name);
  if (!unknown.empty()) throw ApiException(errors::not_described_parameters(unknown, "creation handler"));

  CredentialRequest req;
  req.rules = parse_rules(body);
  if (auto it = body.find("redirection"); it != body.end() && !it->is_null()) {
    if (!it->is_string() || has_control_characters(it->get<std::string>())) badly_formatted("redirection");
    if (!it->get<std::string>().empty()) req.redirection = it->get<std::string>();
  }
  if (auto it = body.find("allowedIPs"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) badly_formatted("allowedIPs");
    std::vector<std::string> blocks;
    for (const auto& block : *it) {
      if (!block.is_string() || !is_valid_ip_block(block.get<std::string>())) badly_formatted("allowedIPs");
      blocks.push_back(block.get<std::string>());
    }
    req.allowed_ips = std::move(blocks);
  }
  return req;
}

Credential request_credential(CredentialStore& store, const Application& app, CredentialRequest request,
                              std::int64_t now) {
  Credential c;
  c.application_id = app.id;
  c.state = CredentialState::pendingValidation;
  c.rules = std::move(request.rules);
  c.creation = now;
  c.allowed_ips = std::move(request.allowed_ips);
  c.redirection = request.redirection.value_or("");
  return store.add_credential(std::move(c));
}

namespace {
// Applies `answer` to a credential, only while it awaits validation when only_pending is set.
Transition answer_request(CredentialStore& store, std::int64_t id, bool only_pending,
                          const std::function<void(Credential&)>& answer) {
  if (!store.credential(id)) return Transition::unknown;
  bool pending = true;
  store.update_credential(id, [&](Credential& c) {
    if (only_pending && c.state != CredentialState::pendingValidation) {
      pending = false;
      return;
    }
    answer(c);
  });
  return pending ? Transition::done : Transition::not_pending;
}
}  // namespace

Transition validate_credential(CredentialStore& store, std::int64_t id, std::int64_t now,
                               std::optional<std::int64_t> validity, bool only_pending) {
  return answer_request(store, id, only_pending, [&](Credential& c) {
    c.state = CredentialState::validated;
    c.expiration = validity ? std::optional<std::int64_t>(now + *validity) : std::nullopt;
  });
}

Transition refuse_credential(CredentialStore& store, std::int64_t id, bool only_pending) {
  return answer_request(store, id, only_pending, [](Credential& c) { c.state = CredentialState::refused; });
}

Transition expire_credential(CredentialStore& store, std::int64_t id, std::int64_t now) {
  if (!store.credential(id)) return Transition::unknown;
  store.update_credential(id, [now](Credential& c) {
    c.state = CredentialState::expired;
    c.expiration = now;
  });
  return Transition::done;
}

const std::vector<ValidityChoice>& validity_choices() {
  static const std::vector<ValidityChoice> choices = {
      {3600, "1 hour"}, {86400, "1 day"}, {30 * 86400, "30 days"}, {0, "Unlimited"}};
  return choices;
}

std::optional<std::optional<std::int64_t>> parse_validity_choice(std::string_view text) {
  std::int64_t value = -1;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  for (const auto& choice : validity_choices())
    if (choice.seconds == value) return value == 0 ? std::optional<std::int64_t>() : std::optional<std::int64_t>(value);
  return std::nullopt;
}

}  // namespace ovhmock
