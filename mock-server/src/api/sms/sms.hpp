#pragma once
// The SMS area (/sms, docs/sms.md): accounts, senders, sending jobs and outgoing messages,
// registered by `AREA(sms)` in src/api/areas.cpp (sms_area(), area.cpp). Besides the area
// interface, two parts the restructured server does not take from areas yet: the control
// plane's SMS sink (/__admin/sms, guarded like every control-plane route) and the models.
#include <vector>

#include "ovhmock/api/route.hpp"

namespace ovhmock::sms {

// The sink's routes under /__admin/sms (control.cpp); the control plane adds and guards them.
std::vector<Route> admin_routes();
// The models of the area, in the notation of model/api_models.cpp (models.cpp).
const char* model_definitions();

}  // namespace ovhmock::sms
