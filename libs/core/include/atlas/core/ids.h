// Identifier shapes shared by the services.
#ifndef ATLAS_CORE_IDS_H_
#define ATLAS_CORE_IDS_H_

#include <string_view>

namespace atlas::core {

// True for a UUID in canonical text form: 8-4-4-4-12 lower-case hex digits.
inline bool IsCanonicalUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace atlas::core

#endif  // ATLAS_CORE_IDS_H_
