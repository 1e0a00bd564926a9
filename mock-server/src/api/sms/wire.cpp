#include "api/sms/wire.hpp"

#include "ovhmock/model/time_format.hpp"

namespace ovhmock::sms {
namespace {

nlohmann::json nullable_time(const std::optional<std::int64_t>& t) {
  return t ? nlohmann::json(format_datetime(*t)) : nlohmann::json(nullptr);
}

}  // namespace

std::int64_t delivery_receipt(const Message& m) {
  if (m.delivery == "delivered") return 1;
  if (m.delivery == "failed") return 2;
  return 0;
}

nlohmann::json account_json(const Account& a) {
  auto j = a.info;
  j["creditsLeft"] = a.credits;
  j["iam"] = nullptr;
  return j;
}

nlohmann::json job_json(const Message& m) {
  return {{"creationDatetime", format_datetime(m.created)},
          {"credits", m.credits},
          {"deliveredAt", nullptr},
          {"deliveryReceipt", 0},
          {"differedDelivery", m.differed_minutes},
          {"id", m.id},
          {"message", m.text},
          {"messageLength", m.segments.length},
          {"numberOfSms", m.segments.parts},
          {"ptt", 0},
          {"receiver", m.receiver},
          {"sender", m.sender},
          {"sentAt", nullptr}};
}

nlohmann::json outgoing_json(const Message& m) {
  return {{"batchID", nullptr},
          {"creationDatetime", format_datetime(m.created)},
          {"credits", m.credits},
          {"deliveredAt", nullable_time(m.delivered_at)},
          {"deliveryReceipt", delivery_receipt(m)},
          {"differedDelivery", m.differed_minutes},
          {"id", m.id},
          {"message", m.text},
          {"messageID", nullptr},
          {"messageLength", m.segments.length},
          {"numberOfSms", m.segments.parts},
          {"ptt", 0},
          {"receiver", m.receiver},
          {"sender", m.sender},
          {"sentAt", format_datetime(m.send_at)},
          {"tag", m.tag},
          {"tariffCode", ""}};
}

nlohmann::json sink_json(const Message& m, std::int64_t now) {
  std::string status = m.delivery;
  if (status == "pending") status = now < m.send_at ? "scheduled" : "sent";
  nlohmann::json j = {{"id", m.id},
                      {"service", m.service},
                      {"sender", m.sender},
                      {"receiver", m.receiver},
                      {"message", m.text},
                      {"segments", m.segments.parts},
                      {"encoding", m.segments.encoding},
                      {"messageLength", m.segments.length},
                      {"credits", m.credits},
                      {"tag", m.tag},
                      {"testId", m.test_id},
                      {"creationDatetime", format_datetime(m.created)},
                      {"sendingDatetime", format_datetime(m.send_at)},
                      {"status", status},
                      {"deliveryReceipt", delivery_receipt(m)},
                      {"deliveredAt", nullable_time(m.delivered_at)},
                      {"deletedFromApi", m.outgoing_deleted}};
  return j;
}

}  // namespace ovhmock::sms
