// Reading IATI activity XML (2.0x) into project content, reporting every
// element that has no place in our record instead of dropping it silently.
#ifndef ATLAS_REGISTRY_DOMAIN_IATI_IMPORT_H_
#define ATLAS_REGISTRY_DOMAIN_IATI_IMPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "registry/domain/project.h"

namespace atlas::registry {

struct ImportIssue {
  std::string activity;  // its iati-identifier ("" before it is known)
  std::string element;   // e.g. "sector[@code='15110']"
  core::Localized message;
};

struct ImportedActivity {
  int line = 0;         // in the file, for messages
  v1::Project content;  // iati_identifier set
};

struct ImportedFile {
  std::vector<ImportedActivity> activities;
  std::vector<ImportIssue> issues;
};

// Bounds on one document: its size, and how many activities it may hold.
inline constexpr size_t kMaxIatiBytes = size_t{4} * 1024 * 1024;
inline constexpr size_t kMaxIatiActivities = 2000;

// INVALID_ARGUMENT (field `iati_xml`) if `xml` is not well-formed XML with an
// <iati-activities> root, holds a DOCTYPE (so no entity is ever declared or
// expanded), or exceeds the bounds above. Nothing is fetched.
absl::StatusOr<ImportedFile> ParseIatiActivities(std::string_view xml);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_IATI_IMPORT_H_
