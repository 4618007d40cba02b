// Texts in the three languages as PostgreSQL keeps them: a jsonb object
// {"fr":..,"ar":..,"en":..}.
#ifndef ATLAS_STATS_STORE_TEXTS_JSON_H_
#define ATLAS_STATS_STORE_TEXTS_JSON_H_

#include <string>

#include <nlohmann/json.hpp>

#include "atlas/core/i18n.h"

namespace atlas::stats {

// Missing languages (or anything but an object) read as empty.
inline core::Localized TextsOfJson(const std::string& json) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  core::Localized l;
  if (!j.is_object()) return l;
  l.fr = j.value("fr", "");
  l.ar = j.value("ar", "");
  l.en = j.value("en", "");
  return l;
}

inline std::string JsonOfTexts(const core::Localized& t) {
  return nlohmann::json{{"fr", t.fr}, {"ar", t.ar}, {"en", t.en}}.dump();
}

}  // namespace atlas::stats

#endif  // ATLAS_STATS_STORE_TEXTS_JSON_H_
