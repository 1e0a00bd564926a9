// The SMS models, in the notation of model/api_models.cpp (one line per field: name, OVH
// type, null, ro, req). The schema test compares them with OVH's sms.json.
#include "api/sms/sms.hpp"

namespace ovhmock::sms {

const char* model_definitions() {
  return R"(
model sms.Account
  automaticRecreditAmount sms.PackQuantityAutomaticRecreditEnum null
  callBack string null
  channel sms.ChannelEnum ro
  creditThresholdForAutomaticRecredit double
  creditsHoldByQuota double ro
  creditsLeft double ro
  description string
  name string ro
  smpp boolean ro
  smsResponse sms.Response
  status sms.StatusAccountEnum ro
  stopCallBack string null
  templates sms.Templates
  userQuantityWithQuota long ro
model sms.Response
  cgiUrl string null
  responseType sms.ResponseTypeEnum
  text string null
  trackingDefaultSmsSender string null
  trackingOptions sms.ResponseTrackingOptions[] null
model sms.ResponseTrackingOptions
  media sms.ResponseTrackingMediaEnum
  sender string
  target string
model sms.Templates
  customizedEmailMode boolean
  customizedSmsMode boolean
  emailBody string null
  emailFrom string null
  emailSubject string null
  smsBody string null
model sms.Job
  creationDatetime datetime ro
  credits double ro
  deliveredAt datetime null ro
  deliveryReceipt long ro
  differedDelivery long ro
  id long ro
  message string ro
  messageLength long ro
  numberOfSms long ro
  ptt long ro
  receiver string ro
  sender string ro
  sentAt datetime null ro
model sms.Outgoing
  batchID uuid null ro
  creationDatetime datetime ro
  credits double ro
  deliveredAt datetime null ro
  deliveryReceipt long ro
  differedDelivery long ro
  id long ro
  message string ro
  messageID uuid null ro
  messageLength long ro
  numberOfSms long ro
  ptt long ro
  receiver string ro
  sender string ro
  sentAt datetime null ro
  tag string ro
  tariffCode string ro
model sms.Sender
  comment string null ro
  description string
  referer sms.RefererSenderEnum ro
  sender string ro
  status sms.StatusSenderEnum
  type sms.TypeSenderEnum null ro
  validationMedia string null ro
model sms.SmsSendingReport
  ids long[]
  invalidReceivers string[]
  tag string
  totalCreditsRemoved double
  validReceivers string[]
enum sms.PackQuantityAutomaticRecreditEnum 100 200 250 500 1000 5000 10000
enum sms.ChannelEnum both marketing transactional
enum sms.StatusAccountEnum disable enable
enum sms.ResponseTypeEnum cgi none text
enum sms.ResponseTrackingMediaEnum email sms voice
enum sms.RefererSenderEnum custom domain line nic owner virtual
enum sms.StatusSenderEnum disable enable refused waitingValidation
enum sms.TypeSenderEnum alpha numeric shortcode virtual
enum sms.CharsetEnum UTF-8
enum sms.ClassEnum flash phoneDisplay sim toolkit
enum sms.CodingEnum 7bit 8bit
enum sms.PriorityEnum high low medium veryLow
)";
}

}  // namespace ovhmock::sms
