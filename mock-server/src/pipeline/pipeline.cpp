#include "ovhmock/pipeline/pipeline.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <thread>

#include "ovhmock/auth/admin_access.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/model/query_id.hpp"
#include "ovhmock/pipeline/request_limits.hpp"

namespace ovhmock {
namespace {

constexpr const char* kJsonContentType = "application/json; charset=utf-8";

struct Located {
  Branch branch;
  std::string_view rest;  // below the branch prefix, raw
};

Located locate(std::string_view path) {
  auto under = [&](std::string_view prefix) {
    return path.substr(0, prefix.size()) == prefix && (path.size() == prefix.size() || path[prefix.size()] == '/');
  };
  if (under("/1.0")) return {Branch::v1, path.substr(4)};
  if (under("/v1")) return {Branch::v1, path.substr(3)};
  if (under("/v2")) return {Branch::v2, path.substr(3)};
  if (under("/__admin")) return {Branch::admin, path.substr(8)};
  return {Branch::root, path};
}

// One trailing slash is tolerated, as the real API does ("/domain/zone/").
std::string_view strip_trailing_slash(std::string_view rest) {
  if (rest.size() > 1 && rest.back() == '/') rest.remove_suffix(1);
  return rest;
}

bool is_param(std::string_view part) { return part.size() >= 2 && part.front() == '{' && part.back() == '}'; }

// `parts`: the route's pattern split once, at construction; `decoded`: the request's
// segments percent-decoded once per request. Parameters are collected only on a match.
bool match_pattern(const std::vector<std::string>& parts, std::span<const std::string_view> decoded,
                   std::map<std::string, std::string>& params) {
  if (parts.size() != decoded.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (is_param(parts[i]) ? decoded[i].empty() : parts[i] != decoded[i]) return false;
  }
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (is_param(parts[i])) found[parts[i].substr(1, parts[i].size() - 2)] = std::string(decoded[i]);
  params = std::move(found);
  return true;
}

// The request path's segments, percent-decoded, as views: into the path itself for a
// segment without '%' (the common case: nothing allocated), else into `decoded_`.
class Segments {
 public:
  explicit Segments(std::string_view rest) {
    if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    const std::size_t count = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '/')) + 1;
    if (count > inline_.size()) heap_.resize(count);
    if (rest.find('%') != std::string_view::npos) decoded_.reserve(count);  // views into it stay valid
    std::string_view* out = count > inline_.size() ? heap_.data() : inline_.data();
    for (std::size_t i = 0; i < count; ++i) {
      const auto slash = rest.find('/');
      const std::string_view segment = rest.substr(0, slash);
      if (segment.find('%') == std::string_view::npos) {
        out[i] = segment;
      } else {
        decoded_.push_back(percent_decode(segment));
        out[i] = decoded_.back();
      }
      rest.remove_prefix(slash == std::string_view::npos ? rest.size() : slash + 1);
    }
    view_ = std::span<const std::string_view>(out, count);
  }
  Segments(const Segments&) = delete;
  Segments& operator=(const Segments&) = delete;
  std::span<const std::string_view> view() const { return view_; }

 private:
  std::array<std::string_view, 16> inline_{};
  std::vector<std::string_view> heap_;
  std::vector<std::string> decoded_;
  std::span<const std::string_view> view_;
};

// `text` as a JSON string, exactly as to_json_text writes it, when `text` is ASCII; false
// otherwise (the caller then lets the JSON library handle UTF-8 and its replacement rules).
bool append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return false;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
  return true;
}

// ApiError::to_json() as text without building the JSON tree: the error answers (404,
// 401, 403, 400) are as hot as the successes under a client's retry loop. Falls back to the
// tree for details or non-ASCII text.
std::string error_text(const ApiError& error) {
  if (error.details.empty()) {
    std::string out;
    out.reserve(96 + error.message.size());
    out.append("{\"class\":");
    bool ascii = append_json_string(out, error.error_class);
    if (ascii && !error.error_code.empty()) {
      out.append(",\"errorCode\":");
      ascii = append_json_string(out, error.error_code);
    }
    if (ascii) {
      out.append(",\"httpCode\":");
      ascii = append_json_string(out, error.http_code());
    }
    if (ascii) {
      out.append(",\"message\":");
      ascii = append_json_string(out, error.message);
    }
    if (ascii) {
      out.push_back('}');
      return out;
    }
  }
  return to_json_text(error.to_json());
}

}  // namespace

Response error_response(const ApiError& error) {
  Response r;
  r.status = error.status;
  r.body = error_text(error);
  return r;
}

Response error_response(const ApiError& error, ErrorFormat format) {
  if (format == ErrorFormat::superset) return error_response(error);
  Response r;
  r.status = error.status;
  r.body = error_body(error, format);
  return r;
}

Pipeline::Pipeline(State& state, const ServerConfig& config, std::vector<Route> routes)
    : state_(state), config_(config), routes_(std::move(routes)) {
  route_parts_.reserve(routes_.size());
  for (const auto& route : routes_) {
    std::vector<std::string> parts;
    for (auto part : split_path(route.pattern)) parts.emplace_back(part);
    route_parts_.push_back(std::move(parts));
  }
}

void Pipeline::add_observer(Observer observer) { observers_.push_back(std::move(observer)); }

Pipeline::Admitted Pipeline::admit(const Request& request) {
  Admitted admitted;
  // The control plane is never faulted.
  if (locate(request.path()).branch != Branch::admin) admitted.fault = state_.faults.take(request);
  return admitted;
}

std::chrono::milliseconds Pipeline::Admitted::delay() const {
  return std::chrono::milliseconds(fault ? std::max<std::int64_t>(fault->delay_ms, 0) : 0);
}

// A fault from the control plane (faults.hpp), applied before route matching. Returns
// the response when the fault answers instead of the API.
std::optional<Response> Pipeline::inject_fault(const Fault& f, AuthVerdict& verdict, std::string& fault,
                                               const EraProfile& era) {
  fault = to_string(f.kind);
  verdict.reason = "fault " + f.id + " injected (" + fault + ")";
  switch (f.kind) {
    case FaultKind::latency:
      return std::nullopt;
    case FaultKind::drop: {
      Response r;
      r.status = 0;
      r.drop_connection = true;
      return r;
    }
    case FaultKind::rate_limit: {
      Response r = error_response(f.error, era.error_format);
      r.set_header("Retry-After", std::to_string(f.retry_after));
      return r;
    }
    case FaultKind::error:
      return error_response(f.error, era.error_format);
  }
  return std::nullopt;
}

Response Pipeline::render(Reply reply, const EraProfile& era) const {
  Response r;
  r.headers = std::move(reply.headers);
  if (reply.is_void) {
    r.status = era.void_as_200_null ? 200 : 204;
    r.body = era.void_as_200_null ? "null" : "";
  } else if (reply.raw) {
    r.status = reply.status;
    r.body = std::move(*reply.raw);
  } else {
    r.status = reply.status;
    r.body = to_json_text(reply.body);
  }
  r.set_header("Content-Type", reply.content_type.empty() ? kJsonContentType : reply.content_type);
  return r;
}

Response Pipeline::dispatch(const Request& request, AuthVerdict& verdict, std::string& route_pattern,
                            const EraProfile& era) {
  const Located loc = locate(request.path());
  const std::string_view rest = strip_trailing_slash(loc.rest);
  const Segments segments(rest);

  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& candidate = routes_[i];
    if (candidate.branch != loc.branch || candidate.method != request.method) continue;
    if (!match_pattern(route_parts_[i], segments.view(), params)) continue;
    route = &candidate;
    break;
  }
  // Answered here rather than thrown: a 404 is common (probes, typos) and unwinding costs
  // more than the rest of the request.
  if (!route) return error_response(errors::invalid_url(), era.error_format);
  route_pattern = std::string(branch_prefix(route->branch)) + route->pattern;

  if (route->auth == Auth::admin) {
    if (auto denied =
            check_admin_access(request.peer_address, request.header("Authorization").value_or(""), config_.admin_token))
      throw ApiException(*denied);
  } else if (route->auth != Auth::none) {
    // An authentication header sent twice is ambiguous (docs/limits.md).
    if (auto duplicated = duplicated_auth_header(request)) {
      verdict.reason = duplicated->message;
      verdict.error = *duplicated;
      throw ApiException(*duplicated);
    }
    verdict = authenticate(request);
    if (!verdict.accepted) throw ApiException(*verdict.error);
    if (verdict.credential_id) state_.credentials.touch(*verdict.credential_id, state_.clock.now());
    if (route->auth == Auth::required) {
      if (auto denied = check_access(verdict, request.method, rest)) {
        verdict.accepted = false;
        verdict.reason = "access rules do not grant " + request.method + " " + std::string(rest);
        verdict.error = *denied;
        throw ApiException(*denied);
      }
    }
  }

  Context ctx(request, state_, config_, verdict, loc.branch, std::string(rest), std::move(params),
              QueryParams(request.query()));
  return render(route->handler(ctx), era);
}

// The era of this request's answer; the control plane answers alike whatever the era
// (docs/control-plane.md).
EraProfile Pipeline::era_of(const Request& request) const {
  EraProfile era = answer_era(state_, config_);
  if (locate(request.path()).branch == Branch::admin) {
    era.error_format = ErrorFormat::superset;
    era.void_as_200_null = false;
  }
  return era;
}

Response Pipeline::handle(const Request& request) {
  Admitted admitted = admit(request);
  if (const auto delay = admitted.delay(); delay.count() > 0) std::this_thread::sleep_for(delay);
  return handle(request, std::move(admitted));
}

Response Pipeline::handle(const Request& request, Admitted admitted) {
  Finishing facts;
  facts.started = admitted.started;
  Response response;
  const EraProfile era = era_of(request);
  facts.era = era.era;
  try {
    std::optional<Response> injected;
    if (admitted.fault) injected = inject_fault(*admitted.fault, facts.verdict, facts.fault, era);
    if (injected)
      response = std::move(*injected);
    else
      response = dispatch(request, facts.verdict, facts.route, era);
  } catch (const ApiException& e) {
    response = error_response(e.error(), era.error_format);
  } catch (const std::exception& e) {
    facts.verdict.reason = std::string("internal error: ") + e.what();
    response = error_response(errors::internal_error(), era.error_format);
  }
  finish(request, response, facts);
  return response;
}

void Pipeline::finish(const Request& request, Response& response, const Finishing& facts) const {
  const std::string query_id = make_query_id(state_.clock.now());
  if (!response.header("Content-Type")) response.set_header("Content-Type", kJsonContentType);
  response.set_header("X-Ovh-Queryid", query_id);
  if (!response.header("Cache-Control")) response.set_header("Cache-Control", "no-cache");
  response.set_header("Access-Control-Allow-Origin", "*");
  if (facts.verdict.signature_hint && config_.signature_hint_header)
    response.set_header("X-Ovhmock-Signature-Hint", facts.verdict.signature_hint->header_line());

  const auto duration =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - facts.started);
  const Exchange exchange{request, response, facts.verdict, facts.route, query_id, duration, facts.fault, facts.era};
  for (const auto& observer : observers_) observer(exchange);
}

Response Pipeline::refuse(const Request& partial, const ApiError& error, std::string reason) const {
  Finishing facts;
  facts.started = std::chrono::steady_clock::now();
  facts.verdict.reason = reason.empty() ? "refused by the listener: " + error.message : std::move(reason);
  // Before an era applies: the superset body, journaled as the current era (docs/api.md).
  Response response = error_response(error);
  finish(partial, response, facts);
  return response;
}

}  // namespace ovhmock
