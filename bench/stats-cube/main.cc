// atlas-stats's cube on the DIOC-shaped benchmark records (scripts/lib/gen-dioc-demo.mjs): reads
// them, aggregates them into observations (one per distinct combination,
// the count as value: the pre-aggregation the service does for microdata),
// builds the cube through DatasetService on an in-memory store, and times
// the three queries through DatasetService::Run (validation,
// selection, aggregation; exact values, as an analyst's): Q1 country x sex
// for high education in 2010; Q2 country x sex x age x education x labour
// status; Q3 one cell. Prints one JSON line: medians in ms, the cube's bytes
// and the process's resident memory.
//   atlas-bench-stats-cube RECORDS.csv RUNS
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "stats/domain/dataset_service.h"
#include "stats/domain/memory_dataset_store.h"

namespace {

long RssKib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace atlas::stats;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s RECORDS.csv RUNS\n", argv[0]);
    return 2;
  }
  const int runs = std::max(1, std::atoi(argv[2]));
  const long rss_start = RssKib();
  std::ifstream in(argv[1]);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> dims = absl::StrSplit(line, ',');
  std::map<std::string, int64_t> counts;
  int64_t records = 0;
  while (std::getline(in, line)) {
    ++counts[line];
    ++records;
  }
  std::vector<Observation> obs;
  obs.reserve(counts.size());
  for (const auto& [key, n] : counts) {
    obs.push_back({.key = absl::StrSplit(key, ','), .value = n});
  }
  counts.clear();
  Dataset d{.id = "dioc-demo", .demo = true};
  for (const std::string& dim : dims) d.dimensions.push_back({dim, ""});
  MemoryDatasetStore store;
  const size_t cells = obs.size();
  store.Add(std::move(d), std::move(obs));
  DatasetService service(store);
  const long rss_before = RssKib();
  auto built = service.Warm();
  if (!built.ok()) {
    std::fprintf(stderr, "%s\n", std::string(built.status().message()).c_str());
    return 1;
  }
  const long rss_after = RssKib();
  const std::vector<std::pair<const char*, Query>> queries = {
      {"q1",
       {.dataset = "dioc-demo",
        .group_by = {"REF_AREA", "SEX"},
        .filters = {"EDUCATION=ISCED11_5T8", "TIME_PERIOD=2010"}}},
      {"q2",
       {.dataset = "dioc-demo", .group_by = {"REF_AREA", "SEX", "AGE", "EDUCATION", "LABOUR"}}},
      {"q3",
       {.dataset = "dioc-demo",
        .filters = {"REF_AREA=FRA", "SEX=F", "AGE=Y25T34", "EDUCATION=ISCED11_5T8", "LABOUR=EMP",
                    "OCCUPATION=ISCO08_2", "DURATION=Y_GT10"}}},
  };
  std::printf(
      "{\"records\": %lld, \"cells\": %zu, \"cube_bytes\": %zu, \"rss_cube_kib\": %ld, "
      "\"rss_total_kib\": %ld",
      static_cast<long long>(records), cells, *built, rss_after - rss_before, rss_after);
  (void)rss_start;
  // ONLY=q3 (say) times one query: for profiling it alone.
  const char* only = std::getenv("ONLY");
  for (const auto& [name, q] : queries) {
    if (only != nullptr && std::string(only) != name) continue;
    std::vector<double> ms;
    size_t answer = 0;
    int64_t first = 0;
    for (int i = 0; i < runs; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      auto r = service.Run(q, Reader{.exact = true});
      const auto t1 = std::chrono::steady_clock::now();
      if (!r.ok()) {
        std::fprintf(stderr, "%s: %s\n", name, std::string(r.status().message()).c_str());
        return 1;
      }
      answer = r->cells.size();
      first = r->cells.empty() ? 0 : r->cells[0].value.value_or(0);
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::printf(", \"%s_ms\": %.4f, \"%s_cells\": %zu, \"%s_first\": %lld", name, Median(ms), name,
                answer, name, static_cast<long long>(first));
  }
  std::printf("}\n");
  return 0;
}
