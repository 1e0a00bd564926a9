#pragma once
// How the SMS area's objects are written on the wire (sms.Job, sms.Outgoing, the sink's entries).
#include <nlohmann/json.hpp>

#include "api/sms/store.hpp"

namespace ovhmock::sms {

nlohmann::json account_json(const Account& a);                 // sms.AccountWithIAM
nlohmann::json job_json(const Message& m);                     // sms.Job
nlohmann::json outgoing_json(const Message& m);                // sms.Outgoing
nlohmann::json sink_json(const Message& m, std::int64_t now);  // /__admin/sms/messages
std::int64_t delivery_receipt(const Message& m);               // 0 pending, 1 delivered, 2 failed

}  // namespace ovhmock::sms
