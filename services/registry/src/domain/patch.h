// What the registry's trilingual texts share: checked language by language,
// and changed whole ("title") or one language at a time ("title.fr").
#ifndef ATLAS_REGISTRY_DOMAIN_PATCH_H_
#define ATLAS_REGISTRY_DOMAIN_PATCH_H_

#include <string>
#include <string_view>
#include <vector>

#include "atlas/core/text_checks.h"
#include "atlas/registry/v1/project.pb.h"

namespace atlas::registry {

// Which languages a text must have.
struct Languages {
  bool fr = false;
  bool ar = false;
};

// Adds what is wrong with each language of `t` (fields `field`.fr, .ar, .en):
// plain text up to `max` characters, `required` ones not blank, line breaks
// only where `allow_newlines`.
inline void CheckLocalized(const v1::LocalizedText& t, const std::string& field, size_t max,
                           Languages required, std::vector<core::FieldViolation>& out,
                           bool allow_newlines = false) {
  core::CheckPlainText(t.fr(), field + ".fr", max, required.fr, out, allow_newlines);
  core::CheckPlainText(t.ar(), field + ".ar", max, required.ar, out, allow_newlines);
  core::CheckPlainText(t.en(), field + ".en", max, false, out, allow_newlines);
}

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
