// Timestamps as text.
#ifndef ATLAS_CORE_TIME_H_
#define ATLAS_CORE_TIME_H_

#include <chrono>
#include <string>

namespace atlas::core {

// RFC 3339 in UTC with `fraction_digits` (0, 3 or 6) decimals, e.g.
// "2026-11-29T14:33:43.029967Z".
std::string FormatRfc3339(std::chrono::system_clock::time_point t, int fraction_digits);

}  // namespace atlas::core

#endif  // ATLAS_CORE_TIME_H_
