#include "ovhmock/model/api_era.hpp"

#include <stdexcept>

#include "ovhmock/model/config.hpp"
#include "ovhmock/model/json_util.hpp"

namespace ovhmock {

EraProfile resolve_era(ApiEra era, const EraOverrides& overrides) {
  EraProfile p;
  p.era = era;
  // The table of docs/api.md ("API eras"), with the source of each change there.
  switch (era) {
    case ApiEra::current:
      p.void_as_200_null = false;
      p.quote_txt = true;
      p.error_format = ErrorFormat::superset;
      p.record_types_2025 = true;
      break;
    case ApiEra::y2024:
      p.void_as_200_null = false;
      p.quote_txt = false;
      p.error_format = ErrorFormat::current;
      p.record_types_2025 = false;
      break;
    case ApiEra::y2022:
      p.void_as_200_null = true;
      p.quote_txt = false;
      p.error_format = ErrorFormat::legacy;
      p.record_types_2025 = false;
      break;
  }
  if (overrides.void_as_200_null) p.void_as_200_null = *overrides.void_as_200_null;
  if (overrides.quote_txt) p.quote_txt = *overrides.quote_txt;
  if (overrides.error_format) p.error_format = *overrides.error_format;
  if (overrides.record_types_2025) p.record_types_2025 = *overrides.record_types_2025;
  return p;
}

std::optional<ApiEra> parse_api_era(std::string_view text) {
  if (text == "current") return ApiEra::current;
  if (text == "2024") return ApiEra::y2024;
  if (text == "2022") return ApiEra::y2022;
  return std::nullopt;
}

std::string_view to_string(ApiEra era) {
  switch (era) {
    case ApiEra::y2024:
      return "2024";
    case ApiEra::y2022:
      return "2022";
    case ApiEra::current:
      break;
  }
  return "current";
}

std::optional<ErrorFormat> parse_error_format(std::string_view text) {
  if (text == "superset") return ErrorFormat::superset;
  if (text == "current") return ErrorFormat::current;
  if (text == "legacy") return ErrorFormat::legacy;
  return std::nullopt;
}

std::string_view to_string(ErrorFormat format) {
  switch (format) {
    case ErrorFormat::current:
      return "current";
    case ErrorFormat::legacy:
      return "legacy";
    case ErrorFormat::superset:
      break;
  }
  return "superset";
}

std::string error_body(const ApiError& error, ErrorFormat format) {
  nlohmann::json j = nlohmann::json::object();
  switch (format) {
    case ErrorFormat::superset:
      return to_json_text(error.to_json());
    case ErrorFormat::current:
      // {"class":"Client::BadRequest","message":"Invalid signature"} (acme.sh #5269, 2024).
      j["class"] = error.error_class;
      j["message"] = error.message;
      if (!error.details.empty()) j["details"] = error.details;
      break;
    case ErrorFormat::legacy:
      // {"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"}
      // (ddns-updater #319, 2022); errors without a code were {"message":"…"} (ovh/docs #194).
      if (!error.error_code.empty()) {
        j["errorCode"] = error.error_code;
        j["httpCode"] = error.http_code();
      }
      j["message"] = error.message;
      break;
  }
  return to_json_text(j);
}

void check_record_type_in_era(std::string_view field_type, const EraProfile& era) {
  if (era.record_types_2025) return;
  if (field_type == "HTTPS" || field_type == "RP" || field_type == "SVCB")
    throw ApiException(errors::not_in_enumeration("fieldType", field_type, "RecordTypeEnum"));
}

bool parse_era_option(std::string_view arg, const std::function<std::string()>& value, ServerConfig& config) {
  if (arg == "--api-era") {
    const std::string v = value();
    auto era = parse_api_era(v);
    if (!era) throw std::invalid_argument("--api-era is current, 2024 or 2022 (got \"" + v + "\")");
    config.api_era = *era;
  } else if (arg == "--void-200-null") {
    config.era_overrides.void_as_200_null = true;
  } else if (arg == "--void-204") {
    config.era_overrides.void_as_200_null = false;
  } else if (arg == "--txt-quoting") {
    const std::string v = value();
    if (v != "quoted" && v != "as-sent")
      throw std::invalid_argument("--txt-quoting is quoted or as-sent (got \"" + v + "\")");
    config.era_overrides.quote_txt = v == "quoted";
  } else if (arg == "--error-format") {
    const std::string v = value();
    auto format = parse_error_format(v);
    if (!format) throw std::invalid_argument("--error-format is superset, current or legacy (got \"" + v + "\")");
    config.era_overrides.error_format = *format;
  } else {
    return false;
  }
  return true;
}

std::optional<ApiEra> EraSwitch::get() const {
  const int v = era_.load(std::memory_order_relaxed);
  if (v < 0) return std::nullopt;
  return static_cast<ApiEra>(v);
}

void EraSwitch::set(std::optional<ApiEra> era) {
  era_.store(era ? static_cast<int>(*era) : -1, std::memory_order_relaxed);
}

}  // namespace ovhmock
