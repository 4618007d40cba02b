// SDMX 2.1 documents of the datasets: structure messages (dataflows, data
// structure definitions with their code lists and concepts, code lists) and
// data as SDMX-ML 2.1 generic data, SDMX-CSV 1.0 and SDMX-JSON 1.0. Pure
// functions of the domain's types; the maintenance agency is MA.MRE.
#ifndef ATLAS_STATS_DOMAIN_SDMX_H_
#define ATLAS_STATS_DOMAIN_SDMX_H_

#include <string>
#include <string_view>
#include <vector>

#include "stats/domain/dataset.h"
#include "stats/domain/dataset_service.h"

namespace atlas::stats::sdmx {

inline constexpr char kAgency[] = "MA.MRE";

enum class Artefacts { kDataflows, kDataStructures, kCodelists };

// `datasets`/`codelists` already chosen by the caller; `prepared` an ISO
// 8601 instant for the header.
std::string StructureMessage(Artefacts what, const std::vector<Dataset>& datasets,
                             const std::vector<Codelist>& codelists, std::string_view prepared);

enum class DataFormat { kGeneric, kCsv, kJson };

struct DataMessage {
  const Dataset& dataset;
  int version = 0;
  const std::vector<SeriesObservation>& observations;
  bool exact = false;  // false: values rounded (OBS_CONF=R)
  std::string_view prepared;
};

std::string GenericData(const DataMessage& m);
std::string Csv(const DataMessage& m);
std::string Json(const DataMessage& m);

// The attributes' code lists (OBS_STATUS, OBS_CONF), fixed here rather than
// in the database.
const std::vector<Codelist>& AttributeCodelists();

// The code lists a dataset's structure needs: its dimensions' (from
// `all`) and the attributes' (OBS_STATUS, OBS_CONF).
std::vector<Codelist> CodelistsOf(const std::vector<Dataset>& datasets,
                                  const std::vector<Codelist>& all);

}  // namespace atlas::stats::sdmx

#endif  // ATLAS_STATS_DOMAIN_SDMX_H_
