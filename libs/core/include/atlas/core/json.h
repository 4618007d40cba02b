// Serialising nlohmann::json that may hold text from outside: nlohmann's
// dump() throws on invalid UTF-8 by default, and an exception from a reply
// path would end the process. DumpJson replaces invalid bytes (U+FFFD)
// instead; use it for every document the platform writes.
#ifndef ATLAS_CORE_JSON_H_
#define ATLAS_CORE_JSON_H_

#include <string>

#include <nlohmann/json.hpp>

#include "atlas/core/i18n.h"

namespace atlas::core {

inline std::string DumpJson(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Texts in the three languages as the stores keep them (a jsonb object
// {"fr":..,"ar":..,"en":..}); a missing language, or anything but an object,
// reads as empty.
inline Localized LocalizedFromJson(const std::string& json) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  Localized l;
  if (!j.is_object()) return l;
  l.fr = j.value("fr", "");
  l.ar = j.value("ar", "");
  l.en = j.value("en", "");
  return l;
}

inline std::string LocalizedToJson(const Localized& t) {
  return DumpJson({{"fr", t.fr}, {"ar", t.ar}, {"en", t.en}});
}

}  // namespace atlas::core

#endif  // ATLAS_CORE_JSON_H_
