// Exports of the published portfolio: IATI 2.03 activity XML and CSV.
#ifndef ATLAS_REGISTRY_DOMAIN_EXCHANGE_H_
#define ATLAS_REGISTRY_DOMAIN_EXCHANGE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "atlas/core/i18n.h"
#include "registry/domain/project.h"

namespace atlas::registry {

// The namespace of the exports' own IATI extension attributes (atlas:demo).
inline constexpr char kAtlasIatiNamespace[] = "https://atlas.sharaka.ma/ns/iati";

inline constexpr core::Text kExportFormat = {"must be iati or csv", "doit être iati ou csv",
                                             "يجب أن يكون iati أو csv"};

// The reporting organisation of the exports: the ministry's registered IATI
// publisher, which an operator configures (ATLAS_IATI_REPORTING_ORG_REF and
// _NAME). Until then the exports say their publisher is unconfigured rather
// than put the ministry's name on a reference it never registered.
struct ReportingOrg {
  std::string ref = "XX-UNCONFIGURED";
  std::string name = "Éditeur non configuré (unconfigured publisher)";
  bool configured = false;
};

// An <iati-activities version="2.03"> document with one <iati-activity> per
// project (public versions: no contacts), generated at `now`.
std::string ToIatiXml(const ShownProjects& projects, absl::Time now,
                      const ReportingOrg& reporting = {});

// One line per project, RFC 4180, with a header; cells that a spreadsheet
// would read as a formula are prefixed with an apostrophe.
std::string ToCsv(const ShownProjects& projects, const ReportingOrg& reporting = {});

// The IATI identifier of a project: its own, else "{reporting ref}-{uuid}".
std::string IatiIdentifier(const Project& p, const ReportingOrg& reporting = {});

// 1..150 of letters, digits, '.', '_', ':', '-' (IATI identifiers and refs).
bool IsIatiIdentifier(std::string_view s);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_EXCHANGE_H_
