// PostgreSQL project store.
#include "store/pg_project_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/status.h"
#include "atlas/db/page.h"
#include "atlas/db/pool.h"

namespace atlas::registry {
namespace {

// Columns in the order RowToProject reads them. Codes never contain commas
// (validated), so arrays travel as comma-joined text.
constexpr char kColumns[] = R"sql(
  id::text, seq, title, summary, array_to_string(themes, ','), array_to_string(region_codes, ','),
  lat, lng, state, revision, organisation_id,
  (extract(epoch FROM create_time) * 1000000)::bigint,
  (extract(epoch FROM update_time) * 1000000)::bigint)sql";

// Statements built once, on first use.
const std::string& InsertSql() {
  static const std::string sql = std::string(R"sql(
INSERT INTO projects (title, summary, themes, region_codes, lat, lng, state, request_id,
                      organisation_id)
VALUES ($1, $2, string_to_array($3, ','), string_to_array($4, ','),
        CASE WHEN $5 THEN $6::float8 END, CASE WHEN $5 THEN $7::float8 END, 1, NULLIF($8, ''), $9)
ON CONFLICT (request_id) DO NOTHING
RETURNING )sql") + kColumns;
  return sql;
}

// The write happens only if the revision is still the one the caller read.
const std::string& UpdateSql() {
  static const std::string sql = std::string(R"sql(
UPDATE projects SET title = $2, summary = $3, themes = string_to_array($4, ','),
       region_codes = string_to_array($5, ','),
       lat = CASE WHEN $6 THEN $7::float8 END, lng = CASE WHEN $6 THEN $8::float8 END,
       revision = revision + 1, update_time = now()
WHERE id = $1::uuid AND revision = $9
RETURNING )sql") + kColumns;
  return sql;
}

const std::string& ByRequestSql() {
  static const std::string sql =
      std::string("SELECT ") + kColumns + " FROM projects WHERE request_id = $1";
  return sql;
}

const std::string& ByIdSql() {
  static const std::string sql =
      std::string("SELECT ") + kColumns + " FROM projects WHERE id = $1::uuid";
  return sql;
}

// Visibility as in CanSee(): published (3), everything, or the caller's organisation.
const std::string& PageSql() {
  static const std::string sql = std::string("SELECT ") + kColumns +
                                 " FROM projects WHERE seq > $1 AND (state = 3 OR $3 OR "
                                 "($4 <> '' AND organisation_id = $4)) ORDER BY seq LIMIT $2";
  return sql;
}

std::vector<std::string> SplitCodes(const pqxx::field& f) {
  std::string s = f.as<std::string>();
  if (s.empty()) return {};
  return absl::StrSplit(s, ',');
}

Project RowToProject(const pqxx::row& r, int64_t* seq = nullptr) {
  Project p;
  p.id = r[0].as<std::string>();
  if (seq != nullptr) *seq = r[1].as<int64_t>();
  p.title = r[2].as<std::string>();
  p.summary = r[3].as<std::string>();
  p.themes = SplitCodes(r[4]);
  p.region_codes = SplitCodes(r[5]);
  if (!r[6].is_null()) p.location = LatLng{r[6].as<double>(), r[7].as<double>()};
  p.state = static_cast<State>(r[8].as<int>());
  p.revision = r[9].as<int64_t>();
  p.organisation = r[10].as<std::string>();
  p.create_time_us = r[11].as<int64_t>();
  p.update_time_us = r[12].as<int64_t>();
  return p;
}

}  // namespace

absl::StatusOr<Project> PgProjectStore::Create(const Project& p, const std::string& request_id) {
  Project created;
  bool inserted = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    pqxx::result r = tx.exec_params(InsertSql(), p.title, p.summary, absl::StrJoin(p.themes, ","),
                                    absl::StrJoin(p.region_codes, ","), p.location.has_value(),
                                    p.location ? p.location->lat : 0.0,
                                    p.location ? p.location->lng : 0.0, request_id, p.organisation);
    inserted = !r.empty();
    if (!inserted) {
      // The same request_id was used before: answer with what it created.
      created = RowToProject(tx.exec_params1(ByRequestSql(), request_id));
      return absl::OkStatus();
    }
    created = RowToProject(r[0]);
    bus::AppendToOutbox(tx,
                        bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project.created.v1",
                                      "projects/" + created.id, "atlas.registry.project.created",
                                      encoders_.created(created)));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (inserted && after_commit_) after_commit_();
  return created;
}

absl::StatusOr<Project> PgProjectStore::Update(const Project& p, int64_t expected_revision,
                                               const std::vector<std::string>& changed_fields) {
  Project updated;
  bool found = false, stale = false;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        UpdateSql(), p.id, p.title, p.summary, absl::StrJoin(p.themes, ","),
        absl::StrJoin(p.region_codes, ","), p.location.has_value(),
        p.location ? p.location->lat : 0.0, p.location ? p.location->lng : 0.0, expected_revision);
    if (r.empty()) {
      found = !tx.exec_params(ByIdSql(), p.id).empty();
      stale = found;
      return absl::OkStatus();
    }
    found = true;
    updated = RowToProject(r[0]);
    bus::AppendToOutbox(tx,
                        bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.project.updated.v1",
                                      "projects/" + updated.id, "atlas.registry.project.updated",
                                      encoders_.updated(updated, changed_fields)));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found)
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + p.id});
  if (stale)
    return absl::AbortedError("the project changed since revision " +
                              std::to_string(expected_revision));
  if (after_commit_) after_commit_();
  return updated;
}

absl::StatusOr<Project> PgProjectStore::Get(const std::string& id) {
  Project found;
  bool exists = false;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(ByIdSql(), id);
    exists = !r.empty();
    if (exists) found = RowToProject(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!exists)
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + id});
  return found;
}

absl::StatusOr<ProjectPage> PgProjectStore::List(int limit, int64_t after_seq,
                                                 const Viewer& viewer) {
  ProjectPage page;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    page = db::TakePage<Project>(
        tx.exec_params(PageSql(), after_seq, limit + 1, viewer.sees_all, viewer.organisation),
        limit, [](const pqxx::row& row, int64_t* seq) { return RowToProject(row, seq); });
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return page;
}

}  // namespace atlas::registry
