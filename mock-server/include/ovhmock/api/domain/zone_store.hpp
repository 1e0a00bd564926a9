#pragma once
// DNS zones (/domain/zone): each zone's description, records, SOA, status and service
// information, in memory, thread-safe. Record ids are 10-digit numbers unique across every
// zone, never reused while the server runs. Knows no HTTP.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace ovhmock {

struct ZoneRecord {
  std::int64_t id = 0;
  std::string field_type;  // domain.zone.RecordTypeEnum
  std::string sub_domain;  // "" for the apex
  std::string target;
  std::int64_t ttl = 0;  // 0: the zone's default
};

struct Zone {
  std::string name;
  nlohmann::json info;              // domain.ZoneWithIAM
  std::vector<ZoneRecord> records;  // by ascending id
  nlohmann::json soa;               // domain.zone.Soa
  nlohmann::json status;            // domain.zone.Status
  nlohmann::json service_infos;     // services.Service
};

struct RecordFilter {
  std::optional<std::string> field_type;  // exact
  std::optional<std::string> sub_domain;  // case-insensitive, "" matches the apex only
};

struct RecordChange {
  std::optional<std::string> sub_domain;
  std::optional<std::string> target;
  std::optional<std::int64_t> ttl;
};

enum class ZoneOutcome { done, no_zone, no_record };

class ZoneStore {
 public:
  void load(std::vector<Zone> zones);
  std::vector<std::string> names() const;  // sorted
  std::optional<Zone> zone(std::string_view name) const;
  bool has(std::string_view name) const;

  // nullopt when the zone does not exist.
  std::optional<std::vector<std::int64_t>> record_ids(std::string_view zone, const RecordFilter& filter) const;
  std::optional<ZoneRecord> record(std::string_view zone, std::int64_t id) const;
  // Gives the record a new id; nullopt when the zone does not exist.
  std::optional<ZoneRecord> add_record(std::string_view zone, ZoneRecord record, std::int64_t now);
  ZoneOutcome update_record(std::string_view zone, std::int64_t id, const RecordChange& change, std::int64_t now);
  ZoneOutcome remove_record(std::string_view zone, std::int64_t id, std::int64_t now);
  // Applies the zone: the SOA serial goes up by one and lastUpdate becomes `now`.
  bool refresh(std::string_view zone, std::int64_t now);

 private:
  Zone* find_locked(std::string_view name);
  const Zone* find_locked(std::string_view name) const;
  mutable std::shared_mutex mu_;
  std::map<std::string, Zone, std::less<>> zones_;
  std::int64_t next_id_ = 0;
};

// TXT targets as the current API stores and returns them: wrapped in double quotes
// (left as they are when already quoted).
std::string quote_txt_target(std::string_view target);

// The zone as a BIND zone file (GET /domain/zone/{zoneName}/export).
std::string zone_to_bind(const Zone& zone);

}  // namespace ovhmock
