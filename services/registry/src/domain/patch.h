// What the registry's update masks share: a trilingual text changed whole
// ("title") or one language at a time ("title.fr").
#ifndef ATLAS_REGISTRY_DOMAIN_PATCH_H_
#define ATLAS_REGISTRY_DOMAIN_PATCH_H_

#include <string_view>

#include "atlas/registry/v1/project.pb.h"

namespace atlas::registry {

// Applies the mask path `path` to `current` when it names `field` or one of
// its languages; false (nothing changed) for any other path.
inline bool PatchLocalized(std::string_view path, std::string_view field,
                           v1::LocalizedText* current, const v1::LocalizedText& patch) {
  if (path.substr(0, field.size()) != field) return false;
  const std::string_view rest = path.substr(field.size());
  if (rest.empty()) {
    *current = patch;
  } else if (rest == ".fr") {
    current->set_fr(patch.fr());
  } else if (rest == ".ar") {
    current->set_ar(patch.ar());
  } else if (rest == ".en") {
    current->set_en(patch.en());
  } else {
    return false;
  }
  return true;
}

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PATCH_H_
