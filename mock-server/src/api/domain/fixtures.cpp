// domains/<name>.json and zones/<name>.json: the data behind /domain and /v2/domain/name.
// Every object is checked against the area's models (models.txt); a problem names the
// file, the object and the field. Each part is optional: a data set without it serves no
// domain or no zone.
#include <set>

#include "api/domain/domain_parts.hpp"
#include "ovhmock/dataset/object_reader.hpp"

namespace ovhmock {
namespace {

using fixtures::check_model;

DomainService load_domain(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string name = path.stem().string();
  const auto doc = fixtures::read_json_file(path);
  fixtures::ObjectReader r(doc, file, "domain " + name);
  r.only({"service", "v2"});
  DomainService d{name, r.raw("service"), r.raw("v2")};
  check_model(d.v1, "domain.DomainServiceWithIAM", file, "domain " + name + " service");
  check_model(d.v2, "domain.DomainWithIAM", file, "domain " + name + " v2");
  if (d.v1.at("domain") != name)
    throw FixtureError(file, "domain " + name + " service", "domain", "must be the file's name (" + name + ")");
  if (d.v2.at("id") != name)
    throw FixtureError(file, "domain " + name + " v2", "id", "must be the file's name (" + name + ")");
  return d;
}

Zone load_zone(const std::filesystem::path& path, std::set<std::int64_t>& record_ids) {
  const std::string file = path.string();
  const std::string name = path.stem().string();
  const auto doc = fixtures::read_json_file(path);
  fixtures::ObjectReader r(doc, file, "zone " + name);
  r.only({"zone", "records", "soa", "status", "serviceInfos"});
  Zone z;
  z.name = name;
  z.info = r.raw("zone");
  z.soa = r.raw("soa");
  z.status = r.raw("status");
  z.service_infos = r.raw("serviceInfos");
  check_model(z.info, "domain.ZoneWithIAM", file, "zone " + name);
  check_model(z.soa, "domain.zone.Soa", file, "zone " + name + " soa");
  check_model(z.status, "domain.zone.Status", file, "zone " + name + " status");
  check_model(z.service_infos, "services.Service", file, "zone " + name + " serviceInfos");
  if (z.info.at("name") != name)
    throw FixtureError(file, "zone " + name, "name", "must be the file's name (" + name + ")");
  const auto& records = r.raw("records");
  if (!records.is_array()) r.fail("records", "must be an array of domain.zone.Record objects");
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& item = records[i];
    std::string object = "record #" + std::to_string(i);
    if (item.is_object() && item.contains("id")) object = "record " + item["id"].dump();
    check_model(item, "domain.zone.Record", file, object);
    ZoneRecord rec;
    rec.id = item.at("id").get<std::int64_t>();
    rec.field_type = item.at("fieldType").get<std::string>();
    rec.sub_domain = item.at("subDomain").is_null() ? "" : item.at("subDomain").get<std::string>();
    rec.target = item.at("target").get<std::string>();
    rec.ttl = item.at("ttl").is_null() ? 0 : item.at("ttl").get<std::int64_t>();
    if (item.at("zone") != name) throw FixtureError(file, object, "zone", "must be the zone's name (" + name + ")");
    if (rec.id < 1000000000 || rec.id > 9999999999)
      throw FixtureError(file, object, "id", "must be a 10-digit number, as the API's record ids are");
    if (!record_ids.insert(rec.id).second)
      throw FixtureError(file, object, "id", "is used by another record (record ids are unique across zones)");
    if (rec.ttl < 0) throw FixtureError(file, object, "ttl", "must not be negative");
    z.records.push_back(std::move(rec));
  }
  return z;
}

}  // namespace

std::unique_ptr<AreaData> read_domain_fixtures(const std::filesystem::path& dir) {
  auto data = std::make_unique<DomainData>();
  for (const auto& path : fixtures::json_files(dir / "domains")) data->domains.push_back(load_domain(path));
  std::set<std::int64_t> record_ids;
  for (const auto& path : fixtures::json_files(dir / "zones")) data->zones.push_back(load_zone(path, record_ids));
  return data;
}

}  // namespace ovhmock
