// <data set>/sms/<serviceName>.json: {"account": sms.Account, "senders": [sms.Sender, ...]}.
// The account's creditsLeft is its starting balance. Checked against the models; a problem
// names the file, the object and the field.
#include "api/sms/store.hpp"
#include "ovhmock/dataset/dataset.hpp"
#include "ovhmock/dataset/object_reader.hpp"
#include "ovhmock/model/api_models.hpp"

namespace ovhmock::sms {
namespace {

Account load_account(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string name = path.stem().string();
  const auto doc = fixtures::read_json_file(path);
  fixtures::ObjectReader r(doc, file, "sms account " + name);
  r.only({"account", "senders"});
  Account a;
  a.name = name;
  a.info = r.raw("account");
  fixtures::check_model(a.info, "sms.Account", file, "sms account " + name);
  if (a.info.at("name") != name)
    throw FixtureError(file, "sms account " + name, "name", "must be the file's name (" + name + ")");
  a.credits = a.info.at("creditsLeft").get<double>();
  const auto& senders = r.raw("senders");
  if (!senders.is_array()) r.fail("senders", "must be an array of sms.Sender");
  for (std::size_t i = 0; i < senders.size(); ++i) {
    const std::string object = "sms account " + name + " senders[" + std::to_string(i) + "]";
    fixtures::check_model(senders[i], "sms.Sender", file, object);
    const auto sender = senders[i].at("sender").get<std::string>();
    if (!a.senders.emplace(sender, senders[i]).second)
      throw FixtureError(file, object, "sender", "\"" + sender + "\" is listed twice");
  }
  return a;
}

}  // namespace

std::unique_ptr<AreaData> read_fixtures(const std::filesystem::path& dir) {
  auto data = std::make_unique<Data>();
  for (const auto& f : fixtures::json_files(dir / "sms")) data->accounts.push_back(load_account(f));
  return data;
}

}  // namespace ovhmock::sms
