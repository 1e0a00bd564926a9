#include "ovhmock/api/domain/zone_store.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <mutex>

#include "ovhmock/model/time_format.hpp"

namespace ovhmock {
namespace {

constexpr std::int64_t kFirstRecordId = 5000000000;  // record ids are 10-digit numbers

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

void touch(Zone& z, std::int64_t now) { z.info["lastUpdate"] = format_datetime(now); }

}  // namespace

void ZoneStore::load(std::vector<Zone> zones) {
  std::unique_lock lock(mu_);
  zones_.clear();
  std::int64_t max_id = kFirstRecordId - 1;
  for (auto& z : zones) {
    std::sort(z.records.begin(), z.records.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& r : z.records) max_id = std::max(max_id, r.id);
    zones_[z.name] = std::move(z);
  }
  // Never reuse an id, even one handed out before a reset.
  next_id_ = std::max(next_id_, max_id + 1);
}

Zone* ZoneStore::find_locked(std::string_view name) {
  auto it = zones_.find(name);
  return it == zones_.end() ? nullptr : &it->second;
}

const Zone* ZoneStore::find_locked(std::string_view name) const {
  auto it = zones_.find(name);
  return it == zones_.end() ? nullptr : &it->second;
}

std::vector<std::string> ZoneStore::names() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, z] : zones_) out.push_back(name);
  return out;
}

std::optional<Zone> ZoneStore::zone(std::string_view name) const {
  std::shared_lock lock(mu_);
  const Zone* z = find_locked(name);
  if (!z) return std::nullopt;
  return *z;
}

bool ZoneStore::has(std::string_view name) const {
  std::shared_lock lock(mu_);
  return find_locked(name) != nullptr;
}

std::optional<std::vector<std::int64_t>> ZoneStore::record_ids(std::string_view zone,
                                                               const RecordFilter& filter) const {
  std::shared_lock lock(mu_);
  const Zone* z = find_locked(zone);
  if (!z) return std::nullopt;
  std::vector<std::int64_t> out;
  for (const auto& r : z->records) {
    if (filter.field_type && r.field_type != *filter.field_type) continue;
    if (filter.sub_domain && !iequal(r.sub_domain, *filter.sub_domain)) continue;
    out.push_back(r.id);
  }
  return out;
}

std::optional<ZoneRecord> ZoneStore::record(std::string_view zone, std::int64_t id) const {
  std::shared_lock lock(mu_);
  const Zone* z = find_locked(zone);
  if (!z) return std::nullopt;
  for (const auto& r : z->records)
    if (r.id == id) return r;
  return std::nullopt;
}

std::optional<ZoneRecord> ZoneStore::add_record(std::string_view zone, ZoneRecord record, std::int64_t now) {
  std::unique_lock lock(mu_);
  Zone* z = find_locked(zone);
  if (!z) return std::nullopt;
  record.id = next_id_++;
  z->records.push_back(record);  // ids only grow: the vector stays sorted
  touch(*z, now);
  return record;
}

ZoneOutcome ZoneStore::update_record(std::string_view zone, std::int64_t id, const RecordChange& change,
                                     std::int64_t now) {
  std::unique_lock lock(mu_);
  Zone* z = find_locked(zone);
  if (!z) return ZoneOutcome::no_zone;
  for (auto& r : z->records) {
    if (r.id != id) continue;
    if (change.sub_domain) r.sub_domain = *change.sub_domain;
    if (change.target) r.target = *change.target;
    if (change.ttl) r.ttl = *change.ttl;
    touch(*z, now);
    return ZoneOutcome::done;
  }
  return ZoneOutcome::no_record;
}

ZoneOutcome ZoneStore::remove_record(std::string_view zone, std::int64_t id, std::int64_t now) {
  std::unique_lock lock(mu_);
  Zone* z = find_locked(zone);
  if (!z) return ZoneOutcome::no_zone;
  auto it = std::find_if(z->records.begin(), z->records.end(), [id](const auto& r) { return r.id == id; });
  if (it == z->records.end()) return ZoneOutcome::no_record;
  z->records.erase(it);
  touch(*z, now);
  return ZoneOutcome::done;
}

bool ZoneStore::refresh(std::string_view zone, std::int64_t now) {
  std::unique_lock lock(mu_);
  Zone* z = find_locked(zone);
  if (!z) return false;
  z->soa["serial"] = z->soa.value("serial", std::int64_t{0}) + 1;
  touch(*z, now);
  return true;
}

std::string quote_txt_target(std::string_view target) {
  if (target.size() >= 2 && target.front() == '"' && target.back() == '"') return std::string(target);
  return "\"" + std::string(target) + "\"";
}

std::string zone_to_bind(const Zone& zone) {
  auto absolute = [](std::string name) {
    if (!name.empty() && name.back() != '.') name += '.';
    return name;
  };
  std::string email = zone.soa.value("email", "");
  std::replace(email.begin(), email.end(), '@', '.');
  char line[512];
  std::string out = "$TTL " + std::to_string(zone.soa.value("ttl", std::int64_t{3600})) + "\n";
  std::snprintf(line, sizeof line, "@\tIN SOA %s %s (%lld %lld %lld %lld %lld)\n",
                absolute(zone.soa.value("server", "")).c_str(), absolute(email).c_str(),
                static_cast<long long>(zone.soa.value("serial", std::int64_t{0})),
                static_cast<long long>(zone.soa.value("refresh", std::int64_t{0})),
                static_cast<long long>(zone.soa.value("ttl", std::int64_t{0})),
                static_cast<long long>(zone.soa.value("expire", std::int64_t{0})),
                static_cast<long long>(zone.soa.value("nxDomainTtl", std::int64_t{0})));
  out += line;
  // Apex first, then by name; NS records first within a name; then by id.
  std::vector<ZoneRecord> records = zone.records;
  std::stable_sort(records.begin(), records.end(), [](const ZoneRecord& a, const ZoneRecord& b) {
    if (a.sub_domain != b.sub_domain) return a.sub_domain < b.sub_domain;
    const bool a_ns = a.field_type == "NS", b_ns = b.field_type == "NS";
    if (a_ns != b_ns) return a_ns;
    return a.id < b.id;
  });
  for (const auto& r : records) {
    std::string name = r.sub_domain;
    name.resize(std::max<std::size_t>(name.size() + (name.size() > 12 ? 1 : 0), 12), ' ');
    const std::string ttl = r.ttl > 0 ? std::to_string(r.ttl) : "";
    std::snprintf(line, sizeof line, "%s%4s IN %-6s ", name.c_str(), ttl.c_str(), r.field_type.c_str());
    out += line + r.target + "\n";
  }
  return out;
}

}  // namespace ovhmock
