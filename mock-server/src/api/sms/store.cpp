#include "api/sms/store.hpp"

#include <cctype>
#include <cmath>

#include "ovhmock/model/errors.hpp"

namespace ovhmock::sms {
namespace {

[[noreturn]] void bad(std::string message) { throw ApiException(errors::bad_request(std::move(message))); }

std::string format_credits(double v) {
  if (v == std::floor(v)) return std::to_string(static_cast<std::int64_t>(v));
  auto s = std::to_string(v);
  while (s.back() == '0') s.pop_back();
  return s;
}

// The armed failure for this send (counted as used), if any.
std::optional<Failure> take_failure(Content& c, const std::string& test_id) {
  for (auto it = c.failures.begin(); it != c.failures.end(); ++it) {
    if (it->test_id && *it->test_id != test_id) continue;
    Failure f = *it;
    if (--it->remaining <= 0) c.failures.erase(it);
    return f;
  }
  return std::nullopt;
}

void check_sender(const Account& a, const SendInput& in) {
  if (in.sender_for_response) return;
  if (!in.sender || in.sender->empty()) bad("A sender is required when senderForResponse is not true");
  auto s = a.senders.find(*in.sender);
  if (s == a.senders.end()) bad("The sender " + *in.sender + " does not exist for this account");
  const auto status = s->second.value("status", "");
  if (status != "enable") bad("The sender " + *in.sender + " is not validated (status " + status + ")");
}

}  // namespace

void Store::load(const AreaData* data) {
  std::lock_guard lock(mu_);
  const auto next = content_.next_id;
  content_ = Content{};
  content_.next_id = next;
  if (const auto* d = dynamic_cast<const Data*>(data))
    for (const auto& a : d->accounts) content_.accounts[a.name] = a;
}

void Store::add_counts(nlohmann::json& counts) const {
  std::lock_guard lock(mu_);
  counts["smsAccounts"] = content_.accounts.size();
  counts["smsMessages"] = content_.messages.size();
}

bool is_international(const std::string& r) {
  std::size_t start = 0;
  if (r.starts_with("+"))
    start = 1;
  else if (r.starts_with("00"))
    start = 2;
  else
    return false;
  const auto digits = r.size() - start;
  if (digits < 8 || digits > 15 || r[start] == '0') return false;
  for (std::size_t i = start; i < r.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(r[i]))) return false;
  return true;
}

nlohmann::json send(Content& c, const SendInput& in) {
  auto acc = c.accounts.find(in.service);
  if (acc == c.accounts.end()) throw ApiException(errors::service_not_found());
  Account& a = acc->second;
  check_sender(a, in);

  std::vector<std::string> valid, invalid;
  for (const auto& r : in.receivers) (is_international(r) ? valid : invalid).push_back(r);
  const auto seg = count_segments(in.message);
  double needed = static_cast<double>(seg.parts) * static_cast<double>(valid.size());
  double available = a.credits;

  if (auto f = take_failure(c, in.test_id)) {
    if (f->kind == "fault") {
      throw ApiException(ApiError{
          f->status, error_class(f->status), "", f->message.empty() ? reason_phrase(f->status) : f->message, {}});
    }
    if (f->kind == "invalidReceiver") {
      invalid.insert(invalid.end(), valid.begin(), valid.end());
      valid.clear();
      needed = 0;
    }
    if (f->kind == "noCredits") available = 0;
  }
  if (needed > available)
    bad("Not enough credits: " + format_credits(needed) + " needed, " + format_credits(available) + " left");

  nlohmann::json ids = nlohmann::json::array();
  for (const auto& r : valid) {
    Message m;
    m.id = c.next_id++;
    m.service = in.service;
    m.sender = in.sender_for_response ? "" : in.sender.value_or("");
    m.receiver = r;
    m.text = in.message;
    m.tag = in.tag;
    m.test_id = in.test_id;
    m.segments = seg;
    m.credits = static_cast<double>(seg.parts);
    m.created = in.now;
    m.differed_minutes = in.differed_minutes;
    m.send_at = in.now + in.differed_minutes * 60;
    ids.push_back(m.id);
    c.messages.push_back(std::move(m));
  }
  a.credits -= needed;
  return {{"ids", ids},
          {"invalidReceivers", invalid},
          {"tag", in.tag},
          {"totalCreditsRemoved", needed},
          {"validReceivers", valid}};
}

}  // namespace ovhmock::sms
