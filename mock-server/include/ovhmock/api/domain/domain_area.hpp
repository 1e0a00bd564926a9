#pragma once
// The /domain area, /v2/domain/name included: domain services and DNS zones.
// Data: domains/<name>.json and zones/<name>.json (each optional).
#include <vector>

#include "ovhmock/api/area.hpp"
#include "ovhmock/api/domain/domain_store.hpp"
#include "ovhmock/api/domain/zone_store.hpp"

namespace ovhmock {

struct DomainData final : AreaData {
  std::vector<DomainService> domains;
  std::vector<Zone> zones;
};

class DomainAreaStore final : public AreaStore {
 public:
  void load(const AreaData* data) override;
  void add_counts(nlohmann::json& counts) const override;
  DomainStore domains;  // /domain, /v2/domain/name
  ZoneStore zones;      // /domain/zone
};

}  // namespace ovhmock
