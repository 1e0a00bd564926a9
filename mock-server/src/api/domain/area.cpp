// The /domain area: /domain, /domain/zone (v1) and /v2/domain/name.
#include "api/domain/domain_parts.hpp"
#include "api/domain/domain_routes.hpp"
#include "api/domain/v2/v2_routes.hpp"

namespace ovhmock {
namespace {

std::vector<Route> domain_routes() {
  using namespace routes;
  using enum Auth;
  const auto v1 = Branch::v1;
  const auto v2 = Branch::v2;
  return {
      // /domain (docs/api.md); /domain/zone before /domain/{serviceName}
      {"GET", v1, "/domain", required, domain_list},
      {"GET", v1, "/domain/zone", required, zone_list},
      {"GET", v1, "/domain/{serviceName}", required, domain_get},
      {"GET", v1, "/domain/zone/{zoneName}", required, zone_get},
      {"GET", v1, "/domain/zone/{zoneName}/record", required, zone_records},
      {"POST", v1, "/domain/zone/{zoneName}/record", required, zone_record_create},
      {"GET", v1, "/domain/zone/{zoneName}/record/{id}", required, zone_record_get},
      {"PUT", v1, "/domain/zone/{zoneName}/record/{id}", required, zone_record_update},
      {"DELETE", v1, "/domain/zone/{zoneName}/record/{id}", required, zone_record_delete},
      {"POST", v1, "/domain/zone/{zoneName}/refresh", required, zone_refresh},
      {"GET", v1, "/domain/zone/{zoneName}/export", required, zone_export},
      {"GET", v1, "/domain/zone/{zoneName}/status", required, zone_status},
      {"GET", v1, "/domain/zone/{zoneName}/soa", required, zone_soa},
      {"GET", v1, "/domain/zone/{zoneName}/serviceInfos", required, zone_service_infos},
      // /v2/domain (docs/api.md)
      {"GET", v2, "/domain/name", required, v2_domain_names},
      {"GET", v2, "/domain/name/{domainName}", required, v2_domain_name},
  };
}

std::unique_ptr<AreaStore> make_domain_store() { return std::make_unique<DomainAreaStore>(); }

}  // namespace

void DomainAreaStore::load(const AreaData* data) {
  const auto* d = dynamic_cast<const DomainData*>(data);
  domains.load(d ? d->domains : std::vector<DomainService>{});
  zones.load(d ? d->zones : std::vector<Zone>{});
}

void DomainAreaStore::add_counts(nlohmann::json& counts) const {
  std::size_t records = 0;
  const auto names = zones.names();
  for (const auto& name : names) records += zones.record_ids(name, {}).value_or(std::vector<std::int64_t>{}).size();
  counts["domains"] = domains.names().size();
  counts["zones"] = names.size();
  counts["records"] = records;
}

Area domain_area() { return {"domain", domain_routes, read_domain_fixtures, make_domain_store}; }

}  // namespace ovhmock
