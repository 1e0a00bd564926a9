#pragma once
// API eras: everything the real API changed under its clients, as one switch
// (docs/api.md, "API eras"). An era gives a default for each behaviour; the individual
// command-line flags override it; the control plane can switch the era at run time.
// The era of an answer is resolved in one place: resolve_era() (answer_era() in
// state/state.hpp applies it to a running server).
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ovhmock/model/errors.hpp"

namespace ovhmock {

struct ServerConfig;

enum class ApiEra { current, y2024, y2022 };

// The error body: superset {class, errorCode, httpCode, message[, details]} (the server's
// default: every client's typed errors fire), current {class, message[, details]}, or
// legacy {errorCode, httpCode, message}.
enum class ErrorFormat { superset, current, legacy };

struct EraProfile {
  ApiEra era = ApiEra::current;
  bool void_as_200_null = false;  // void answers: 200 `null` (before October 2023) or 204
  bool quote_txt = true;          // TXT targets stored and returned in double quotes (October 2025)
  ErrorFormat error_format = ErrorFormat::superset;
  bool record_types_2025 = true;  // HTTPS, RP and SVCB in RecordTypeEnum (December 2025)
};

// What the individual flags set; an unset field takes the era's value.
struct EraOverrides {
  std::optional<bool> void_as_200_null;
  std::optional<bool> quote_txt;
  std::optional<ErrorFormat> error_format;
  std::optional<bool> record_types_2025;
};

// The one table: each era's behaviours, then the overrides.
EraProfile resolve_era(ApiEra era, const EraOverrides& overrides = {});

std::optional<ApiEra> parse_api_era(std::string_view text);  // "current", "2024", "2022"
std::string_view to_string(ApiEra era);
std::optional<ErrorFormat> parse_error_format(std::string_view text);  // "superset", "current", "legacy"
std::string_view to_string(ErrorFormat format);

// The error body in a format, as text (keys in alphabetical order).
std::string error_body(const ApiError& error, ErrorFormat format);

// Throws the enumeration error for a record type the era's RecordTypeEnum lacks
// (HTTPS, RP, SVCB before December 2025).
void check_record_type_in_era(std::string_view field_type, const EraProfile& era);

// The command-line options of eras: --api-era, --void-200-null, --void-204,
// --txt-quoting, --error-format. Returns false when `arg` is none of them; `value` reads
// the option's argument. Throws std::invalid_argument on a bad value.
bool parse_era_option(std::string_view arg, const std::function<std::string()>& value, ServerConfig& config);

// The era switched at run time by the control plane (PUT /__admin/era), over the one of
// the command line; cleared by DELETE /__admin/era and by POST /__admin/reset.
class EraSwitch {
 public:
  std::optional<ApiEra> get() const;
  void set(std::optional<ApiEra> era);

 private:
  std::atomic<int> era_{-1};  // -1: none; else the ApiEra value
};

}  // namespace ovhmock
