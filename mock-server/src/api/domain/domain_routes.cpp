// /domain (domain name services) and /domain/zone (DNS zones and their records).
#include "api/domain/domain_routes.hpp"

#include <arpa/inet.h>

#include "api/domain/record_checks.hpp"
#include "ovhmock/api/domain/domain_area.hpp"
#include "ovhmock/api/request_checks.hpp"
#include "ovhmock/model/json_util.hpp"
#include "ovhmock/state/state.hpp"

namespace ovhmock::routes {
namespace {

// domain.zone.Record; TXT targets read quoted in the eras that quote them (model/api_era.hpp).
nlohmann::json record_json(const Context& ctx, const std::string& zone, const ZoneRecord& r) {
  const bool quote = r.field_type == "TXT" && answer_era(ctx.state, ctx.config).quote_txt;
  return {{"fieldType", r.field_type},
          {"id", r.id},
          {"subDomain", r.sub_domain},
          {"target", quote ? quote_txt_target(r.target) : r.target},
          {"ttl", r.ttl},
          {"zone", zone}};
}

Zone existing_zone(const Context& ctx) {
  auto zone = ctx.state.store<DomainAreaStore>().zones.zone(ctx.param("zoneName"));
  if (!zone) throw ApiException(errors::service_not_found());
  return *zone;
}

void require_zone(const Context& ctx) {
  if (!ctx.state.store<DomainAreaStore>().zones.has(ctx.param("zoneName")))
    throw ApiException(errors::service_not_found());
}

std::int64_t record_id(const Context& ctx) { return long_param("id", ctx.param("id")); }

// A and AAAA targets must be addresses of their family (the API answers {'target': ['Invalid input.']}).
void check_target(const std::string& field_type, const std::string& target) {
  unsigned char buf[16];
  const bool bad = (field_type == "A" && inet_pton(AF_INET, target.c_str(), buf) != 1) ||
                   (field_type == "AAAA" && inet_pton(AF_INET6, target.c_str(), buf) != 1);
  if (bad) throw ApiException(errors::bad_request("{'target': ['Invalid input.']}"));
}

std::string stored_target(const Context& ctx, const std::string& field_type, const std::string& target) {
  return field_type == "TXT" && answer_era(ctx.state, ctx.config).quote_txt ? quote_txt_target(target) : target;
}

void throw_outcome(ZoneOutcome outcome, std::int64_t id) {
  if (outcome == ZoneOutcome::no_zone) throw ApiException(errors::service_not_found());
  if (outcome == ZoneOutcome::no_record) throw ApiException(errors::object_not_found(std::to_string(id)));
}

}  // namespace

Reply domain_list(Context& ctx) {
  const auto owner = ctx.query.get("whoisOwner");
  nlohmann::json names = nlohmann::json::array();
  for (const auto& d : ctx.state.store<DomainAreaStore>().domains.all())
    if (!owner || d.v1.value("whoisOwner", "") == *owner) names.push_back(d.name);
  return Reply::json(names);
}

Reply domain_get(Context& ctx) {
  auto d = ctx.state.store<DomainAreaStore>().domains.get(ctx.param("serviceName"));
  if (!d) throw ApiException(errors::service_not_found());
  return Reply::json(d->v1);
}

Reply zone_list(Context& ctx) { return Reply::json(ctx.state.store<DomainAreaStore>().zones.names()); }

Reply zone_get(Context& ctx) { return Reply::json(existing_zone(ctx).info); }

Reply zone_records(Context& ctx) {
  RecordFilter filter;
  filter.field_type = ctx.query.get("fieldType");
  if (filter.field_type) {
    check_enum_param("fieldType", *filter.field_type, "domain.zone.RecordTypeEnum");
    check_record_type_in_era(*filter.field_type, answer_era(ctx.state, ctx.config));
  }
  filter.sub_domain = ctx.query.get("subDomain");
  auto ids = ctx.state.store<DomainAreaStore>().zones.record_ids(ctx.param("zoneName"), filter);
  if (!ids) throw ApiException(errors::service_not_found());
  return Reply::json(*ids);
}

Reply zone_record_create(Context& ctx) {
  const std::string zone = ctx.param("zoneName");
  require_zone(ctx);
  const auto& body = ctx.json_body();
  check_request_body(body, {"domain.zone.RecordCreate", "domain.zone.Record", "creation handler", true});
  check_record_values(body);
  ZoneRecord r;
  r.field_type = body.at("fieldType").get<std::string>();
  r.target = body.at("target").get<std::string>();
  if (body.contains("subDomain") && !body["subDomain"].is_null()) r.sub_domain = body["subDomain"].get<std::string>();
  if (body.contains("ttl")) r.ttl = body["ttl"].get<std::int64_t>();
  check_target(r.field_type, r.target);
  check_record_type_in_era(r.field_type, answer_era(ctx.state, ctx.config));
  r.target = stored_target(ctx, r.field_type, r.target);
  auto created = ctx.state.store<DomainAreaStore>().zones.add_record(zone, r, ctx.state.clock.now());
  if (!created) throw ApiException(errors::service_not_found());  // removed meanwhile
  return Reply::json(record_json(ctx, zone, *created));
}

Reply zone_record_get(Context& ctx) {
  const auto id = record_id(ctx);
  require_zone(ctx);
  auto r = ctx.state.store<DomainAreaStore>().zones.record(ctx.param("zoneName"), id);
  if (!r) throw ApiException(errors::object_not_found(std::to_string(id)));
  return Reply::json(record_json(ctx, ctx.param("zoneName"), *r));
}

Reply zone_record_update(Context& ctx) {
  const auto id = record_id(ctx);
  const std::string zone = ctx.param("zoneName");
  require_zone(ctx);
  auto existing = ctx.state.store<DomainAreaStore>().zones.record(zone, id);
  if (!existing) throw ApiException(errors::object_not_found(std::to_string(id)));
  const auto& body = ctx.json_body();
  check_request_body(body, {"domain.zone.RecordUpdate", "domain.zone.Record", "update handler", false});
  check_record_values(body);
  RecordChange change;
  if (body.contains("subDomain"))
    change.sub_domain = body["subDomain"].is_null() ? "" : body["subDomain"].get<std::string>();
  if (body.contains("ttl")) change.ttl = body["ttl"].is_null() ? 0 : body["ttl"].get<std::int64_t>();
  if (body.contains("target")) {
    const auto target = body["target"].get<std::string>();
    check_target(existing->field_type, target);
    change.target = stored_target(ctx, existing->field_type, target);
  }
  throw_outcome(ctx.state.store<DomainAreaStore>().zones.update_record(zone, id, change, ctx.state.clock.now()), id);
  return Reply::none();
}

Reply zone_record_delete(Context& ctx) {
  const auto id = record_id(ctx);
  throw_outcome(
      ctx.state.store<DomainAreaStore>().zones.remove_record(ctx.param("zoneName"), id, ctx.state.clock.now()), id);
  return Reply::none();
}

Reply zone_refresh(Context& ctx) {
  require_zone(ctx);
  // No body is described: an empty body, {} or null is accepted, any field is not described.
  if (!ctx.request.body.empty()) {
    const auto& body = ctx.json_body();
    if (body.is_object() && !body.empty()) {
      std::vector<std::string> names;
      for (const auto& [key, value] : body.items()) names.push_back(key);
      throw ApiException(errors::not_described_parameters(names, "refresh handler"));
    }
    if (!body.is_object() && !body.is_null()) throw ApiException(errors::body_not_object());
  }
  if (!ctx.state.store<DomainAreaStore>().zones.refresh(ctx.param("zoneName"), ctx.state.clock.now()))
    throw ApiException(errors::service_not_found());
  return Reply::none();
}

Reply zone_export(Context& ctx) { return Reply::json(zone_to_bind(existing_zone(ctx))); }

Reply zone_status(Context& ctx) { return Reply::json(existing_zone(ctx).status); }

Reply zone_soa(Context& ctx) { return Reply::json(existing_zone(ctx).soa); }

Reply zone_service_infos(Context& ctx) { return Reply::json(existing_zone(ctx).service_infos); }

}  // namespace ovhmock::routes
