// In-memory DatasetStore for unit tests of the domain and the API. Not
// thread-safe.
#ifndef ATLAS_STATS_DOMAIN_MEMORY_DATASET_STORE_H_
#define ATLAS_STATS_DOMAIN_MEMORY_DATASET_STORE_H_

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "atlas/core/paging.h"
#include "stats/domain/dataset_store.h"

namespace atlas::stats {

class MemoryDatasetStore final : public DatasetStore {
 public:
  // Adds `d` with its released version `d.released_version` holding `obs`.
  void Add(Dataset d, std::vector<Observation> obs = {}) {
    if (d.released_version == 0 && !obs.empty()) d.released_version = 1;
    d.latest_version = d.released_version;
    d.observation_count = static_cast<int64_t>(obs.size());
    if (d.released_version > 0) {
      versions_[d.id].push_back({.version = d.released_version,
                                 .state = "released",
                                 .observations = static_cast<int64_t>(obs.size())});
    }
    observations_[{d.id, d.released_version}] = std::move(obs);
    rows_.push_back(std::move(d));
  }
  void AddCodelist(Codelist l) { codelists_.push_back(std::move(l)); }

  absl::StatusOr<DatasetPage> List(int limit, int64_t after, bool released_only) override {
    if (!released_only) return core::PageOf(rows_, limit, after);
    std::vector<Dataset> released;
    for (const Dataset& d : rows_) {
      if (d.released_version > 0) released.push_back(d);
    }
    return core::PageOf(released, limit, after);
  }
  absl::StatusOr<Dataset> Find(const std::string& id) override {
    for (const Dataset& d : rows_) {
      if (d.id == id) return d;
    }
    return absl::NotFoundError(id);
  }
  absl::StatusOr<std::vector<Codelist>> Codelists() override { return codelists_; }
  absl::StatusOr<std::vector<Observation>> Observations(const std::string& id,
                                                        int version) override {
    auto it = observations_.find({id, version});
    if (it == observations_.end()) return absl::NotFoundError(id);
    return it->second;
  }
  absl::StatusOr<std::pair<int, bool>> InsertVersion(
      const std::string& id, const std::string& sha256, const std::string& creator,
      const std::vector<Observation>& observations) override {
    Dataset* d = Mutable(id);
    if (d == nullptr) return absl::NotFoundError(id);
    for (const DatasetVersion& v : versions_[id]) {
      if (!v.content_sha256.empty() && v.content_sha256 == sha256) {
        return std::make_pair(v.version, false);
      }
    }
    const int version = ++d->latest_version;
    versions_[id].push_back({.version = version,
                             .state = "draft",
                             .content_sha256 = sha256,
                             .created_by = creator,
                             .observations = static_cast<int64_t>(observations.size())});
    observations_[{id, version}] = observations;
    return std::make_pair(version, true);
  }
  absl::StatusOr<std::vector<DatasetVersion>> Versions(const std::string& id) override {
    return versions_[id];
  }
  absl::StatusOr<DatasetVersion> Release(const std::string& id, int version,
                                         const std::string& /*actor*/) override {
    Dataset* d = Mutable(id);
    if (d == nullptr) return absl::NotFoundError(id);
    for (DatasetVersion& v : versions_[id]) {
      if (v.version != version) continue;
      if (v.state == "released") return absl::FailedPreconditionError("released");
      v.state = "released";
      d->released_version = std::max(d->released_version, version);
      d->observation_count = v.observations;
      ++released_events;
      return v;
    }
    return absl::NotFoundError(id);
  }
  absl::StatusOr<std::string> DisclosureSecret() override { return secret; }

  int released_events = 0;  // what the PostgreSQL store would put in its outbox

  std::string secret = "0123456789abcdef0123456789abcdef";

 private:
  Dataset* Mutable(const std::string& id) {
    for (Dataset& d : rows_) {
      if (d.id == id) return &d;
    }
    return nullptr;
  }

  std::vector<Dataset> rows_;
  std::map<std::string, std::vector<DatasetVersion>> versions_;
  std::vector<Codelist> codelists_;
  std::map<std::pair<std::string, int>, std::vector<Observation>> observations_;
};

// A small dataset shaped like the UN DESA table, for tests: REF_AREA (FRA,
// ESP, ISL) x SEX (_T, M, F) x TIME_PERIOD (2010, 2020); M + F = _T, and
// Iceland's cells are small (1-4).
inline void AddSampleDataset(MemoryDatasetStore& store) {
  Dataset d{.id = "sample",
            .title = {"Test set", "Jeu de test", "مجموعة اختبار"},
            .source = "test source",
            .licence = "CC0",
            .reference_period = "2010-2020",
            .dimensions = {{"REF_AREA", "CL_AREA"}, {"SEX", "CL_SEX"}, {"TIME_PERIOD", ""}}};
  std::vector<Observation> obs;
  const std::vector<std::tuple<std::string, std::string, int64_t, int64_t>> rows = {
      {"FRA", "2010", 500001, 400002}, {"FRA", "2020", 600003, 500004},
      {"ESP", "2010", 300011, 200012}, {"ESP", "2020", 400013, 300014},
      {"ISL", "2010", 1, 2},           {"ISL", "2020", 3, 1}};
  for (const auto& [area, year, m, f] : rows) {
    obs.push_back({.key = {area, "M", year}, .value = m});
    obs.push_back({.key = {area, "F", year}, .value = f});
    obs.push_back({.key = {area, "_T", year}, .value = m + f});
  }
  store.Add(std::move(d), std::move(obs));
  store.AddCodelist({.id = "CL_AREA",
                     .agency = "MA.MRE",
                     .name = {"Area", "Zone", "منطقة"},
                     .codes = {{"FRA", {"France", "France", "فرنسا"}},
                               {"ESP", {"Spain", "Espagne", "إسبانيا"}},
                               {"ISL", {"Iceland", "Islande", "آيسلندا"}},
                               {"ITA", {"Italy", "Italie", "إيطاليا"}}}});
  store.AddCodelist({.id = "CL_SEX",
                     .agency = "SDMX",
                     .name = {"Sex", "Sexe", "الجنس"},
                     .codes = {{"_T", {"Total", "Total", "المجموع"}},
                               {"M", {"Male", "Hommes", "ذكور"}},
                               {"F", {"Female", "Femmes", "إناث"}}}});
}

}  // namespace atlas::stats

#endif  // ATLAS_STATS_DOMAIN_MEMORY_DATASET_STORE_H_
