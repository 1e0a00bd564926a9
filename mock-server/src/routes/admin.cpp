#include "routes/admin.hpp"

#include <filesystem>
#include <fstream>
#include <regex>

#include "ovhmock/auth.hpp"
#include "ovhmock/fixtures.hpp"
#include "ovhmock/json_util.hpp"
#include "ovhmock/signature.hpp"
#include "ovhmock/state.hpp"
#include "ovhmock/time_format.hpp"
#include "routes/admin_era.hpp"
#include "routes/models.hpp"

namespace ovhmock {
namespace {

ApiError admin_error(int status, std::string message) {
  std::string phrase = reason_phrase(status);
  phrase.erase(std::remove(phrase.begin(), phrase.end(), ' '), phrase.end());
  return ApiError{status, "Client::" + phrase, "", std::move(message), {}};
}

[[noreturn]] void bad(std::string message) { throw ApiException(errors::bad_request(std::move(message))); }

// Loopback peers always; others only with the configured token.
void guard(const Context& ctx) {
  if (address_in_blocks(ctx.request.peer_address, {"127.0.0.0/8", "::1/128"})) return;
  const std::string& token = ctx.config.admin_token;
  if (token.empty())
    throw ApiException(admin_error(403,
                                   "The control plane answers only on loopback; start the server with "
                                   "--admin-token to reach it from elsewhere"));
  const std::string sent(ctx.request.header("Authorization").value_or(""));
  const std::string expected = "Bearer " + token;
  if (!constant_time_equal(sent, expected))
    throw ApiException(admin_error(401, "The control plane needs Authorization: Bearer <admin token>"));
}

Handler guarded(Handler h) {
  return [h = std::move(h)](Context& ctx) {
    guard(ctx);
    return h(ctx);
  };
}

// The body as a JSON object; an empty body is an empty object.
const nlohmann::json& object_body(Context& ctx) {
  static const nlohmann::json empty = nlohmann::json::object();
  if (ctx.request.body.empty()) return empty;
  const auto& j = ctx.json_body();
  if (!j.is_object()) bad("The body must be a JSON object");
  return j;
}

void only(const nlohmann::json& j, std::initializer_list<const char*> known) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool ok = false;
    for (const char* k : known) ok = ok || it.key() == k;
    if (!ok) bad("Unknown field " + it.key());
  }
}

std::optional<std::string> opt_string(const nlohmann::json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  if (!j.at(name).is_string()) bad(std::string(name) + " must be a string");
  return j.at(name).get<std::string>();
}

std::optional<std::int64_t> opt_integer(const nlohmann::json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  if (!j.at(name).is_number_integer()) bad(std::string(name) + " must be an integer");
  return j.at(name).get<std::int64_t>();
}

nlohmann::json counts(const State& s) {
  std::size_t records = 0;
  const auto zones = s.zones.names();
  for (const auto& name : zones) records += s.zones.record_ids(name, {}).value_or(std::vector<std::int64_t>{}).size();
  return {{"applications", s.credentials.application_count()},
          {"credentials", s.credentials.credential_count()},
          {"domains", s.domains.names().size()},
          {"zones", zones.size()},
          {"records", records},
          {"journalEntries", s.journal.size()},
          {"faults", s.faults.size()}};
}

// --- health, reset, data sets -------------------------------------------------------

Reply health(Context& ctx) {
  return Reply::json({{"status", "healthy"},
                      {"version", OVHMOCK_VERSION},
                      {"uptimeInSeconds", ctx.state.metrics.uptime_seconds()},
                      {"counts", counts(ctx.state)}});
}

Reply version(Context&) { return Reply::json({{"version", OVHMOCK_VERSION}}); }

Reply reset(Context& ctx) {
  ctx.state.reset();
  ctx.state.journal.clear();
  ctx.state.faults.clear();
  ctx.state.clock.reset();
  ctx.state.era.set(std::nullopt);
  return Reply::none();
}

// A relative file name inside the data set: segments of [A-Za-z0-9_.-], no "." or "..".
bool safe_name(const std::string& name) {
  static const std::regex segment("[A-Za-z0-9_.-]+");
  std::size_t start = 0;
  while (true) {
    const auto slash = name.find('/', start);
    const std::string part = name.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part.empty() || part == "." || part == ".." || !std::regex_match(part, segment)) return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

// Removes a temporary directory when done, whatever happens.
struct TempDir {
  std::filesystem::path path;
  TempDir() : path(std::filesystem::temp_directory_path() / ("ovhmock-dataset-" + random_token(16))) {
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

std::string without_prefix(std::string text, const std::string& prefix) {
  std::size_t pos;
  while (!prefix.empty() && (pos = text.find(prefix)) != std::string::npos) text.erase(pos, prefix.size());
  return text;
}

// 400 naming the file, the object and the field; `prefix` (a temporary directory) removed.
ApiException fixture_error(const FixtureError& e, const std::string& prefix) {
  ApiError error = errors::bad_request(without_prefix(e.what(), prefix));
  error.details = {{"file", without_prefix(e.file(), prefix)}, {"object", e.object()}, {"field", e.field()}};
  return ApiException(error);
}

// Everything is read and validated before anything is replaced: a bad data set leaves
// the server as it was.
Reply load_dataset(Context& ctx) {
  const auto& body = object_body(ctx);
  Dataset data;
  if (body.contains("directory")) {
    only(body, {"directory"});
    const auto dir = opt_string(body, "directory");
    if (!dir) bad("directory must be a string");
    try {
      data = load_fixtures(*dir);
    } catch (const FixtureError& e) {
      throw fixture_error(e, "");
    }
  } else {
    only(body, {"files"});
    if (!body.contains("files") || !body.at("files").is_object())
      bad("Give {\"directory\": \"path\"} or {\"files\": {\"applications.json\": [...], ...}}");
    TempDir tmp;
    for (auto it = body.at("files").begin(); it != body.at("files").end(); ++it) {
      std::string name = it.key();
      if (!safe_name(name)) bad("Invalid file name \"" + name + "\"");
      if (name.size() < 5 || name.substr(name.size() - 5) != ".json") name += ".json";
      const auto path = tmp.path / name;
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary) << it.value().dump();
    }
    try {
      data = load_fixtures(tmp.path);
    } catch (const FixtureError& e) {
      throw fixture_error(e, tmp.path.string() + "/");
    }
  }
  ctx.state.load(std::move(data));
  return Reply::json({{"loaded", true}, {"counts", counts(ctx.state)}});
}

// --- applications and keys ----------------------------------------------------------

Reply create_application(Context& ctx) {
  const auto& b = object_body(ctx);
  only(b, {"applicationId", "applicationKey", "applicationSecret", "name", "description", "status"});
  Application a;
  a.id = opt_integer(b, "applicationId").value_or(0);
  if (auto key = opt_string(b, "applicationKey")) {
    if (ctx.state.credentials.application_by_key(*key)) bad("applicationKey is used by another application");
    a.key = *key;
  }
  if (a.id != 0 && ctx.state.credentials.application(a.id)) bad("applicationId is used by another application");
  a.secret = opt_string(b, "applicationSecret").value_or("");
  a.name = opt_string(b, "name").value_or("ovhmock application");
  a.description = opt_string(b, "description").value_or("");
  if (auto status = opt_string(b, "status")) {
    auto s = parse_application_status(*status);
    if (!s) bad("status must be one of active, blocked, inactive, trusted");
    a.status = *s;
  }
  const Application added = ctx.state.credentials.add_application(a);
  auto j = routes::application_json(added);
  j["applicationSecret"] = added.secret;
  return Reply::json(j, 201);
}

std::vector<AccessRule> parse_rules(const nlohmann::json& b) {
  if (!b.contains("rules") || b.at("rules").is_null())
    return {{"GET", "/*"}, {"POST", "/*"}, {"PUT", "/*"}, {"DELETE", "/*"}};
  if (!b.at("rules").is_array()) bad("rules must be an array of {method, path}");
  std::vector<AccessRule> rules;
  for (const auto& r : b.at("rules")) {
    if (!r.is_object() || !r.contains("method") || !r.contains("path") || !r.at("method").is_string() ||
        !r.at("path").is_string())
      bad("rules must be an array of {method, path}");
    const std::string m = r.at("method").get<std::string>();
    if (m != "GET" && m != "POST" && m != "PUT" && m != "DELETE" && m != "PATCH")
      bad("rules: method must be one of DELETE, GET, PATCH, POST, PUT");
    rules.push_back({m, r.at("path").get<std::string>()});
  }
  return rules;
}

std::optional<std::int64_t> parse_expiration(const nlohmann::json& b, std::int64_t now) {
  if (auto in = opt_integer(b, "expiresIn")) return now + *in;
  if (auto at = opt_string(b, "expiration")) {
    auto t = parse_datetime(*at);
    if (!t) bad("expiration must be an ISO-8601 datetime with an offset");
    return *t;
  }
  return std::nullopt;
}

nlohmann::json credential_admin_json(const Credential& c, std::int64_t now) {
  auto j = routes::credential_json(c, now);
  j["consumerKey"] = c.consumer_key;
  return j;
}

Reply create_credential(Context& ctx) {
  const auto& b = object_body(ctx);
  only(b, {"applicationId", "applicationKey", "consumerKey", "credentialId", "status", "rules", "expiration",
           "expiresIn", "allowedIPs", "redirection"});
  const auto now = ctx.state.clock.now();
  std::optional<Application> app;
  if (auto id = opt_integer(b, "applicationId"))
    app = ctx.state.credentials.application(*id);
  else if (auto key = opt_string(b, "applicationKey"))
    app = ctx.state.credentials.application_by_key(*key);
  else
    bad("Give applicationId or applicationKey");
  if (!app || app->revoked) bad("No such application");
  Credential c;
  c.application_id = app->id;
  c.id = opt_integer(b, "credentialId").value_or(0);
  if (c.id != 0 && ctx.state.credentials.credential(c.id)) bad("credentialId is used by another credential");
  if (auto ck = opt_string(b, "consumerKey")) {
    if (ctx.state.credentials.credential_by_key(*ck)) bad("consumerKey is used by another credential");
    c.consumer_key = *ck;
  }
  c.state = CredentialState::validated;
  if (auto s = opt_string(b, "status")) {
    auto st = parse_credential_state(*s);
    if (!st) bad("status must be one of expired, pendingValidation, refused, validated");
    c.state = *st;
  }
  c.rules = parse_rules(b);
  c.creation = now;
  c.expiration = parse_expiration(b, now);
  if (b.contains("allowedIPs") && !b.at("allowedIPs").is_null()) {
    if (!b.at("allowedIPs").is_array()) bad("allowedIPs must be an array of IP blocks");
    std::vector<std::string> ips;
    for (const auto& ip : b.at("allowedIPs")) {
      if (!ip.is_string() || !is_valid_ip_block(ip.get<std::string>()))
        bad("allowedIPs: " + ip.dump() + " is not an IP address or block");
      ips.push_back(ip.get<std::string>());
    }
    c.allowed_ips = std::move(ips);
  }
  c.redirection = opt_string(b, "redirection").value_or("");
  return Reply::json(credential_admin_json(ctx.state.credentials.add_credential(c), now), 201);
}

// The credential a state change names: {"consumerKey": …} or {"credentialId": …}.
Credential target_credential(Context& ctx, const nlohmann::json& b) {
  std::optional<Credential> c;
  if (auto id = opt_integer(b, "credentialId"))
    c = ctx.state.credentials.credential(*id);
  else if (auto ck = opt_string(b, "consumerKey"))
    c = ctx.state.credentials.credential_by_key(*ck);
  else
    bad("Give consumerKey or credentialId");
  if (!c || c->revoked) throw ApiException(admin_error(404, "No such credential"));
  return *c;
}

Reply change_credential(Context& ctx, CredentialState state) {
  const auto& b = object_body(ctx);
  only(b, {"consumerKey", "credentialId", "expiration", "expiresIn"});
  const Credential c = target_credential(ctx, b);
  const auto now = ctx.state.clock.now();
  const auto expiration = parse_expiration(b, now);
  ctx.state.credentials.update_credential(c.id, [&](Credential& x) {
    x.state = state;
    if (state == CredentialState::expired)
      x.expiration = now;
    else if (expiration)
      x.expiration = expiration;
    else if (state == CredentialState::validated && x.expiration && *x.expiration <= now)
      x.expiration.reset();  // validating a key past its expiration makes it usable again
  });
  return Reply::json(routes::credential_json(*ctx.state.credentials.credential(c.id), now));
}

// --- clock --------------------------------------------------------------------------

nlohmann::json clock_json(const Clock& clock) {
  const auto now = clock.now();
  return {{"now", now},
          {"nowIso", format_datetime(now)},
          {"realNow", Clock::real_now()},
          {"offset", clock.offset()},
          {"frozen", clock.frozen()}};
}

Reply clock_get(Context& ctx) { return Reply::json(clock_json(ctx.state.clock)); }

std::int64_t seconds_field(Context& ctx) {
  const auto& b = object_body(ctx);
  only(b, {"seconds"});
  auto s = opt_integer(b, "seconds");
  if (!s) bad("seconds is required (an integer)");
  return *s;
}

Reply clock_offset(Context& ctx) {
  ctx.state.clock.set_offset(seconds_field(ctx));
  return clock_get(ctx);
}

Reply clock_step(Context& ctx) {
  ctx.state.clock.step(seconds_field(ctx));
  return clock_get(ctx);
}

Reply clock_freeze(Context& ctx) {
  const auto& b = object_body(ctx);
  only(b, {"at"});
  std::optional<std::int64_t> at;
  if (b.contains("at") && b.at("at").is_string()) {
    at = parse_datetime(b.at("at").get<std::string>());
    if (!at) bad("at must be Unix seconds or an ISO-8601 datetime with an offset");
  } else {
    at = opt_integer(b, "at");
  }
  ctx.state.clock.freeze(at);
  return clock_get(ctx);
}

Reply clock_unfreeze(Context& ctx) {
  ctx.state.clock.unfreeze();
  return clock_get(ctx);
}

Reply clock_reset(Context& ctx) {
  ctx.state.clock.reset();
  return clock_get(ctx);
}

// --- journal ------------------------------------------------------------------------

nlohmann::json filter_source(Context& ctx) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : ctx.query.items()) j[k] = v;
  if (ctx.request.method == "POST") {
    const auto& b = object_body(ctx);
    for (auto it = b.begin(); it != b.end(); ++it) j[it.key()] = it.value();
  }
  return j;
}

JournalFilter parse_filter(const nlohmann::json& j) {
  try {
    return JournalFilter::from_json(j);
  } catch (const std::invalid_argument& e) {
    bad(e.what());
  }
}

Reply requests_list(Context& ctx) {
  const auto src = filter_source(ctx);
  const auto filter = parse_filter(src);
  std::size_t limit = SIZE_MAX;
  if (src.contains("limit")) {
    const auto& l = src.at("limit");
    std::int64_t n = -1;
    if (l.is_number_integer()) n = l.get<std::int64_t>();
    if (l.is_string()) n = std::atoll(l.get<std::string>().c_str());
    if (n <= 0) bad("limit must be a positive integer");
    limit = static_cast<std::size_t>(n);
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : ctx.state.journal.list(filter, limit)) list.push_back(e.to_json());
  return Reply::json({{"requests", list},
                      {"meta", {{"total", ctx.state.journal.count(filter)}}},
                      {"requestJournalDisabled", !ctx.state.journal.enabled()}});
}

Reply requests_count(Context& ctx) {
  auto src = filter_source(ctx);
  src.erase("limit");
  return Reply::json({{"count", ctx.state.journal.count(parse_filter(src))}});
}

Reply requests_clear(Context& ctx) {
  ctx.state.journal.clear();
  return Reply::none();
}

// --- faults -------------------------------------------------------------------------

Reply faults_list(Context& ctx) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : ctx.state.faults.list()) list.push_back(f.to_json());
  return Reply::json({{"faults", list}});
}

Reply fault_add(Context& ctx) {
  Fault f;
  try {
    f = Fault::from_json(ctx.json_body());
  } catch (const std::invalid_argument& e) {
    bad(e.what());
  }
  return Reply::json(ctx.state.faults.add(f).to_json(), 201);
}

Reply fault_remove(Context& ctx) {
  if (!ctx.state.faults.remove(ctx.param("id"))) throw ApiException(admin_error(404, "No such fault"));
  return Reply::none();
}

Reply faults_clear(Context& ctx) {
  ctx.state.faults.clear();
  return Reply::none();
}

// --- metrics ------------------------------------------------------------------------

Reply metrics(Context& ctx) {
  return Reply::text(ctx.state.metrics.render(ctx.state.journal.size()), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

std::vector<Route> admin_routes() {
  const auto a = Branch::admin;
  const auto none = Auth::none;
  std::vector<Route> routes = {
      {"GET", a, "/health", none, health},
      {"GET", a, "/version", none, version},
      {"POST", a, "/reset", none, reset},
      {"POST", a, "/dataset", none, load_dataset},
      {"POST", a, "/applications", none, create_application},
      {"POST", a, "/credentials", none, create_credential},
      {"POST", a, "/credentials/validate", none,
       [](Context& c) { return change_credential(c, CredentialState::validated); }},
      {"POST", a, "/credentials/refuse", none,
       [](Context& c) { return change_credential(c, CredentialState::refused); }},
      {"POST", a, "/credentials/expire", none,
       [](Context& c) { return change_credential(c, CredentialState::expired); }},
      {"GET", a, "/clock", none, clock_get},
      {"POST", a, "/clock/offset", none, clock_offset},
      {"POST", a, "/clock/step", none, clock_step},
      {"POST", a, "/clock/freeze", none, clock_freeze},
      {"POST", a, "/clock/unfreeze", none, clock_unfreeze},
      {"POST", a, "/clock/reset", none, clock_reset},
      {"GET", a, "/requests", none, requests_list},
      {"DELETE", a, "/requests", none, requests_clear},
      {"GET", a, "/requests/count", none, requests_count},
      {"POST", a, "/requests/count", none, requests_count},
      {"GET", a, "/faults", none, faults_list},
      {"POST", a, "/faults", none, fault_add},
      {"DELETE", a, "/faults", none, faults_clear},
      {"DELETE", a, "/faults/{id}", none, fault_remove},
      {"GET", a, "/metrics", none, metrics},
  };
  for (auto& r : admin_era_routes()) routes.push_back(std::move(r));
  for (auto& r : routes) r.handler = guarded(std::move(r.handler));
  return routes;
}

}  // namespace ovhmock
