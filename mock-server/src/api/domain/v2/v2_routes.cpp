// /v2/domain/name. Lists are arrays of full objects, paginated by cursor: the client sends
// X-Pagination-Size (optional) and X-Pagination-Cursor (from the previous page's
// X-Pagination-Cursor-Next); the last page carries no X-Pagination-Cursor-Next.
// The cursor is opaque to clients: the hex of "after:" + the last name of the page, so a
// page boundary survives additions and removals.
#include "api/domain/v2/v2_routes.hpp"

#include "ovhmock/api/request_checks.hpp"
#include "ovhmock/api/domain/domain_area.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::routes {
namespace {

constexpr std::string_view kCursorPrefix = "after:";

std::string to_hex(std::string_view s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view s) {
  if (s.empty() || s.size() % 2) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = digit(s[i]), lo = digit(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string make_cursor(const std::string& last_name) { return to_hex(std::string(kCursorPrefix) + last_name); }

// The name the page starts after; throws 400 invalid cursor.
std::string read_cursor(std::string_view cursor) {
  auto text = from_hex(cursor);
  if (!text || text->rfind(kCursorPrefix, 0) != 0) throw ApiException(errors::invalid_cursor());
  return text->substr(kCursorPrefix.size());
}

std::int64_t page_size(const Context& ctx) {
  auto header = ctx.request.header("X-Pagination-Size");
  if (!header) return kV2DefaultPageSize;
  const auto size = long_param("X-Pagination-Size", *header);
  if (size < 1)
    throw ApiException(
        errors::bad_request("[X-Pagination-Size] Given data (" + std::string(*header) + ") must be at least 1"));
  return std::min(size, kV2MaxPageSize);
}

}  // namespace

Reply v2_domain_names(Context& ctx) {
  const auto size = page_size(ctx);
  std::optional<std::string> after;
  if (auto cursor = ctx.request.header("X-Pagination-Cursor"); cursor && !cursor->empty()) after = read_cursor(*cursor);
  nlohmann::json page = nlohmann::json::array();
  bool more = false;
  std::string last;
  for (const auto& d : ctx.state.store<DomainAreaStore>().domains.all()) {  // sorted by name
    if (after && d.name <= *after) continue;
    if (static_cast<std::int64_t>(page.size()) == size) {
      more = true;
      break;
    }
    page.push_back(d.v2);
    last = d.name;
  }
  Reply reply = Reply::json(std::move(page));
  if (more) reply.headers.push_back({"X-Pagination-Cursor-Next", make_cursor(last)});
  return reply;
}

Reply v2_domain_name(Context& ctx) {
  auto d = ctx.state.store<DomainAreaStore>().domains.get(ctx.param("domainName"));
  if (!d) throw ApiException(errors::service_not_found());
  return Reply::json(d->v2);
}

}  // namespace ovhmock::routes
