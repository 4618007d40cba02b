// Reading an import file into observations, checked row by row against the
// dataset's structure and code lists. Long CSV: a header naming the
// dataset's dimensions, OBS_VALUE and optionally OBS_STATUS and COMMENT_OBS,
// then one observation per row. SDMX-CSV 1.0: the same with DATAFLOW first.
// Every bad row is reported (field "rows[LINE].COLUMN", LINE the file's line
// number), up to kMaxReported, in the three languages.
#ifndef ATLAS_STATS_DOMAIN_IMPORT_H_
#define ATLAS_STATS_DOMAIN_IMPORT_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stats/domain/dataset.h"

namespace atlas::stats {

inline constexpr size_t kMaxImportBytes = size_t{64} << 20;
inline constexpr size_t kMaxReported = 50;

// `known(codelist, code)`: whether `code` is in `codelist`.
absl::StatusOr<std::vector<Observation>> ParseImport(
    const Dataset& dataset, ImportFormat format, std::string_view file,
    const std::function<bool(const std::string& codelist, const std::string& code)>& known);

// SHA-256 of `bytes`, in hex.
std::string Sha256Hex(std::string_view bytes);

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_IMPORT_H_
