#pragma once
// The SMS area (/sms, docs/sms.md): accounts, senders, sending jobs and outgoing messages,
// registered by `AREA(sms)` in src/api/areas.cpp (sms_area(), area.cpp), with its models in
// models.txt and the control plane's SMS sink (/__admin/sms) as the area's control routes.
#include <vector>

#include "ovhmock/api/route.hpp"

namespace ovhmock::sms {

// The sink's routes under /__admin/sms (control.cpp), policy Auth::admin.
std::vector<Route> admin_routes();

}  // namespace ovhmock::sms
