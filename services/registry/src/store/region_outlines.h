// The regions' outlines for the printed project sheet, read once from the
// reference geography file geo loads too (scripts/gen-geo-reference;
// ATLAS_GEO_REFERENCE_FILE), simplified for print.
#ifndef ATLAS_REGISTRY_STORE_REGION_OUTLINES_H_
#define ATLAS_REGISTRY_STORE_REGION_OUTLINES_H_

#include <string>

#include "absl/status/statusor.h"
#include "registry/domain/project_sheet.h"

namespace atlas::registry {

// The outer rings of every `level: region` feature of the NDJSON file at
// `path`, kept within `tolerance` degrees of the original.
absl::StatusOr<RegionOutlines> LoadRegionOutlines(const std::string& path, double tolerance = 0.01);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_REGION_OUTLINES_H_
