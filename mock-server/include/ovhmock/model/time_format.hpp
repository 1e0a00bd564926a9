#pragma once
// Datetimes as the real API writes them: ISO-8601 with the Europe/Paris offset
// ("2026-01-05T11:46:31+01:00"), and dates as "YYYY-MM-DD".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ovhmock {

std::string format_datetime(std::int64_t unix_seconds);
// Accepts "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM".
std::optional<std::int64_t> parse_datetime(std::string_view text);
bool is_valid_date(std::string_view text);  // "YYYY-MM-DD"

}  // namespace ovhmock
