// The request journal (docs/control-plane.md).
#include "control/handlers.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::control {

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

}  // namespace ovhmock::control
