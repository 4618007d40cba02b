// The registry's search inside one process, on an existing database: the
// in-memory mirror (PgProjectStore::Search) against the same store's
// PostgreSQL path (SearchSql, the named peer) on the same random filter
// combinations, anonymous, pageSize 20; no HTTP, no gRPC. Prints the mirror's
// load time and size, medians, p99 and the ratio. bench/registry-search/run
// calls it on the generated 100 000-project portfolio.
//   atlas-bench-registry-mirror postgresql://postgres@127.0.0.1:55402/atlas 300
//   atlas-bench-registry-mirror URL 300 mirror   # the mirror alone
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "atlas/db/pool.h"
#include "registry/domain/vocabulary.h"
#include "registry/store/pg_project_store.h"

namespace {

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double Pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1,
                    static_cast<size_t>(p / 100 * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace atlas;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s PG_URL N\n", argv[0]);
    return 2;
  }
  auto pool = db::Pool::Open({.url = argv[1], .schema = "registry"});
  if (!pool.ok()) {
    std::fprintf(stderr, "%s\n", pool.status().ToString().c_str());
    return 1;
  }
  registry::PgProjectStore store(**pool, [] {});
  const auto t0 = std::chrono::steady_clock::now();
  if (absl::Status s = store.LoadMirror(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("mirror: %zu rows, ~%.1f MiB, loaded in %.0f ms\n", store.MirrorRows(),
              static_cast<double>(store.MirrorBytes()) / (1 << 20),
              Ms(std::chrono::steady_clock::now() - t0));
  const int n = std::stoi(argv[2]);
  std::mt19937 rng(42);
  auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
  std::vector<std::string> themes, regions;
  for (const auto& t : registry::DefaultThemes()) themes.push_back(t.code);
  for (const auto& t : registry::Regions()) regions.push_back(t.code);
  const std::vector<std::string> orders = {"", "recent", "title", "budget", "-budget", "start"};
  auto pick = [&](const std::vector<std::string>& v) {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  std::vector<double> memory, sql;
  for (int i = 0; i < n; ++i) {
    registry::v1::ListProjectsRequest q;
    if (chance(0.5)) q.add_themes(pick(themes));
    if (chance(0.5)) q.add_region_codes(pick(regions));
    if (chance(0.3)) q.set_year_from(std::uniform_int_distribution<int>(2008, 2016)(rng));
    if (chance(0.3)) q.set_budget_min(std::uniform_int_distribution<int>(1, 20)(rng) * 50000);
    q.set_order_by(pick(orders));
    for (auto* out : {&memory, &sql}) {
      if (out == &sql && argc > 3) continue;  // a third argument: the mirror alone
      const auto start = std::chrono::steady_clock::now();
      auto r = out == &memory ? store.Search(q, {}, 20, 0, true, {})
                              : store.SearchSql(q, {}, 20, 0, true);
      if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
        return 1;
      }
      out->push_back(Ms(std::chrono::steady_clock::now() - start));
    }
  }
  std::printf("in-process search, %d new filter combinations, pageSize 20 (ms):\n", n);
  std::printf("  mirror          p50 %8.2f  p99 %8.2f\n", Pct(memory, 50), Pct(memory, 99));
  if (!sql.empty()) {
    std::printf("  PostgreSQL only p50 %8.2f  p99 %8.2f\n", Pct(sql, 50), Pct(sql, 99));
    std::printf("  ratio PostgreSQL / mirror (median) %.1fx\n", Pct(sql, 50) / Pct(memory, 50));
  }
  return 0;
}
