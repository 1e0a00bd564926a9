// The /me area: the account, and the caller's API applications and credentials.
#include "api/me/me_routes.hpp"
#include "ovhmock/api/me/me_area.hpp"
#include "ovhmock/dataset/object_reader.hpp"

namespace ovhmock {
namespace {

std::vector<Route> me_routes() {
  using namespace routes;
  using enum Auth;
  const auto v1 = Branch::v1;
  return {
      // /me (docs/api.md)
      {"GET", v1, "/me", required, me_get},
      {"PUT", v1, "/me", required, me_put},
      {"GET", v1, "/me/api/application", required, me_applications},
      {"GET", v1, "/me/api/application/{applicationId}", required, me_application_get},
      {"DELETE", v1, "/me/api/application/{applicationId}", required, me_application_delete},
      {"GET", v1, "/me/api/credential", required, me_credentials},
      {"GET", v1, "/me/api/credential/{credentialId}", required, me_credential_get},
      {"PUT", v1, "/me/api/credential/{credentialId}", required, me_credential_put},
      {"DELETE", v1, "/me/api/credential/{credentialId}", required, me_credential_delete},
      {"GET", v1, "/me/api/credential/{credentialId}/application", required, me_credential_application},
  };
}

// account.json (optional), checked against nichandle.Nichandle.
std::unique_ptr<AreaData> read_me_fixtures(const std::filesystem::path& dir) {
  auto data = std::make_unique<MeData>();
  const auto account = dir / "account.json";
  if (std::filesystem::exists(account)) {
    auto doc = fixtures::read_json_file(account);
    fixtures::check_model(doc, "nichandle.Nichandle", account.string(), "account");
    data->account = std::move(doc);
  }
  return data;
}

std::unique_ptr<AreaStore> make_me_store() { return std::make_unique<MeStore>(); }

}  // namespace

void MeStore::load(const AreaData* data) {
  const auto* d = dynamic_cast<const MeData*>(data);
  account.load(d ? d->account : std::nullopt);
}

Area me_area() { return {"me", me_routes, read_me_fixtures, make_me_store}; }

}  // namespace ovhmock
