// Digests, quiet hours and retries.
#include "notify/domain/schedule.h"

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace atlas::notify {
namespace {

absl::TimeZone ZoneOf(const Subscription& s) {
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(s.time_zone, &tz)) absl::LoadTimeZone("Africa/Casablanca", &tz);
  return tz;
}

// 1 = Monday … 7 = Sunday.
int IsoWeekday(absl::CivilDay d) {
  switch (absl::GetWeekday(d)) {
    case absl::Weekday::monday:
      return 1;
    case absl::Weekday::tuesday:
      return 2;
    case absl::Weekday::wednesday:
      return 3;
    case absl::Weekday::thursday:
      return 4;
    case absl::Weekday::friday:
      return 5;
    case absl::Weekday::saturday:
      return 6;
    case absl::Weekday::sunday:
      break;
  }
  return 7;
}

bool InQuiet(const Subscription& s, int hour) {
  const int a = s.quiet_start_hour, b = s.quiet_end_hour;
  if (a < 0 || b < 0 || a == b) return false;
  return a < b ? (hour >= a && hour < b) : (hour >= a || hour < b);
}

}  // namespace

absl::Time NextDigest(const Subscription& s, absl::Time now) {
  const absl::TimeZone tz = ZoneOf(s);
  const absl::CivilDay today = absl::ToCivilDay(now, tz);
  for (int i = 0; i <= 8; ++i) {
    const absl::CivilDay day = today + i;
    if (s.cadence == Cadence::kWeekly && IsoWeekday(day) != s.digest_weekday) continue;
    const absl::Time at =
        absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), s.digest_hour), tz);
    if (at > now) return at;
  }
  return now + absl::Hours(24);  // unreachable with a valid weekday
}

absl::Time AfterQuietHours(const Subscription& s, absl::Time t) {
  const absl::TimeZone tz = ZoneOf(s);
  absl::CivilHour h = absl::ToCivilHour(t, tz);
  if (!InQuiet(s, h.hour())) return t;
  // Walk to the first hour out of the quiet span (at most a day away).
  for (int i = 0; i < 25 && InQuiet(s, h.hour()); ++i) h += 1;
  return absl::FromCivil(h, tz);
}

absl::Time FirstDue(const Subscription& s, absl::Time now) {
  if (s.cadence == Cadence::kImmediate) return AfterQuietHours(s, now);
  return AfterQuietHours(s, NextDigest(s, now));
}

std::optional<absl::Duration> RetryDelay(const RetryPolicy& policy, int attempts, double unit) {
  static constexpr std::array<int64_t, 7> kSeconds = {5, 300, 1800, 7200, 18000, 36000, 36000};
  if (attempts < 1 || attempts >= policy.max_attempts) return std::nullopt;
  const size_t i = std::min<size_t>(static_cast<size_t>(attempts - 1), kSeconds.size() - 1);
  const double jitter = 0.8 + 0.4 * unit;
  return absl::Milliseconds(static_cast<int64_t>(kSeconds[i] * 1000.0 * policy.scale * jitter));
}

absl::Duration OpenFor(const RetryPolicy& policy) {
  return absl::Milliseconds(static_cast<int64_t>(60000.0 * policy.scale));
}

absl::StatusOr<std::vector<Deadline>> ParseDeadlines(const std::string& spec) {
  std::vector<Deadline> out;
  for (absl::string_view raw : absl::StrSplit(spec, ';', absl::SkipWhitespace())) {
    std::string part(raw.data(), raw.size());
    absl::StripAsciiWhitespace(&part);
    const size_t space = part.find(' ');
    Deadline d;
    if (space == std::string::npos || !absl::ParseCivilTime(part.substr(0, space), &d.day)) {
      return absl::InvalidArgumentError("not \"YYYY-MM-DD label\": " + part);
    }
    d.label = part.substr(space + 1);
    absl::StripAsciiWhitespace(&d.label);
    if (d.label.empty() || d.label.size() > 100) {
      return absl::InvalidArgumentError("a deadline needs a label (at most 100 bytes): " + part);
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Deadline> DeadlinesDue(const std::vector<Deadline>& all, absl::CivilDay today,
                                   int notice_days) {
  std::vector<Deadline> out;
  for (const auto& d : all) {
    if (today <= d.day && d.day - today <= notice_days) out.push_back(d);
  }
  return out;
}

}  // namespace atlas::notify
