// The SMS area (docs/sms.md): segment counting, credits, sending rules, the API's 400
// messages, jobs and outgoing on the virtual clock, access rules, and the control plane's sink.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/sms/segments.hpp"
#include "ovhmock/pipeline/pipeline.hpp"
#include "ovhmock/server/server.hpp"
#include "support/test_support.hpp"

namespace ovhmock {
namespace {

using nlohmann::json;
using sms::count_segments;

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// ---- segments ----

TEST(SmsSegments, GsmTextTakes160SeptetsInOnePartThen153PerPart) {
  EXPECT_EQ(count_segments(repeat("a", 160)).parts, 1);
  EXPECT_EQ(count_segments(repeat("a", 161)).parts, 2);
  const auto two_hundred = count_segments(repeat("a", 200));
  EXPECT_EQ(two_hundred.encoding, "7bits");
  EXPECT_EQ(two_hundred.length, 200);
  EXPECT_EQ(two_hundred.parts, 2);
  EXPECT_EQ(count_segments(repeat("a", 306)).parts, 2);
  EXPECT_EQ(count_segments(repeat("a", 307)).parts, 3);
  EXPECT_EQ(count_segments("").parts, 1);
}

TEST(SmsSegments, AccentsOfTheGsmAlphabetStaySevenBit) {
  const auto s = count_segments("Réunion à 14h: café, thé & gâteaux? ¿Qué? Ñandú Ø Å Æ ß Ü § £ ¥ ¤ @ _");
  EXPECT_EQ(s.encoding, "unicode");  // â is not in GSM 03.38
  const auto g = count_segments("Réunion à 14h: café! ¿Qué? Ñoño Ø Å Æ ß Ü § £ ¥ ¤ @ _ ΔΦΓΛΩΠΨΣΘΞ");
  EXPECT_EQ(g.encoding, "7bits");
}

TEST(SmsSegments, ExtensionTableCharactersCountTwo) {
  const auto euro = count_segments(repeat("€", 80));
  EXPECT_EQ(euro.encoding, "7bits");
  EXPECT_EQ(euro.length, 160);
  EXPECT_EQ(euro.parts, 1);
  EXPECT_EQ(count_segments(repeat("€", 81)).parts, 2);
  EXPECT_EQ(count_segments(repeat("a", 159) + "^").parts, 2);
  EXPECT_EQ(count_segments("{}[]~|\\^").length, 16);
  // An escape pair is never split: 152 septets then a 2-septet character starts part 2.
  EXPECT_EQ(count_segments(repeat("a", 152) + repeat("{", 77)).parts, 3);  // 152+154 septets, pairs kept whole
}

TEST(SmsSegments, OtherTextIsUcs2CountedInUtf16Units) {
  EXPECT_EQ(count_segments(repeat("ж", 70)).parts, 1);
  EXPECT_EQ(count_segments(repeat("ж", 71)).parts, 2);
  EXPECT_EQ(count_segments(repeat("ж", 134)).parts, 2);
  EXPECT_EQ(count_segments(repeat("ж", 135)).parts, 3);
  // 70 characters with an emoji: 71 UTF-16 units, two parts; the 71-character one too.
  const auto emoji70 = count_segments(repeat("a", 69) + "😀");
  EXPECT_EQ(emoji70.encoding, "unicode");
  EXPECT_EQ(emoji70.length, 71);
  EXPECT_EQ(emoji70.parts, 2);
  EXPECT_EQ(count_segments(repeat("a", 70) + "😀").parts, 2);
  EXPECT_EQ(count_segments(repeat("a", 68) + "😀").parts, 1);
}

// ---- the API ----

const std::string kService = "/1.0/sms/sms-ab12345-1";

class Sms : public ::testing::Test {
 protected:
  void SetUp() override { state.clock.freeze(1767607012); }
  Response call(const std::string& method, const std::string& target, const std::string& body = "",
                const test::Keys& keys = test::default_keys(), const std::string& test_id = "") {
    auto r = test::signed_request(keys, method, target, body, state.clock.now());
    if (!test_id.empty()) r.headers.push_back({"X-Ovhmock-Test-Id", test_id});
    return pipeline.handle(r);
  }
  Response send(const json& body, const std::string& test_id = "") {
    return call("POST", kService + "/jobs", body.dump(), test::default_keys(), test_id);
  }
  Response admin(const std::string& method, const std::string& target, const std::string& body = "") {
    return pipeline.handle(test::make_request(method, "/__admin" + target, body));
  }
  static json ok(const Response& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  static void expect_error(const Response& r, int status, const std::string& message) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(json::parse(r.body).value("message", ""), message) << r.body;
  }
  double credits() { return ok(call("GET", kService)).at("creditsLeft").get<double>(); }
  json sink(const std::string& query = "") { return ok(admin("GET", "/sms/messages" + query)); }

  Server server{test::server_config()};
  State& state = server.state();
  ServerConfig& config = server.config();
  Pipeline& pipeline = server.pipeline();
};

TEST_F(Sms, ListsTheAccountAndAnswers404ForAnUnknownService) {
  EXPECT_EQ(ok(call("GET", "/1.0/sms")), json::array({"sms-ab12345-1"}));
  EXPECT_EQ(credits(), 100);
  expect_error(call("GET", "/1.0/sms/sms-zz99999-1"), 404, "This service does not exist");
  expect_error(call("GET", "/1.0/sms/sms-zz99999-1/jobs"), 404, "This service does not exist");
  expect_error(call("POST", "/1.0/sms/sms-zz99999-1/jobs", R"({"message":"x","receivers":["+33601020304"]})"), 404,
               "This service does not exist");
}

TEST_F(Sms, A200CharacterGsmMessageCostsTwoCreditsPerReceiver) {
  const auto report = ok(send({{"message", repeat("a", 200)},
                               {"receivers", {"+33601020304", "+447700900123"}},
                               {"sender", "EXAMPLE"},
                               {"tag", "welcome"}}));
  EXPECT_EQ(report.at("totalCreditsRemoved"), 4);
  EXPECT_EQ(report.at("validReceivers"), json::array({"+33601020304", "+447700900123"}));
  EXPECT_EQ(report.at("invalidReceivers"), json::array());
  EXPECT_EQ(report.at("tag"), "welcome");
  ASSERT_EQ(report.at("ids").size(), 2u);
  EXPECT_EQ(credits(), 96);
  const auto id = report.at("ids")[0].get<std::int64_t>();
  const auto out = ok(call("GET", kService + "/outgoing/" + std::to_string(id)));
  EXPECT_EQ(out.at("numberOfSms"), 2);
  EXPECT_EQ(out.at("messageLength"), 200);
  EXPECT_EQ(out.at("credits"), 2);
  EXPECT_EQ(out.at("receiver"), "+33601020304");
  EXPECT_EQ(out.at("sender"), "EXAMPLE");
  EXPECT_EQ(out.at("tag"), "welcome");
}

TEST_F(Sms, A71CharacterMessageWithAnEmojiCostsTwo) {
  const auto report =
      ok(send({{"message", repeat("a", 70) + "😀"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}}));
  EXPECT_EQ(report.at("totalCreditsRemoved"), 2);
  EXPECT_EQ(credits(), 98);
  const auto m = sink().at(0);
  EXPECT_EQ(m.at("segments"), 2);
  EXPECT_EQ(m.at("encoding"), "unicode");
  EXPECT_EQ(m.at("messageLength"), 72);
}

TEST_F(Sms, WithoutEnoughCreditsTheSendIsRefusedAndNothingRecorded) {
  ok(admin("POST", "/sms/accounts/sms-ab12345-1/credits", R"({"credits":3})"));
  expect_error(
      send({{"message", repeat("a", 200)}, {"receivers", {"+33601020304", "+33601020305"}}, {"sender", "EXAMPLE"}}),
      400, "Not enough credits: 4 needed, 3 left");
  EXPECT_EQ(credits(), 3);
  EXPECT_EQ(sink(), json::array());
  EXPECT_EQ(ok(call("GET", kService + "/outgoing")), json::array());
  // Exactly enough is enough.
  ok(send({{"message", repeat("a", 200)}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}}));
  EXPECT_EQ(credits(), 1);
}

TEST_F(Sms, BodiesAreCheckedAgainstTheSchema) {
  expect_error(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}, {"foo", 1}}), 400,
               "Received not described parameters: (foo) while calling creation handler");
  expect_error(send({{"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}}), 400,
               "Missing required parameters: (message)");
  expect_error(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"priority", "urgent"}}), 400,
               "[priority] Given data (urgent) does not belong to the PriorityEnum enumeration");
  expect_error(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"class", "loud"}}), 400,
               "[class] Given data (loud) does not belong to the ClassEnum enumeration");
  expect_error(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"differedPeriod", "soon"}}), 400,
               "[differedPeriod] Given data (soon) is not valid for type long");
  expect_error(send({{"message", 42}, {"receivers", {"+33601020304"}}}), 400,
               "[message] Given data (42) is not valid for type string");
  expect_error(call("POST", kService + "/jobs", "{not json"), 400, "Invalid JSON received");
  EXPECT_EQ(sink(), json::array());
  EXPECT_EQ(credits(), 100);
}

TEST_F(Sms, TheSenderMustExistAndBeValidatedUnlessSenderForResponse) {
  expect_error(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "NOBODY"}}), 400,
               "The sender NOBODY does not exist for this account");
  expect_error(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "NEWBRAND"}}), 400,
               "The sender NEWBRAND is not validated (status waitingValidation)");
  expect_error(send({{"message", "x"}, {"receivers", {"+33601020304"}}}), 400,
               "A sender is required when senderForResponse is not true");
  ok(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"senderForResponse", true}}));
  EXPECT_EQ(sink().size(), 1u);
}

TEST_F(Sms, ReceiversMustBeInternationalNumbers) {
  const auto report = ok(send({{"message", "x"},
                               {"receivers", {"0601020304", "+33601020304", "0033601020305", "+33 6 01", "+0601"}},
                               {"sender", "EXAMPLE"}}));
  EXPECT_EQ(report.at("validReceivers"), json::array({"+33601020304", "0033601020305"}));
  EXPECT_EQ(report.at("invalidReceivers"), json::array({"0601020304", "+33 6 01", "+0601"}));
  EXPECT_EQ(report.at("totalCreditsRemoved"), 2);
}

TEST_F(Sms, DifferedMessagesAreJobsUntilTheirTimeThenOutgoing) {
  const auto id =
      ok(send({{"message", "later"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}, {"differedPeriod", 10}}))
          .at("ids")[0]
          .get<std::int64_t>();
  const auto path = "/" + std::to_string(id);
  EXPECT_EQ(ok(call("GET", kService + "/jobs")), json::array({id}));
  EXPECT_EQ(ok(call("GET", kService + "/jobs" + path)).at("differedDelivery"), 10);
  EXPECT_EQ(ok(call("GET", kService + "/outgoing")), json::array());
  EXPECT_EQ(sink().at(0).at("status"), "scheduled");
  state.clock.step(600);
  EXPECT_EQ(ok(call("GET", kService + "/jobs")), json::array());
  EXPECT_EQ(ok(call("GET", kService + "/outgoing")), json::array({id}));
  EXPECT_EQ(ok(call("GET", kService + "/outgoing?receiver=%2B33601020304")), json::array({id}));
  EXPECT_EQ(ok(call("GET", kService + "/outgoing?receiver=%2B33601020305")), json::array());
  EXPECT_EQ(sink().at(0).at("status"), "sent");
  expect_error(call("GET", kService + "/outgoing?deliveryReceipt=x"), 400,
               "[deliveryReceipt] Given data (x) is not valid for type long");
}

TEST_F(Sms, CancellingAJobGivesItsCreditsBack) {
  const auto id = ok(send({{"message", repeat("a", 200)},
                           {"receivers", {"+33601020304"}},
                           {"sender", "EXAMPLE"},
                           {"differedPeriod", 60}}))
                      .at("ids")[0];
  EXPECT_EQ(credits(), 98);
  EXPECT_EQ(call("DELETE", kService + "/jobs/" + id.dump()).status, 204);
  EXPECT_EQ(credits(), 100);
  expect_error(call("GET", kService + "/jobs/" + id.dump()), 404,
               "The requested object (id = " + id.dump() + ") does not exist");
}

TEST_F(Sms, AKeyGrantedOnlyGetOnSmsCannotSend) {
  Credential c;
  c.application_id = 287451;
  c.state = CredentialState::validated;
  c.rules = {{"GET", "/sms/*"}};
  c.creation = state.clock.now() - 10;
  auto keys = test::default_keys();
  keys.ck = state.credentials.add_credential(c).consumer_key;
  EXPECT_EQ(call("GET", kService, "", keys).status, 200);
  const auto r =
      call("POST", kService + "/jobs", R"({"message":"x","receivers":["+33601020304"],"sender":"EXAMPLE"})", keys);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(json::parse(r.body).value("errorCode", ""), "NOT_GRANTED_CALL") << r.body;
  EXPECT_EQ(sink(), json::array());
  EXPECT_EQ(credits(), 100);
}

TEST_F(Sms, SendersCanBeAddedUpdatedAndDeleted) {
  EXPECT_EQ(ok(call("GET", kService + "/senders")), json::array({"+33912345678", "EXAMPLE", "NEWBRAND"}));
  expect_error(call("POST", kService + "/senders", R"({"sender":"SHOP"})"), 400, "Please provide a reason");
  EXPECT_EQ(ok(call("POST", kService + "/senders", R"({"sender":"SHOP","reason":"our shop"})")), "SHOP");
  const auto s = ok(call("GET", kService + "/senders/SHOP"));
  EXPECT_EQ(s.at("status"), "waitingValidation");
  EXPECT_EQ(s.at("type"), "alpha");
  expect_error(call("PUT", kService + "/senders/SHOP", R"({"type":"numeric"})"), 400,
               "Try to alter read-only properties: type");
  EXPECT_EQ(call("PUT", kService + "/senders/SHOP", R"({"status":"enable"})").status, 204);
  ok(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "SHOP"}}));
  EXPECT_EQ(call("DELETE", kService + "/senders/SHOP").status, 204);
  expect_error(call("GET", kService + "/senders/SHOP"), 404, "The requested object (id = SHOP) does not exist");
}

// ---- the control plane's sink ----

TEST_F(Sms, TheSinkFiltersByReceiverSenderTagTestIdAndTime) {
  ok(send({{"message", "one"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}, {"tag", "a"}}, "t1"));
  state.clock.step(60);
  ok(send({{"message", "two"}, {"receivers", {"+33601020305"}}, {"sender", "+33912345678"}, {"tag", "b"}}, "t2"));
  EXPECT_EQ(sink().size(), 2u);
  EXPECT_EQ(sink("?receiver=%2B33601020305").at(0).at("message"), "two");
  EXPECT_EQ(sink("?sender=EXAMPLE").at(0).at("message"), "one");
  EXPECT_EQ(sink("?tag=b").at(0).at("message"), "two");
  const auto t1 = sink("?testId=t1");
  ASSERT_EQ(t1.size(), 1u);
  EXPECT_EQ(t1[0].at("testId"), "t1");
  EXPECT_EQ(t1[0].at("service"), "sms-ab12345-1");
  EXPECT_EQ(sink("?since=" + std::to_string(state.clock.now())).size(), 1u);
  expect_error(admin("GET", "/sms/messages?since=yesterday"), 400,
               "since must be an ISO-8601 datetime or Unix seconds, got yesterday");
  EXPECT_EQ(ok(admin("DELETE", "/sms/messages?testId=t1")).at("removed"), 1);
  EXPECT_EQ(sink().size(), 1u);
  ok(admin("DELETE", "/sms/messages"));
  EXPECT_EQ(sink(), json::array());
}

TEST_F(Sms, ArmedFailuresApplyToTheNextSends) {
  ASSERT_EQ(admin("POST", "/sms/failures", R"({"kind":"noCredits"})").status, 201);
  expect_error(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}}), 400,
               "Not enough credits: 1 needed, 0 left");
  ok(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}}));  // used once

  ASSERT_EQ(admin("POST", "/sms/failures", R"({"kind":"invalidReceiver"})").status, 201);
  const auto report = ok(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}}));
  EXPECT_EQ(report.at("ids"), json::array());
  EXPECT_EQ(report.at("invalidReceivers"), json::array({"+33601020304"}));

  ASSERT_EQ(admin("POST", "/sms/failures", R"({"kind":"fault","testId":"t9","status":503,"message":"down"})").status,
            201);
  ok(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}}, "other"));
  const auto r = send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}}, "t9");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(sink("?testId=t9"), json::array());
  EXPECT_EQ(ok(admin("GET", "/sms/failures")), json::array());
  EXPECT_EQ(admin("POST", "/sms/failures", R"({"kind":"boom"})").status, 400);
}

TEST_F(Sms, AFailureArmedForTimesSendsIsListedCountedDownAndCleared) {
  const json body = {{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}};
  ASSERT_EQ(admin("POST", "/sms/failures", R"({"kind":"noCredits","times":3,"testId":"t4"})").status, 201);
  auto armed = ok(admin("GET", "/sms/failures"));
  ASSERT_EQ(armed.size(), 1u);
  EXPECT_EQ(armed[0].at("kind"), "noCredits");
  EXPECT_EQ(armed[0].at("times"), 3);
  EXPECT_EQ(armed[0].at("testId"), "t4");
  expect_error(send(body, "t4"), 400, "Not enough credits: 1 needed, 0 left");
  EXPECT_EQ(ok(admin("GET", "/sms/failures"))[0].at("times"), 2);
  const auto cleared = admin("DELETE", "/sms/failures");
  EXPECT_EQ(cleared.status, 204);
  EXPECT_EQ(ok(admin("GET", "/sms/failures")), json::array());
  ok(send(body, "t4"));  // nothing armed any more
}

// The SMS routes of the control plane read their bodies as the rest of the control plane
// does (api/control_body.hpp): the same 400 messages.
TEST_F(Sms, TheControlPlaneBodiesAreReadLikeTheRestOfTheControlPlane) {
  expect_error(admin("POST", "/sms/failures", R"({"kind":"noCredits","count":2})"), 400, "Unknown field count");
  expect_error(admin("POST", "/clock/step", R"({"seconds":2,"count":2})"), 400, "Unknown field count");
  expect_error(admin("POST", "/sms/accounts/sms-ab12345-1/credits", "[3]"), 400, "The body must be a JSON object");
  expect_error(admin("POST", "/clock/step", "[3]"), 400, "The body must be a JSON object");
  EXPECT_EQ(ok(admin("GET", "/sms/failures")), json::array());  // nothing armed by the refused call
}

TEST_F(Sms, AnOutgoingMessageDeletedThroughTheApiStaysInTheSink) {
  const auto id = ok(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}})).at("ids")[0];
  const auto outgoing = kService + "/outgoing/" + id.dump();
  EXPECT_EQ(sink().back().at("deletedFromApi"), false);
  const auto deleted = call("DELETE", outgoing);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(call("GET", outgoing).status, 404);
  EXPECT_EQ(ok(call("GET", kService + "/outgoing")), json::array());
  const auto kept = sink();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].at("id"), id);
  EXPECT_EQ(kept[0].at("deletedFromApi"), true);
}

TEST_F(Sms, MarkingAMessageDeliveredOrFailedChangesItsDeliveryReceipt) {
  const auto id = ok(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}})).at("ids")[0];
  const auto outgoing = kService + "/outgoing/" + id.dump();
  EXPECT_EQ(ok(call("GET", outgoing)).at("deliveryReceipt"), 0);
  EXPECT_EQ(ok(admin("POST", "/sms/messages/" + id.dump() + "/delivered")).at("status"), "delivered");
  const auto delivered = ok(call("GET", outgoing));
  EXPECT_EQ(delivered.at("deliveryReceipt"), 1);
  EXPECT_TRUE(delivered.at("deliveredAt").is_string());
  EXPECT_EQ(ok(call("GET", kService + "/outgoing?deliveryReceipt=1")), json::array({id}));
  ok(admin("POST", "/sms/messages/" + id.dump() + "/failed"));
  EXPECT_EQ(ok(call("GET", outgoing)).at("deliveryReceipt"), 2);
  EXPECT_EQ(admin("POST", "/sms/messages/1/delivered").status, 404);
}

TEST_F(Sms, ResetRestoresCreditsAndEmptiesTheSinkButNeverReusesIds) {
  const auto first = ok(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}})).at("ids")[0];
  state.reset();
  EXPECT_EQ(credits(), 100);
  EXPECT_EQ(sink(), json::array());
  const auto second = ok(send({{"message", "x"}, {"receivers", {"+33601020304"}}, {"sender", "EXAMPLE"}})).at("ids")[0];
  EXPECT_GT(second.get<std::int64_t>(), first.get<std::int64_t>());
}

}  // namespace
}  // namespace ovhmock
