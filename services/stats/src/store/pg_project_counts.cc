#include "stats/store/pg_project_counts.h"

#include <nlohmann/json.hpp>

#include "atlas/db/pool.h"

namespace atlas::stats {

void UpsertProject(pqxx::work& tx, const PublicProject& p) {
  tx.exec_params(
      "INSERT INTO project_countries (project, public, countries, status, demo, seq)"
      " VALUES ($1, $2, ARRAY(SELECT jsonb_array_elements_text($3::jsonb)), $4, $5, $6)"
      " ON CONFLICT (project) DO UPDATE SET public = EXCLUDED.public,"
      " countries = EXCLUDED.countries, status = EXCLUDED.status, demo = EXCLUDED.demo,"
      " seq = EXCLUDED.seq WHERE project_countries.seq < EXCLUDED.seq",
      p.name, p.is_public, nlohmann::json(p.countries).dump(), p.status, p.demo,
      static_cast<int64_t>(p.seq));
}

absl::StatusOr<std::map<std::string, ProjectCount>> PgProjectCounts::ActiveByCountry() {
  std::map<std::string, ProjectCount> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    // Active: public and not closed, cancelled or suspended. A project with
    // a country twice counts once.
    for (const auto& r :
         tx.exec("SELECT c, count(DISTINCT project), count(DISTINCT project) FILTER (WHERE demo)"
                 " FROM project_countries, unnest(countries) AS c"
                 " WHERE public AND status NOT IN ('CLOSED', 'CANCELLED', 'SUSPENDED')"
                 " GROUP BY c")) {
      out[r[0].as<std::string>()] = {.active = r[1].as<int>(), .demo = r[2].as<int>()};
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace atlas::stats
