// RFC 3339 formatting.
#include "atlas/core/time.h"

#include <cstdio>
#include <ctime>

namespace atlas::core {

std::string FormatRfc3339(std::chrono::system_clock::time_point t, int fraction_digits) {
  using namespace std::chrono;
  const auto secs = time_point_cast<seconds>(t);
  const long long micros = duration_cast<microseconds>(t - secs).count();
  const std::time_t tt = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  if (fraction_digits == 3) {
    std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%03lldZ", micros / 1000);
  } else if (fraction_digits == 6) {
    std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%06lldZ", micros);
  } else {
    std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), "Z");
  }
  return buf;
}

}  // namespace atlas::core
