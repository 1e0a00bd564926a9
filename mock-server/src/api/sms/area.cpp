// The SMS area as the server's area list takes it (include/ovhmock/api/area.hpp).
#include "api/sms/sms.hpp"
#include "api/sms/store.hpp"

namespace ovhmock {

namespace {
std::unique_ptr<AreaStore> make_sms_store() { return std::make_unique<sms::Store>(); }
}  // namespace

Area sms_area() { return {"sms", sms::routes, sms::read_fixtures, make_sms_store, sms::admin_routes}; }

}  // namespace ovhmock
