// A project's printable sheet (issue 23): the project as a reader of the
// atlas sees it, as a document in one language — texts, actors, budget with
// its indicative EUR equivalent and the rates' date, a timeline of its
// planned and actual spans and milestones, a mini-map of its regions with
// its point, the demo notice. Pure: the caller gives the outlines, the rates
// and the date; libs/report lays it out as PDF.
#ifndef ATLAS_REGISTRY_DOMAIN_PROJECT_SHEET_H_
#define ATLAS_REGISTRY_DOMAIN_PROJECT_SHEET_H_

#include <map>
#include <string>
#include <vector>

#include "atlas/core/i18n.h"
#include "atlas/registry/v1/theme.pb.h"
#include "atlas/report/document.h"
#include "registry/domain/project.h"

namespace atlas::registry {

// Longitude, latitude.
using Ring = std::vector<std::pair<double, double>>;
// The regions' outer rings by ISO 3166-2 code (simplified for print).
using RegionOutlines = std::map<std::string, std::vector<Ring>>;

struct SheetInputs {
  const RegionOutlines* outlines = nullptr;  // none: the sheet says the map is unavailable
  v1::IndicativeRates rates = {};
  std::string generated = {};  // YYYY-MM-DD
  std::string url = {};        // the project's public page, if known
};

// `p`: the version the reader may see (GetProject's answer).
report::ReportDoc BuildProjectSheet(const v1::Project& p, const SheetInputs& in, core::Lang lang);

// Douglas-Peucker: the points of `ring` that keep it within `tolerance`
// (in its own units) of the original; first and last kept.
Ring Simplify(const Ring& ring, double tolerance);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PROJECT_SHEET_H_
