#include "ovhmock/model/time_format.hpp"

#include <charconv>
#include <cstdio>

namespace ovhmock {
namespace {

// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp + (mp < 10 ? 3 : -9);
  return {y + (m <= 2), m, d};
}

// Last Sunday of a month, as days since the epoch.
std::int64_t last_sunday(std::int64_t year, unsigned month) {
  const unsigned days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  unsigned last = days_in[month - 1];
  const std::int64_t day = days_from_civil(year, month, last);
  const std::int64_t weekday = ((day % 7) + 11) % 7;  // 0 = Sunday (1970-01-01 was a Thursday)
  return day - weekday;
}

// Europe/Paris: UTC+1, UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
int paris_offset_seconds(std::int64_t t) {
  const Civil c = civil_from_days(t >= 0 ? t / 86400 : (t - 86399) / 86400);
  const std::int64_t start = last_sunday(c.y, 3) * 86400 + 3600;
  const std::int64_t end = last_sunday(c.y, 10) * 86400 + 3600;
  return (t >= start && t < end) ? 7200 : 3600;
}

bool parse_int(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool is_digits(std::string_view s) {
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return !s.empty();
}

}  // namespace

std::string format_datetime(std::int64_t t) {
  const int off = paris_offset_seconds(t);
  const std::int64_t local = t + off;
  const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const std::int64_t secs = local - days * 86400;
  const Civil c = civil_from_days(days);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld+%02d:00", static_cast<long long>(c.y), c.m, c.d,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60), off / 3600);
  return buf;
}

std::optional<std::int64_t> parse_datetime(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS then Z or ±HH:MM
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  int y, mo, d, h, mi, se;
  if (!is_digits(s.substr(0, 4)) || !is_digits(s.substr(5, 2)) || !is_digits(s.substr(8, 2)) ||
      !is_digits(s.substr(11, 2)) || !is_digits(s.substr(14, 2)) || !is_digits(s.substr(17, 2)))
    return std::nullopt;
  parse_int(s.substr(0, 4), y);
  parse_int(s.substr(5, 2), mo);
  parse_int(s.substr(8, 2), d);
  parse_int(s.substr(11, 2), h);
  parse_int(s.substr(14, 2), mi);
  parse_int(s.substr(17, 2), se);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  std::string_view rest = s.substr(19);
  if (!rest.empty() && rest[0] == '.') {  // fractional seconds, ignored
    std::size_t i = 1;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    rest = rest.substr(i);
  }
  int offset = 0;
  if (rest == "Z") {
    offset = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' && is_digits(rest.substr(1, 2)) &&
             is_digits(rest.substr(4, 2))) {
    int oh, om;
    parse_int(rest.substr(1, 2), oh);
    parse_int(rest.substr(4, 2), om);
    offset = (oh * 3600 + om * 60) * (rest[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * 86400 + h * 3600 + mi * 60 + se - offset;
}

bool is_valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!is_digits(s.substr(0, 4)) || !is_digits(s.substr(5, 2)) || !is_digits(s.substr(8, 2))) return false;
  int mo, d;
  parse_int(s.substr(5, 2), mo);
  parse_int(s.substr(8, 2), d);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

}  // namespace ovhmock
