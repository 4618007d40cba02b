// Identifier shapes shared by the services.
#ifndef ATLAS_CORE_IDS_H_
#define ATLAS_CORE_IDS_H_

#include <algorithm>
#include <optional>
#include <string>
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

// The id in a resource name: IdOf("organisations/ministry", "organisations/")
// is "ministry"; nullopt if `name` is not in that collection.
inline std::optional<std::string> IdOf(std::string_view name, std::string_view collection) {
  if (name.substr(0, collection.size()) != collection) return std::nullopt;
  return std::string(name.substr(collection.size()));
}

// A resource id of the catalogues (datasets, data sources, programmes,
// objectives, indicators, actions): 1..63 of [a-z0-9-], starting with a
// letter or a digit — what their tables' CHECK constraints accept.
inline bool IsSlugId(std::string_view id) {
  if (id.empty() || id.size() > 63 || id.front() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// An organisation id: 2..63 of [a-z0-9-], starting with a letter or a digit.
inline bool IsOrganisationId(std::string_view id) {
  if (id.size() < 2 || id.size() > 63 || id[0] == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace atlas::core

#endif  // ATLAS_CORE_IDS_H_
