#pragma once
// The SMS area (/sms, docs/sms.md): accounts, senders, sending jobs and outgoing messages,
// plus the control plane's sink under /__admin/sms. What the rest of the server needs from it.
#include <filesystem>
#include <memory>
#include <vector>

#include "ovhmock/routes.hpp"

namespace ovhmock::sms {

class Store;
struct Data;

std::shared_ptr<Store> make_store();
// Back to the data set's accounts and senders; no message kept. Ids are never reused.
void reset(Store& store, const std::shared_ptr<const Data>& data);
// <dir>/sms/<serviceName>.json, each an account and its senders (fixtures/README.md). No folder: no account.
std::shared_ptr<const Data> load_fixtures(const std::filesystem::path& dir);
// The routes under /1.0/sms, and the sink's routes under /__admin/sms.
std::vector<Route> api_routes();
std::vector<Route> admin_routes();
// The models of the area, in the notation of core/api_models.cpp.
const char* model_definitions();

}  // namespace ovhmock::sms
