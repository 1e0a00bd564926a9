// The control plane's SMS sink (docs/control-plane.md, docs/sms.md): what was sent, like
// Mailpit's API for e-mail; setting an account's credits; arming failures for the next sends;
// marking a message delivered or failed.
#include <algorithm>
#include <charconv>

#include "api/sms/sms.hpp"
#include "api/sms/store.hpp"
#include "api/sms/wire.hpp"
#include "ovhmock/api/control_body.hpp"
#include "ovhmock/model/errors.hpp"
#include "ovhmock/model/time_format.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::sms {
namespace {

using control::bad;
using control::object_body;
using control::only;

[[noreturn]] void not_found(std::string message) {
  throw ApiException(ApiError{404, "Client::NotFound", "", std::move(message), {}});
}

// Filters of GET and DELETE /__admin/sms/messages; since: an ISO-8601 datetime or Unix seconds.
struct Filter {
  std::optional<std::string> service, receiver, sender, tag, test_id;
  std::optional<std::int64_t> since;

  explicit Filter(const Context& ctx)
      : service(ctx.query.get("service")),
        receiver(ctx.query.get("receiver")),
        sender(ctx.query.get("sender")),
        tag(ctx.query.get("tag")),
        test_id(ctx.query.get("testId")) {
    if (auto s = ctx.query.get("since")) {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
      if (ec == std::errc() && p == s->data() + s->size())
        since = v;
      else if (auto t = parse_datetime(*s))
        since = t;
      else
        bad("since must be an ISO-8601 datetime or Unix seconds, got " + *s);
    }
  }
  bool matches(const Message& m) const {
    return (!service || *service == m.service) && (!receiver || *receiver == m.receiver) &&
           (!sender || *sender == m.sender) && (!tag || *tag == m.tag) && (!test_id || *test_id == m.test_id) &&
           (!since || m.created >= *since);
  }
};

Reply messages(Context& ctx) {
  const Filter f(ctx);
  const auto now = ctx.state.clock.now();
  return Reply::json(ctx.state.store<Store>().with([&](Content& c) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : c.messages)
      if (f.matches(m)) out.push_back(sink_json(m, now));
    return out;
  }));
}

Reply messages_clear(Context& ctx) {
  const Filter f(ctx);
  const auto removed = ctx.state.store<Store>().with(
      [&](Content& c) { return std::erase_if(c.messages, [&](const Message& m) { return f.matches(m); }); });
  return Reply::json({{"removed", removed}});
}

Reply mark(Context& ctx, const std::string& delivery) {
  std::int64_t id = 0;
  const auto& text = ctx.param("id");
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size()) bad("id must be a number, got " + text);
  const auto now = ctx.state.clock.now();
  return Reply::json(ctx.state.store<Store>().with([&](Content& c) {
    auto it = std::find_if(c.messages.begin(), c.messages.end(), [&](const Message& m) { return m.id == id; });
    if (it == c.messages.end()) not_found("No SMS message with id " + text);
    it->delivery = delivery;
    it->delivered_at = delivery == "delivered" ? std::optional(std::max(now, it->send_at)) : std::nullopt;
    return sink_json(*it, now);
  }));
}

Reply credits(Context& ctx) {
  const auto& body = object_body(ctx);
  only(body, {"credits"});
  if (!body.contains("credits") || !body["credits"].is_number() || body["credits"].get<double>() < 0)
    bad("credits must be a number, 0 or more");
  const double value = body["credits"].get<double>();
  return Reply::json(ctx.state.store<Store>().with([&](Content& c) {
    auto it = c.accounts.find(ctx.param("serviceName"));
    if (it == c.accounts.end()) not_found("No SMS account " + ctx.param("serviceName"));
    it->second.credits = value;
    return nlohmann::json{{"service", it->first}, {"creditsLeft", value}};
  }));
}

nlohmann::json failure_json(const Failure& f) {
  nlohmann::json j = {{"kind", f.kind}, {"times", f.remaining}};
  if (f.test_id) j["testId"] = *f.test_id;
  if (f.kind == "fault") {
    j["status"] = f.status;
    j["message"] = f.message;
  }
  return j;
}

// {"kind":"noCredits"|"invalidReceiver"|"fault","testId":"t1","times":1,"status":500,"message":"..."}
Reply failure_add(Context& ctx) {
  const auto& body = object_body(ctx);
  only(body, {"kind", "testId", "times", "status", "message"});
  Failure f;
  if (!body.contains("kind") || !body["kind"].is_string()) bad("kind is required: noCredits, invalidReceiver or fault");
  f.kind = body["kind"].get<std::string>();
  if (f.kind != "noCredits" && f.kind != "invalidReceiver" && f.kind != "fault")
    bad("kind must be noCredits, invalidReceiver or fault, got " + f.kind);
  if (body.contains("testId")) {
    if (!body["testId"].is_string()) bad("testId must be a string");
    f.test_id = body["testId"].get<std::string>();
  }
  if (body.contains("times")) {
    if (!body["times"].is_number_integer() || body["times"].get<std::int64_t>() < 1)
      bad("times must be an integer, 1 or more");
    f.remaining = body["times"].get<std::int64_t>();
  }
  if (f.kind != "fault" && (body.contains("status") || body.contains("message")))
    bad("status and message apply to kind fault only");
  if (body.contains("status")) {
    if (!body["status"].is_number_integer() || body["status"].get<int>() < 400 || body["status"].get<int>() > 599)
      bad("status must be an integer from 400 to 599");
    f.status = body["status"].get<int>();
  }
  if (body.contains("message")) {
    if (!body["message"].is_string()) bad("message must be a string");
    f.message = body["message"].get<std::string>();
  }
  ctx.state.store<Store>().with([&](Content& c) {
    c.failures.push_back(f);
    return 0;
  });
  return Reply::json(failure_json(f), 201);
}

Reply failures(Context& ctx) {
  return Reply::json(ctx.state.store<Store>().with([](Content& c) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : c.failures) out.push_back(failure_json(f));
    return out;
  }));
}

Reply failures_clear(Context& ctx) {
  ctx.state.store<Store>().with([](Content& c) {
    c.failures.clear();
    return 0;
  });
  return Reply::none();
}

}  // namespace

std::vector<Route> admin_routes() {
  const auto a = Branch::admin;
  const auto admin = Auth::admin;  // loopback, or the --admin-token bearer (pipeline)
  return {
      {"GET", a, "/sms/messages", admin, messages},
      {"DELETE", a, "/sms/messages", admin, messages_clear},
      {"POST", a, "/sms/messages/{id}/delivered", admin, [](Context& c) { return mark(c, "delivered"); }},
      {"POST", a, "/sms/messages/{id}/failed", admin, [](Context& c) { return mark(c, "failed"); }},
      {"POST", a, "/sms/accounts/{serviceName}/credits", admin, credits},
      {"GET", a, "/sms/failures", admin, failures},
      {"POST", a, "/sms/failures", admin, failure_add},
      {"DELETE", a, "/sms/failures", admin, failures_clear},
  };
}

}  // namespace ovhmock::sms
