#pragma once
#include "ovhmock/api/route.hpp"

namespace ovhmock::routes {
// /domain
Reply domain_list(Context& ctx);
Reply domain_get(Context& ctx);
// /domain/zone
Reply zone_list(Context& ctx);
Reply zone_get(Context& ctx);
Reply zone_records(Context& ctx);
Reply zone_record_create(Context& ctx);
Reply zone_record_get(Context& ctx);
Reply zone_record_update(Context& ctx);
Reply zone_record_delete(Context& ctx);
Reply zone_refresh(Context& ctx);
Reply zone_export(Context& ctx);
Reply zone_status(Context& ctx);
Reply zone_soa(Context& ctx);
Reply zone_service_infos(Context& ctx);
}  // namespace ovhmock::routes
