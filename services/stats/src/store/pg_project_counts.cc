#include "stats/store/pg_project_counts.h"

#include <nlohmann/json.hpp>

#include "atlas/db/pool.h"

namespace atlas::stats {

bool UpsertProject(pqxx::work& tx, const PublicProject& p) {
  // `old` is the row before this statement (a CTE reads the statement's
  // snapshot): the public counts change when a row was written, was or is
  // public, and differs from what it was.
  return tx
      .exec_params1(
          "WITH old AS (SELECT public, countries, status, demo FROM project_countries"
          "             WHERE project = $1),"
          " up AS (INSERT INTO project_countries (project, public, countries, status, demo, seq)"
          " VALUES ($1, $2, ARRAY(SELECT jsonb_array_elements_text($3::jsonb)), $4, $5, $6)"
          " ON CONFLICT (project) DO UPDATE SET public = EXCLUDED.public,"
          " countries = EXCLUDED.countries, status = EXCLUDED.status, demo = EXCLUDED.demo,"
          " seq = EXCLUDED.seq WHERE project_countries.seq < EXCLUDED.seq"
          " RETURNING public, countries, status, demo)"
          " SELECT EXISTS (SELECT 1 FROM up u LEFT JOIN old o ON true"
          "   WHERE (u.public OR coalesce(o.public, false))"
          "     AND (o.public IS NULL OR (o.public, o.countries, o.status, o.demo)"
          "          IS DISTINCT FROM (u.public, u.countries, u.status, u.demo)))",
          p.name, p.is_public, nlohmann::json(p.countries).dump(), p.status, p.demo,
          static_cast<int64_t>(p.seq))[0]
      .as<bool>();
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
