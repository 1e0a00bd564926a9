// /sms: accounts, senders, jobs (messages waiting for their sending time) and outgoing
// messages. Authentication and access rules are the pipeline's, as for every route.
#include <algorithm>

#include "api/sms/store.hpp"
#include "api/sms/wire.hpp"
#include "ovhmock/api/request_checks.hpp"
#include "ovhmock/model/api_models.hpp"
#include "ovhmock/model/errors.hpp"
#include "ovhmock/model/time_format.hpp"
#include "ovhmock/state/state.hpp"
#include "ovhmock/store/faults.hpp"

namespace ovhmock::sms {
namespace {

struct Param {
  const char* name;
  const char* type;
  bool required = false;
};

// The body parameters of POST /sms/{serviceName}/jobs, as OVH's schema lists them.
const std::vector<Param> kJobParams = {{"charset", "sms.CharsetEnum"},
                                       {"class", "sms.ClassEnum"},
                                       {"coding", "sms.CodingEnum"},
                                       {"differedPeriod", "long"},
                                       {"message", "string", true},
                                       {"noStopClause", "boolean"},
                                       {"priority", "sms.PriorityEnum"},
                                       {"receivers", "string[]"},
                                       {"receiversDocumentUrl", "string"},
                                       {"receiversSlotId", "string"},
                                       {"sender", "string"},
                                       {"senderForResponse", "boolean"},
                                       {"tag", "string"},
                                       {"validityPeriod", "long"}};
const std::vector<Param> kSenderParams = {{"description", "string"}, {"reason", "string"}, {"sender", "string", true}};

std::string type_name(const std::string& type) {
  const auto* e = enum_model(type);
  return e ? e->short_name() : type;
}

// The checks of check_request_body (request_checks.hpp), for operations whose body is a list
// of parameters rather than a model: unknown parameters, missing required ones, then each
// value's type and enumeration. An optional parameter sent as null counts as absent.
void check_parameters(const nlohmann::json& body, const std::vector<Param>& params) {
  if (!body.is_object()) throw ApiException(errors::body_not_object());
  const auto find = [&](const std::string& name) -> const Param* {
    for (const auto& p : params)
      if (name == p.name) return &p;
    return nullptr;
  };
  std::vector<std::string> unknown, missing;
  for (const auto& [key, value] : body.items())
    if (!find(key)) unknown.push_back(key);
  if (!unknown.empty()) throw ApiException(errors::not_described_parameters(unknown, "creation handler"));
  for (const auto& p : params)
    if (p.required && !body.contains(p.name)) missing.push_back(p.name);
  if (!missing.empty()) throw ApiException(errors::missing_parameters(missing));
  for (const auto& [key, value] : body.items()) {
    const Param* p = find(key);
    if (value.is_null()) {
      if (p->required) throw ApiException(errors::invalid_type(key, "null", type_name(p->type)));
      continue;
    }
    if (auto bad = check_value(value, p->type, key)) {
      if (bad->kind == Violation::Kind::enumeration)
        throw ApiException(errors::not_in_enumeration(bad->path, given_data(bad->value), type_name(bad->type)));
      throw ApiException(errors::invalid_type(bad->path, given_data(bad->value), type_name(bad->type)));
    }
  }
}

Store& store(Context& ctx) { return ctx.state.store<Store>(); }
const std::string& service(Context& ctx) { return ctx.param("serviceName"); }

[[noreturn]] void no_service() { throw ApiException(errors::service_not_found()); }
[[noreturn]] void no_object(std::int64_t id) { throw ApiException(errors::object_not_found(std::to_string(id))); }
[[noreturn]] void no_object(const std::string& id) { throw ApiException(errors::object_not_found(id)); }

Account& account(Content& c, const std::string& name) {
  auto it = c.accounts.find(name);
  if (it == c.accounts.end()) no_service();
  return it->second;
}

// --- accounts -------------------------------------------------------------------------

Reply list(Context& ctx) {
  return Reply::json(store(ctx).with([](Content& c) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& [name, a] : c.accounts) names.push_back(name);
    return names;
  }));
}

Reply get(Context& ctx) {
  return Reply::json(store(ctx).with([&](Content& c) { return account_json(account(c, service(ctx))); }));
}

Reply put(Context& ctx) {
  const auto& body = ctx.json_body();
  store(ctx).with([&](Content& c) {
    auto& a = account(c, service(ctx));
    check_request_body(body, {"sms.Account", "", "update handler", false});
    for (const auto& [key, value] : body.items()) a.info[key] = value;
    return 0;
  });
  return Reply::none();
}

// --- jobs -----------------------------------------------------------------------------

SendInput send_input(Context& ctx, const nlohmann::json& body) {
  SendInput in;
  in.service = service(ctx);
  in.message = body.at("message").get<std::string>();
  const auto str = [&](const char* k) -> std::optional<std::string> {
    if (!body.contains(k) || body[k].is_null()) return std::nullopt;
    return body[k].get<std::string>();
  };
  in.sender = str("sender");
  in.tag = str("tag").value_or("");
  in.sender_for_response = body.contains("senderForResponse") && body["senderForResponse"].is_boolean() &&
                           body["senderForResponse"].get<bool>();
  if (body.contains("differedPeriod") && !body["differedPeriod"].is_null()) {
    in.differed_minutes = body["differedPeriod"].get<std::int64_t>();
    if (in.differed_minutes < 0)
      throw ApiException(errors::bad_request("[differedPeriod] Given data (" + std::to_string(in.differed_minutes) +
                                             ") must be at least 0"));
  }
  if (str("receiversDocumentUrl") || str("receiversSlotId"))
    throw ApiException(errors::bad_request(
        "receiversDocumentUrl and receiversSlotId are not served by ovhmock: send the receivers list"));
  if (body.contains("receivers") && body["receivers"].is_array())
    for (const auto& r : body["receivers"]) in.receivers.push_back(r.get<std::string>());
  if (in.receivers.empty()) throw ApiException(errors::bad_request("No receiver given"));
  in.test_id = std::string(ctx.request.header(kTestIdHeader).value_or(""));
  in.now = ctx.state.clock.now();
  return in;
}

Reply jobs(Context& ctx) {
  const auto now = ctx.state.clock.now();
  return Reply::json(store(ctx).with([&](Content& c) {
    account(c, service(ctx));
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& m : c.messages)
      if (m.service == service(ctx) && now < m.send_at) ids.push_back(m.id);
    return ids;
  }));
}

Reply job_create(Context& ctx) {
  store(ctx).with([&](Content& c) { return &account(c, service(ctx)); });
  const auto& body = ctx.json_body();
  check_parameters(body, kJobParams);
  const auto in = send_input(ctx, body);
  return Reply::json(store(ctx).with([&](Content& c) { return send(c, in); }));
}

// The message with this id in this account, when `pred` holds for it.
template <class Pred>
std::vector<Message>::iterator find_message(Content& c, Context& ctx, std::int64_t id, Pred pred) {
  account(c, service(ctx));
  auto it = std::find_if(c.messages.begin(), c.messages.end(),
                         [&](const Message& m) { return m.id == id && m.service == service(ctx) && pred(m); });
  if (it == c.messages.end()) no_object(id);
  return it;
}

Reply job_get(Context& ctx) {
  const auto id = long_param("id", ctx.param("id"));
  const auto now = ctx.state.clock.now();
  return Reply::json(store(ctx).with([&](Content& c) {
    return job_json(*find_message(c, ctx, id, [&](const Message& m) { return now < m.send_at; }));
  }));
}

// Cancels a message before its sending time; its credits go back to the account.
Reply job_delete(Context& ctx) {
  const auto id = long_param("id", ctx.param("id"));
  const auto now = ctx.state.clock.now();
  store(ctx).with([&](Content& c) {
    auto it = find_message(c, ctx, id, [&](const Message& m) { return now < m.send_at; });
    account(c, service(ctx)).credits += it->credits;
    c.messages.erase(it);
    return 0;
  });
  return Reply::none();
}

// --- outgoing -------------------------------------------------------------------------

std::optional<std::int64_t> long_filter(Context& ctx, const char* name) {
  auto v = ctx.query.get(name);
  if (!v) return std::nullopt;
  return long_param(name, *v);
}

std::optional<std::int64_t> time_filter(Context& ctx, const char* name) {
  auto v = ctx.query.get(name);
  if (!v) return std::nullopt;
  auto t = parse_datetime(*v);
  if (!t) throw ApiException(errors::invalid_type(name, *v, "datetime"));
  return t;
}

Reply outgoing(Context& ctx) {
  const auto now = ctx.state.clock.now();
  const auto receipt = long_filter(ctx, "deliveryReceipt");
  const auto differed = long_filter(ctx, "differedDelivery");
  const auto ptt = long_filter(ctx, "ptt");
  const auto from = time_filter(ctx, "creationDatetime.from");
  const auto to = time_filter(ctx, "creationDatetime.to");
  for (const char* uuid : {"batchID", "messageID"})
    if (auto v = ctx.query.get(uuid); v && check_value(*v, "uuid"))
      throw ApiException(errors::invalid_type(uuid, *v, "uuid"));
  const bool by_uuid = ctx.query.has("batchID") || ctx.query.has("messageID");  // never set here
  const auto receiver = ctx.query.get("receiver"), sender = ctx.query.get("sender"), tag = ctx.query.get("tag");
  return Reply::json(store(ctx).with([&](Content& c) {
    account(c, service(ctx));
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& m : c.messages) {
      if (m.service != service(ctx) || now < m.send_at || m.outgoing_deleted || by_uuid) continue;
      if ((receipt && *receipt != delivery_receipt(m)) || (differed && *differed != m.differed_minutes) ||
          (ptt && *ptt != 0) || (from && m.created < *from) || (to && m.created > *to) ||
          (receiver && *receiver != m.receiver) || (sender && *sender != m.sender) || (tag && *tag != m.tag))
        continue;
      ids.push_back(m.id);
    }
    return ids;
  }));
}

bool is_outgoing(const Message& m, std::int64_t now) { return now >= m.send_at && !m.outgoing_deleted; }

Reply outgoing_get(Context& ctx) {
  const auto id = long_param("id", ctx.param("id"));
  const auto now = ctx.state.clock.now();
  return Reply::json(store(ctx).with([&](Content& c) {
    return outgoing_json(*find_message(c, ctx, id, [&](const Message& m) { return is_outgoing(m, now); }));
  }));
}

Reply outgoing_delete(Context& ctx) {
  const auto id = long_param("id", ctx.param("id"));
  const auto now = ctx.state.clock.now();
  store(ctx).with([&](Content& c) {
    find_message(c, ctx, id, [&](const Message& m) { return is_outgoing(m, now); })->outgoing_deleted = true;
    return 0;
  });
  return Reply::none();
}

// --- senders --------------------------------------------------------------------------

Reply senders(Context& ctx) {
  return Reply::json(store(ctx).with([&](Content& c) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& [name, s] : account(c, service(ctx)).senders) names.push_back(name);
    return names;
  }));
}

nlohmann::json& existing_sender(Content& c, Context& ctx) {
  auto& a = account(c, service(ctx));
  auto it = a.senders.find(ctx.param("sender"));
  if (it == a.senders.end()) no_object(ctx.param("sender"));
  return it->second;
}

Reply sender_create(Context& ctx) {
  store(ctx).with([&](Content& c) { return &account(c, service(ctx)); });
  const auto& body = ctx.json_body();
  check_parameters(body, kSenderParams);
  // The API asks for the moderator's message (ovh-ux/ovh-manager-telecom PR #7).
  if (!body.contains("reason") || !body["reason"].is_string() || body["reason"].get<std::string>().empty())
    throw ApiException(errors::bad_request("Please provide a reason"));
  const auto name = body.at("sender").get<std::string>();
  if (name.empty()) throw ApiException(errors::bad_request("The sender must not be empty"));
  const bool numeric = std::all_of(name.begin(), name.end(),
                                   [](char ch) { return ch == '+' || std::isdigit(static_cast<unsigned char>(ch)); });
  store(ctx).with([&](Content& c) {
    auto& a = account(c, service(ctx));
    if (a.senders.count(name)) throw ApiException(errors::bad_request("The sender " + name + " already exists"));
    a.senders[name] = {{"comment", nullptr},
                       {"description", body.value("description", nlohmann::json("")).is_string()
                                           ? body.value("description", nlohmann::json(""))
                                           : nlohmann::json("")},
                       {"referer", "custom"},
                       {"sender", name},
                       {"status", "waitingValidation"},
                       {"type", numeric ? "numeric" : "alpha"},
                       {"validationMedia", nullptr}};
    return 0;
  });
  return Reply::json(name);
}

Reply sender_get(Context& ctx) {
  return Reply::json(store(ctx).with([&](Content& c) { return existing_sender(c, ctx); }));
}

Reply sender_put(Context& ctx) {
  const auto& body = ctx.json_body();
  store(ctx).with([&](Content& c) {
    auto& s = existing_sender(c, ctx);
    check_request_body(body, {"sms.Sender", "", "update handler", false});
    for (const auto& [key, value] : body.items()) s[key] = value;
    return 0;
  });
  return Reply::none();
}

Reply sender_delete(Context& ctx) {
  store(ctx).with([&](Content& c) {
    existing_sender(c, ctx);
    account(c, service(ctx)).senders.erase(ctx.param("sender"));
    return 0;
  });
  return Reply::none();
}

}  // namespace

std::vector<Route> routes() {
  const auto v1 = Branch::v1;
  const auto req = Auth::required;
  return {
      {"GET", v1, "/sms", req, list},
      {"GET", v1, "/sms/{serviceName}", req, get},
      {"PUT", v1, "/sms/{serviceName}", req, put},
      {"GET", v1, "/sms/{serviceName}/jobs", req, jobs},
      {"POST", v1, "/sms/{serviceName}/jobs", req, job_create},
      {"GET", v1, "/sms/{serviceName}/jobs/{id}", req, job_get},
      {"DELETE", v1, "/sms/{serviceName}/jobs/{id}", req, job_delete},
      {"GET", v1, "/sms/{serviceName}/outgoing", req, outgoing},
      {"GET", v1, "/sms/{serviceName}/outgoing/{id}", req, outgoing_get},
      {"DELETE", v1, "/sms/{serviceName}/outgoing/{id}", req, outgoing_delete},
      {"GET", v1, "/sms/{serviceName}/senders", req, senders},
      {"POST", v1, "/sms/{serviceName}/senders", req, sender_create},
      {"GET", v1, "/sms/{serviceName}/senders/{sender}", req, sender_get},
      {"PUT", v1, "/sms/{serviceName}/senders/{sender}", req, sender_put},
      {"DELETE", v1, "/sms/{serviceName}/senders/{sender}", req, sender_delete},
  };
}

}  // namespace ovhmock::sms
