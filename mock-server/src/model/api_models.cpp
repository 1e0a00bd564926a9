// The models the server reads and writes, written down compactly (one line per field):
//   model <id>
//     <field> <type> [null] [ro] [req]      null: canBeNull, ro: readOnly, req: required
//   enum <id> <value> <value> ...           (continued on lines indented by four spaces)
// Type names are OVH's ("long", "datetime", "ipBlock", "string[]", model and enum ids), so
// the schema test can compare these definitions with OVH's published schema files.
// Covered: /me (nichandle), /me/api (auth), /domain and /domain/zone (v1), /v2/domain/name.
#include "ovhmock/model/api_models.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <sstream>

#include "api/sms/sms.hpp"
#include "ovhmock/auth/decision.hpp"
#include "ovhmock/model/time_format.hpp"

namespace ovhmock {
namespace {

constexpr const char* kDefinitions = R"(
model nichandle.Nichandle
  address string null
  area string null
  birthCity string null
  birthDay string null
  city string null
  companyNationalIdentificationNumber string null
  complementaryAddress string null
  corporationType string null
  country nichandle.CountryEnum
  currency nichandle.Currency ro
  customerCode string null ro
  email string ro
  fax string null
  firstname string null
  italianSDI string null
  kycValidated boolean null ro
  language nichandle.LanguageEnum null
  legalform nichandle.LegalFormEnum
  name string null
  nationalIdentificationNumber string null
  nichandle string ro
  organisation string null
  ovhCompany nichandle.OvhCompanyEnum ro
  ovhSubsidiary nichandle.OvhSubsidiaryEnum ro
  phone string null
  phoneCountry nichandle.CountryEnum null
  phoneType nichandle.PhoneTypeEnum null
  purposeOfPurchase string null
  sex nichandle.GenderEnum null
  spareEmail string null
  state nichandle.StateEnum ro
  vat string null
  zip string null
enum nichandle.CountryEnum AC AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM
    BN BO BQ BR BS BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DG DJ DK DM DO DZ
    EA EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HN
    HR HT HU IC ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR
    LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL
    NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ
    SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM UNKNOWN US
    UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
model nichandle.Currency
  code string
  symbol string
enum nichandle.LanguageEnum cs_CZ de_DE en_AU en_CA en_GB en_IE en_US es_ES fi_FI fr_CA fr_FR fr_MA fr_SN
    fr_TN it_IT lt_LT nl_NL pl_PL pt_PT
enum nichandle.LegalFormEnum administration association corporation individual other personalcorporation
enum nichandle.OvhCompanyEnum kimsufi ovh soyoustart
enum nichandle.OvhSubsidiaryEnum CZ DE ES EU FI FR GB IE IT LT MA NL PL PT SN TN
enum nichandle.PhoneTypeEnum landline mobile
enum nichandle.GenderEnum female male
enum nichandle.StateEnum complete incomplete
model auth.ApiApplication
  applicationId long ro
  applicationKey string ro
  description string ro
  name string ro
  status auth.ApplicationStatusEnum ro
enum auth.ApplicationStatusEnum active blocked inactive trusted
model auth.ApiCredential
  allowedIPs ipBlock[] null
  applicationId long ro
  creation datetime ro
  credentialId long ro
  expiration datetime null ro
  lastUse datetime null ro
  ovhSupport boolean ro
  rules auth.AccessRule[] ro
  status auth.CredentialStateEnum ro
model auth.AccessRule
  method auth.HTTPMethodEnum ro
  path string ro
enum auth.HTTPMethodEnum DELETE GET PATCH POST PUT
enum auth.CredentialStateEnum expired pendingValidation refused validated
model domain.DomainServiceWithIAM
  contactAdmin domain.ContactSummary ro
  contactBilling domain.ContactSummary ro
  contactOwner domain.ContactSummary ro
  contactTech domain.ContactSummary ro
  dnssecState domain.DnssecStateEnum ro
  dnssecSupported boolean ro
  domain string ro
  expirationDate datetime ro
  glueRecordIpv6Supported boolean ro
  glueRecordMultiIpSupported boolean ro
  hostSupported boolean ro
  iam iam.ResourceMetadata null ro
  lastUpdate datetime ro
  nameServerType domain.nameServer.NameServerTypeEnum
  nameServers domain.nameServer.NameServer[] ro
  offer domain.OfferEnum ro
  owoSupported boolean ro
  parentService domain.ParentService null ro
  renewalDate datetime ro
  renewalState domain.RenewalStateEnum ro
  serviceId long ro
  state domain.DomainStateEnum ro
  suspensionState domain.SuspensionStateEnum ro
  transferLockStatus domain.LockStatusEnum
  whoisOwner string ro
model domain.ContactSummary
  id string ro
enum domain.DnssecStateEnum disabled enabled not_supported
model iam.ResourceMetadata
  displayName string null ro
  id uuid ro
  state iam.ResourceMetadata.StateEnum null ro
  tags map[string]string null ro
  urn string ro
enum iam.ResourceMetadata.StateEnum EXPIRED IN_CREATION OK SUSPENDED
enum domain.nameServer.NameServerTypeEnum anycast dedicated empty external hold hosted hosting mixed parking
model domain.nameServer.NameServer
  id long ro
  ipv4 ipv4 null ro
  ipv6 ipv6 null ro
  nameServer string ro
  nameServerType domain.nameServer.NameServerTypeEnum ro
enum domain.OfferEnum diamond gold platinum
model domain.ParentService
  name string ro
  type domain.ParentServiceTypeEnum ro
enum domain.ParentServiceTypeEnum /allDom
enum domain.RenewalStateEnum automatic_renew cancellation_complete cancellation_requested manual_renew unpaid
enum domain.DomainStateEnum autorenew_in_progress autorenew_registry_in_progress deleted dispute expired ok
    outgoing_transfer pending_create pending_delete pending_incoming_transfer pending_installation
    registry_suspended restorable technical_suspended
enum domain.SuspensionStateEnum not_suspended suspended
enum domain.LockStatusEnum locked locking unavailable unlocked unlocking
model domain.ZoneWithIAM
  dnssecActivated boolean ro
  dnssecSupported boolean ro
  hasDnsAnycast boolean ro
  iam iam.ResourceMetadata null ro
  lastUpdate datetime null ro
  name string ro
  nameServers string[] ro
model domain.zone.Record
  fieldType domain.zone.RecordTypeEnum ro
  id long ro
  subDomain string null ro
  target string ro
  ttl long null ro
  zone string ro
enum domain.zone.RecordTypeEnum A AAAA CAA CNAME DKIM DMARC DNAME HTTPS LOC MX NAPTR NS PTR RP SPF SRV SSHFP
    SVCB TLSA TXT
model domain.zone.RecordCreate
  fieldType domain.zone.RecordTypeEnum req
  id long ro
  subDomain string null
  target string req
  ttl long
  zone string ro
model domain.zone.RecordUpdate
  subDomain string null
  target string
  ttl long null
model domain.zone.Soa
  email string
  expire long
  nxDomainTtl long
  refresh long
  serial long
  server string
  ttl long
model domain.zone.Status
  errors string[] null ro
  isDeployed boolean ro
  warnings string[] null ro
model services.Service
  canDeleteAtExpiration boolean ro
  contactAdmin string ro
  contactBilling string ro
  contactTech string ro
  creation date ro
  domain string ro
  engagedUpTo date null ro
  expiration date ro
  possibleRenewPeriod long[] null ro
  renew service.RenewType null
  renewalType service.RenewalTypeEnum ro
  serviceId long ro
  status service.StateEnum ro
model service.RenewType
  automatic boolean
  deleteAtExpiration boolean
  forced boolean
  manualPayment boolean null
  period long null
enum service.RenewalTypeEnum automaticForcedProduct automaticV2012 automaticV2014 automaticV2016 manual
    oneShot option
enum service.StateEnum autorenewInProgress expired inCreation ok pendingDebt unPaid
model domain.DomainWithIAM
  checksum string
  currentState domain.DomainCurrentState ro
  currentTasks common.CurrentTask[] null ro
  iam iam.ResourceMetadata null ro
  id string ro
  resourceStatus common.ResourceStatusEnum ro
  targetSpec domain.DomainTargetSpec req
model domain.DomainCurrentState
  additionalStates domain.resource.currentState.AdditionalStatesEnum[] ro
  authInfoManagedByOVHcloud boolean null ro
  authInfoSupported boolean ro
  contactsConfiguration domain.resource.currentState.ContactsConfiguration ro
  createdAt datetime ro
  dnsConfiguration domain.resource.currentState.DnsConfiguration ro
  dnssecConfiguration domain.resource.currentState.DnssecConfiguration ro
  extension string ro
  hostsConfiguration domain.resource.currentState.HostsConfiguration ro
  mainState domain.resource.currentState.MainStateEnum ro
  name string ro
  protectionState domain.resource.ProtectionStateEnum ro
  suspensionState domain.resource.currentState.SuspensionStateEnum ro
enum domain.resource.currentState.AdditionalStatesEnum DGCCRF_ABUSE DISPUTE FORCED_DELETION OVH_ABUSE
    REGISTRY_ABUSE TECHNICAL_SUSPENDED
model domain.resource.currentState.ContactsConfiguration
  contactAdministrator domain.resource.currentState.contactsConfiguration.ContactConfiguration ro
  contactBilling domain.resource.currentState.contactsConfiguration.ContactConfiguration ro
  contactOwner domain.resource.currentState.contactsConfiguration.ContactConfiguration ro
  contactTechnical domain.resource.currentState.contactsConfiguration.ContactConfiguration ro
model domain.resource.currentState.contactsConfiguration.ContactConfiguration
  disclosurePolicy domain.resource.currentState.contactsConfiguration.contactConfiguration.DisclosurePolicy ro
  id string ro
model domain.resource.currentState.contactsConfiguration.contactConfiguration.DisclosurePolicy
  disclosedFields domain.resource.DisclosedFieldsEnum[] null ro
  disclosureConfiguration domain.resource.DisclosureConfigurationEnum null ro
  forcedDisclosureConfiguration boolean null ro
  visibleViaRdds boolean ro
enum domain.resource.DisclosedFieldsEnum ADDRESS CITY COUNTRY EMAIL FAX NAME ORGANIZATION PHONE PROVINCE ZIP
enum domain.resource.DisclosureConfigurationEnum DISCLOSED REDACTED
model domain.resource.currentState.DnsConfiguration
  configurationType domain.resource.currentState.dnsConfiguration.NameServerTypeEnum ro
  dnssecSupported boolean ro
  glueRecordIPv6Supported boolean ro
  hostSupported boolean ro
  maxDNS long ro
  minDNS long ro
  nameServers domain.resource.currentState.dnsConfiguration.NameServer[] ro
enum domain.resource.currentState.dnsConfiguration.NameServerTypeEnum ANYCAST DEDICATED EMPTY EXTERNAL HOLD
    HOSTING MIXED PARKING
model domain.resource.currentState.dnsConfiguration.NameServer
  ipv4 ipv4 null ro
  ipv6 ipv6 null ro
  nameServer string ro
  nameServerType domain.resource.currentState.dnsConfiguration.NameServerTypeEnum ro
model domain.resource.currentState.DnssecConfiguration
  dnssecSupported boolean ro
  dsData domain.resource.currentState.dnssecConfiguration.DsData[] null ro
  supportedAlgorithms domain.resource.currentState.dnssecConfiguration.SupportedAlgorithm[] null ro
model domain.resource.currentState.dnssecConfiguration.DsData
  algorithm long ro
  flags long ro
  keyTag long ro
  publicKey string ro
model domain.resource.currentState.dnssecConfiguration.SupportedAlgorithm
  name domain.resource.currentState.AlgorithmNameEnum ro
  number long ro
enum domain.resource.currentState.AlgorithmNameEnum DSA DSA-NSEC3-SHA1 ECC-GOST ECDSAP256SHA256
    ECDSAP384SHA384 ED25519 ED448 RSASHA1 RSASHA1-NSEC3-SHA1 RSASHA256 RSASHA512
model domain.resource.currentState.HostsConfiguration
  hostSupported boolean ro
  hosts domain.resource.currentState.hostsConfiguration.Host[] null ro
  ipv4Supported boolean null ro
  ipv6Supported boolean null ro
  multipleIPsSupported boolean null ro
model domain.resource.currentState.hostsConfiguration.Host
  host string null ro
  ips ip[] null ro
enum domain.resource.currentState.MainStateEnum DELETED EXPIRED OK PENDING_CREATE PENDING_DELETE
    PENDING_INTERNAL_TRANSFER PENDING_OUTGOING_TRANSFER RESTORABLE TO_DELETE
enum domain.resource.ProtectionStateEnum PROTECTED UNPROTECTED
enum domain.resource.currentState.SuspensionStateEnum NOT_SUSPENDED SUSPENDED
model common.CurrentTask
  errors common.TaskError[] null ro
  id uuid ro
  link string ro
  status common.CurrentTaskStatusEnum null ro
  type string ro
model common.TaskError
  message string ro
enum common.CurrentTaskStatusEnum ERROR PENDING RUNNING SCHEDULED WAITING_USER_INPUT
enum common.ResourceStatusEnum CREATING DELETING ERROR OUT_OF_SYNC READY SUSPENDED UPDATING
model domain.DomainTargetSpec
  contactsConfiguration domain.resource.targetSpec.ContactsConfiguration null
  dnsConfiguration domain.resource.targetSpec.DnsConfiguration null
  dnssecConfiguration domain.resource.targetSpec.DnssecConfiguration null
  hostsConfiguration domain.resource.targetSpec.HostsConfiguration null
  protectionState domain.resource.ProtectionStateEnum null
model domain.resource.targetSpec.ContactsConfiguration
  contactAdministrator domain.resource.targetSpec.contactsConfiguration.ContactConfiguration null
  contactBilling domain.resource.targetSpec.contactsConfiguration.ContactConfiguration null
  contactOwner domain.resource.targetSpec.contactsConfiguration.OwnerConfiguration null
  contactTechnical domain.resource.targetSpec.contactsConfiguration.ContactConfiguration null
model domain.resource.targetSpec.contactsConfiguration.ContactConfiguration
  disclosurePolicy domain.resource.targetSpec.contactsConfiguration.contactConfiguration.DisclosurePolicy
model domain.resource.targetSpec.contactsConfiguration.contactConfiguration.DisclosurePolicy
  disclosureConfiguration domain.resource.DisclosureConfigurationEnum req
model domain.resource.targetSpec.contactsConfiguration.OwnerConfiguration
  disclosurePolicy domain.resource.targetSpec.contactsConfiguration.contactConfiguration.DisclosurePolicy null
  id string null
model domain.resource.targetSpec.DnsConfiguration
  nameServers domain.resource.targetSpec.dnsConfiguration.NameServer[] null
model domain.resource.targetSpec.dnsConfiguration.NameServer
  ipv4 ipv4 null
  ipv6 ipv6 null
  nameServer string req
model domain.resource.targetSpec.DnssecConfiguration
  dsData domain.resource.targetSpec.dnssecConfiguration.DsData[] null
model domain.resource.targetSpec.dnssecConfiguration.DsData
  algorithm long req
  flags long req
  keyTag long req
  publicKey string req
model domain.resource.targetSpec.HostsConfiguration
  hosts domain.resource.targetSpec.hostsConfiguration.Host[] null
model domain.resource.targetSpec.hostsConfiguration.Host
  host string req
  ips ip[] req
)";

struct Catalogue {
  std::vector<ObjectModel> objects;
  std::vector<EnumModel> enums;
};

Catalogue parse_catalogue() {
  Catalogue c;
  std::istringstream in(std::string(kDefinitions) + sms::model_definitions());
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(' ') == std::string::npos) continue;
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (line.rfind("    ", 0) == 0) {  // enum continuation
      c.enums.back().values.push_back(first);
      for (std::string v; words >> v;) c.enums.back().values.push_back(v);
    } else if (line.rfind("  ", 0) == 0) {  // field
      FieldModel f;
      f.name = first;
      words >> f.type;
      for (std::string flag; words >> flag;) {
        if (flag == "null") f.nullable = true;
        if (flag == "ro") f.read_only = true;
        if (flag == "req") f.required = true;
      }
      c.objects.back().fields.push_back(std::move(f));
    } else if (first == "model") {
      c.objects.push_back({});
      words >> c.objects.back().id;
    } else if (first == "enum") {
      c.enums.push_back({});
      words >> c.enums.back().id;
      for (std::string v; words >> v;) c.enums.back().values.push_back(v);
    }
  }
  return c;
}

const Catalogue& catalogue() {
  static const Catalogue c = parse_catalogue();
  return c;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

bool is_address(const std::string& s, int family) {
  unsigned char buf[16];
  return inet_pton(family, s.c_str(), buf) == 1;
}

Violation violation(Violation::Kind kind, const std::string& path, std::string_view type, const nlohmann::json& v) {
  return Violation{kind, path, std::string(type), v};
}

std::string join_path(const std::string& path, const std::string& field) {
  return path.empty() ? field : path + "." + field;
}

}  // namespace

const FieldModel* ObjectModel::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

bool EnumModel::contains(std::string_view value) const {
  for (const auto& v : values)
    if (v == value) return true;
  return false;
}

std::string EnumModel::short_name() const {
  auto dot = id.rfind('.');
  return dot == std::string::npos ? id : id.substr(dot + 1);
}

const std::vector<ObjectModel>& object_models() { return catalogue().objects; }
const std::vector<EnumModel>& enum_models() { return catalogue().enums; }

const ObjectModel* object_model(std::string_view id) {
  for (const auto& m : catalogue().objects)
    if (m.id == id) return &m;
  return nullptr;
}

const EnumModel* enum_model(std::string_view id) {
  for (const auto& m : catalogue().enums)
    if (m.id == id) return &m;
  return nullptr;
}

bool is_primitive_type(std::string_view t) {
  for (const char* p : {"string", "password", "text", "long", "int", "double", "boolean", "datetime", "date", "uuid",
                        "ipv4", "ipv6", "ip", "ipBlock", "map[string]string"})
    if (t == p) return true;
  return false;
}

bool primitive_fits(const nlohmann::json& v, std::string_view t) {
  if (t == "string" || t == "password" || t == "text") return v.is_string();
  if (t == "long" || t == "int") return v.is_number_integer();
  if (t == "double") return v.is_number();
  if (t == "boolean") return v.is_boolean();
  if (t == "map[string]string") {
    if (!v.is_object()) return false;
    for (const auto& [k, item] : v.items())
      if (!item.is_string()) return false;
    return true;
  }
  if (!v.is_string()) return false;
  const auto s = v.get<std::string>();
  if (t == "datetime") return parse_datetime(s).has_value();
  if (t == "date") return is_valid_date(s);
  if (t == "uuid") return is_uuid(s);
  if (t == "ipv4") return is_address(s, AF_INET);
  if (t == "ipv6") return is_address(s, AF_INET6);
  if (t == "ip") return is_address(s, AF_INET) || is_address(s, AF_INET6);
  if (t == "ipBlock") return is_valid_ip_block(s);
  return false;
}

std::string given_data(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Violation> check_value(const nlohmann::json& v, std::string_view type, const std::string& path) {
  using K = Violation::Kind;
  if (type.size() > 2 && type.substr(type.size() - 2) == "[]") {
    if (!v.is_array()) return violation(K::type, path, type, v);
    const auto item_type = type.substr(0, type.size() - 2);
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_null()) return violation(K::null_value, path + "[" + std::to_string(i) + "]", item_type, v[i]);
      if (auto bad = check_value(v[i], item_type, path + "[" + std::to_string(i) + "]")) return bad;
    }
    return std::nullopt;
  }
  if (is_primitive_type(type)) {
    if (!primitive_fits(v, type)) return violation(K::type, path, type, v);
    return std::nullopt;
  }
  if (const auto* e = enum_model(type)) {
    if (!v.is_string()) return violation(K::type, path, "string", v);
    if (!e->contains(v.get<std::string>())) return violation(K::enumeration, path, e->id, v);
    return std::nullopt;
  }
  if (const auto* m = object_model(type)) {
    if (!v.is_object()) return violation(K::type, path, type, v);
    for (const auto& [key, item] : v.items())
      if (!m->field(key)) return violation(K::unknown, join_path(path, key), m->id, item);
    for (const auto& f : m->fields) {
      const auto sub = join_path(path, f.name);
      auto it = v.find(f.name);
      if (it == v.end()) return violation(K::missing, sub, m->id, nullptr);
      if (it->is_null()) {
        if (!f.nullable) return violation(K::null_value, sub, f.type, nullptr);
        continue;
      }
      if (auto bad = check_value(*it, f.type, sub)) return bad;
    }
    return std::nullopt;
  }
  return violation(K::type, path, type, v);  // a type the catalogue does not define
}

std::string Violation::describe() const {
  switch (kind) {
    case Kind::type:
      return "must be of type " + type + " (got " + value.dump() + ")";
    case Kind::enumeration: {
      std::string values;
      if (const auto* e = enum_model(type))
        for (const auto& v : e->values) values += (values.empty() ? "" : ", ") + v;
      return "\"" + given_data(value) + "\" is not one of " + type + ": " + values;
    }
    case Kind::null_value:
      return "must not be null (type " + type + ")";
    case Kind::missing:
      return "is required (" + type + " has this field and the API always writes it)";
    case Kind::unknown:
      return "is not a field of " + type;
  }
  return "is invalid";
}

}  // namespace ovhmock
