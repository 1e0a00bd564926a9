#pragma once
// The SMS area's state: accounts with their credits and senders, and every message sent
// (one per receiver), which the API shows as a job until its sending time and as an
// outgoing entry after, and the control plane as the sink.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/sms/segments.hpp"
#include "ovhmock/api/area.hpp"

namespace ovhmock::sms {

struct Account {
  std::string name;
  nlohmann::json info;  // sms.Account; creditsLeft is kept in `credits`
  double credits = 0;
  std::map<std::string, nlohmann::json> senders;  // sms.Sender by sender
};

// The area's slice of a data set: sms/<serviceName>.json (fixtures.cpp).
struct Data final : AreaData {
  std::vector<Account> accounts;
};

struct Message {
  std::int64_t id = 0;
  std::string service, sender, receiver, text, tag, test_id;
  Segments segments;
  double credits = 0;
  std::int64_t created = 0, send_at = 0, differed_minutes = 0;
  std::string delivery = "pending";  // pending, delivered, failed (set by the control plane)
  std::optional<std::int64_t> delivered_at;
  bool outgoing_deleted = false;  // DELETE .../outgoing/{id}: gone from the API, kept in the sink
};

// A failure the control plane armed for the next sends.
struct Failure {
  std::string kind;                    // noCredits, invalidReceiver, fault
  std::optional<std::string> test_id;  // only sends carrying this X-Ovhmock-Test-Id
  std::int64_t remaining = 1;
  int status = 500;  // fault
  std::string message;
};

struct Content {
  std::map<std::string, Account> accounts;
  std::vector<Message> messages;
  std::vector<Failure> failures;
  std::int64_t next_id = 257300001;
};

class Store final : public AreaStore {
 public:
  // Back to the data set's accounts and senders; no message kept. Ids are never reused.
  void load(const AreaData* data) override;
  void add_counts(nlohmann::json& counts) const override;
  template <class F>
  auto with(F&& f) {
    std::lock_guard lock(mu_);
    return f(content_);
  }

 private:
  mutable std::mutex mu_;
  Content content_;
};

// What POST /sms/{serviceName}/jobs asks for, already checked against the schema.
struct SendInput {
  std::string service;
  std::string message;
  std::optional<std::string> sender;
  bool sender_for_response = false;
  std::vector<std::string> receivers;
  std::string tag;
  std::int64_t differed_minutes = 0;
  std::string test_id;
  std::int64_t now = 0;
};

// Sends: checks the sender, sorts the receivers, takes the credits, records one message per
// valid receiver. Returns the sms.SmsSendingReport. Throws ApiException (nothing recorded).
nlohmann::json send(Content& content, const SendInput& input);

std::vector<Route> routes();                                                // routes.cpp
std::unique_ptr<AreaData> read_fixtures(const std::filesystem::path& dir);  // fixtures.cpp

// Whether a receiver is an international number: +<country><number> or 00<country><number>,
// 8 to 15 digits in all.
bool is_international(const std::string& receiver);

}  // namespace ovhmock::sms
