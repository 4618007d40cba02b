// A statistical dataset: metadata and provenance, its dimensions and their
// code lists, its versions and observations (SDMX's information model, cut to
// what the atlas publishes: one measure, OBS_VALUE, per observation).
#ifndef ATLAS_STATS_DOMAIN_DATASET_H_
#define ATLAS_STATS_DOMAIN_DATASET_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/core/i18n.h"
#include "atlas/core/paging.h"
#include "atlas/core/utf8.h"

namespace atlas::stats {

inline constexpr char kTimeDimension[] = "TIME_PERIOD";
// The SDMX cross-domain code for "all values of this dimension": a dataset
// holding it publishes the total itself, and the cube never adds it to the
// other codes.
inline constexpr char kTotalCode[] = "_T";

// A TIME_PERIOD code: a year, 1900-2100 (the datasets are annual).
inline bool IsYear(std::string_view s) {
  return s.size() == 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         s >= "1900" && s <= "2100";
}

// At most `n` bytes of `s` for a message, cut at a character boundary.
inline std::string Cut(std::string_view s, size_t n) { return std::string(core::Utf8Prefix(s, n)); }

struct Code {
  std::string id = {};
  core::Localized name = {};
};

struct Codelist {
  std::string id = {};      // CL_AREA
  std::string agency = {};  // MA.MRE, or SDMX for a cross-domain list
  std::string version = "1.0";
  core::Localized name = {};
  std::vector<Code> codes = {};
};

struct Dimension {
  std::string id;             // REF_AREA, SEX, ..., TIME_PERIOD (last)
  std::string codelist = {};  // "" for TIME_PERIOD
};

struct Dataset {
  std::string id = {};
  core::Localized title = {};
  core::Localized description = {};
  std::string producer = {};
  std::string source = {};  // the citation shown under every figure
  std::string source_url = {};
  std::string licence = {};
  std::string method = {};
  std::string reference_period = {};
  std::string unit = "persons";
  std::string grade = {};  // data/mre/SOURCES.md quality grade
  bool demo = false;
  std::vector<Dimension> dimensions = {};
  int released_version = 0;       // the latest released version; 0: none yet
  int64_t observation_count = 0;  // in released_version
  int latest_version = 0;         // the latest version, draft or released
  std::string data_source = {};   // the catalogue's source it was built from; "" if none
};

// Observation status (SDMX CL_OBS_STATUS): A normal, E estimated,
// P provisional, M missing (no value).
struct Observation {
  std::vector<std::string> key = {};  // one code per dimension, in order
  std::optional<int64_t> value = {};
  char status = 'A';
  std::string note = {};
};

struct DatasetVersion {
  int version = 0;
  std::string state = {};  // draft, released
  std::string content_sha256 = {};
  std::string create_time = {};  // RFC 3339
  std::string created_by = {};
  std::string release_time = {};
  int64_t observations = 0;
};

enum class ImportFormat { kLongCsv, kSdmxCsv };

using DatasetPage = core::Page<Dataset>;

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_DATASET_H_
