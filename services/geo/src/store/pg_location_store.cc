// PostGIS read model.
#include "store/pg_location_store.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "atlas/db/page.h"
#include "atlas/db/pool.h"

namespace atlas::geo {
namespace {

constexpr char kUpsert[] = R"sql(
INSERT INTO project_locations (project, title, themes, region_codes, location, event_seq,
                               published, organisation)
VALUES ($1, $2, string_to_array($3, ','), string_to_array($4, ','),
        public.ST_SetSRID(public.ST_MakePoint($6, $5), 4326), $7, $8, $9)
ON CONFLICT (project, published) DO UPDATE SET
  title = EXCLUDED.title, themes = EXCLUDED.themes, region_codes = EXCLUDED.region_codes,
  location = EXCLUDED.location, event_seq = EXCLUDED.event_seq,
  organisation = EXCLUDED.organisation
WHERE project_locations.event_seq < EXCLUDED.event_seq)sql";

// Boxes arrive pre-split at the antimeridian ($1..$4 and $5..$8 may repeat).
constexpr char kSearch[] = R"sql(
SELECT project, title, public.ST_Y(location), public.ST_X(location),
       array_to_string(themes, ','), array_to_string(region_codes, ',')
FROM project_locations
WHERE (location OPERATOR(public.&&) public.ST_MakeEnvelope($1, $2, $3, $4, 4326)
    OR location OPERATOR(public.&&) public.ST_MakeEnvelope($5, $6, $7, $8, 4326))
  AND published <> ($10 OR ($11 <> '' AND organisation = $11))
ORDER BY project
LIMIT $9)sql";

std::vector<std::string> Split(const pqxx::field& f) {
  std::string s = f.as<std::string>();
  if (s.empty()) return {};
  return absl::StrSplit(s, ',');
}

}  // namespace

void UpsertLocation(pqxx::work& tx, const ProjectLocation& loc, uint64_t event_seq) {
  tx.exec_params0(kUpsert, loc.project, loc.title, absl::StrJoin(loc.themes, ","),
                  absl::StrJoin(loc.region_codes, ","), loc.lat, loc.lng,
                  static_cast<int64_t>(event_seq), loc.published, loc.organisation);
}

void RemoveLocation(pqxx::work& tx, const std::string& project, bool published,
                    uint64_t event_seq) {
  tx.exec_params0(
      "DELETE FROM project_locations WHERE project = $1 AND published = $2 AND event_seq < $3",
      project, published, static_cast<int64_t>(event_seq));
}

absl::StatusOr<SearchResult> SearchLocations(db::Pool& pool, const Bbox& box, int limit,
                                             const Viewer& viewer) {
  std::vector<Bbox> parts = SplitAtAntimeridian(box);
  const Bbox& a = parts[0];
  const Bbox& b = parts.back();
  SearchResult out;
  absl::Status s = pool.Read([&](pqxx::transaction_base& tx) {
    auto page = db::TakePage<ProjectLocation>(
        tx.exec_params(kSearch, a.west, a.south, a.east, a.north, b.west, b.south, b.east, b.north,
                       limit + 1, viewer.sees_all, viewer.organisation),
        limit, [](const pqxx::row& row, int64_t*) {
          return ProjectLocation{row[0].as<std::string>(),
                                 row[1].as<std::string>(),
                                 row[2].as<double>(),
                                 row[3].as<double>(),
                                 Split(row[4]),
                                 Split(row[5]),
                                 false,
                                 ""};
        });
    out.locations = std::move(page.items);
    out.truncated = page.more;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace atlas::geo
