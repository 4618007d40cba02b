#include "stats/store/pg_data_source_store.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/json.h"
#include "atlas/db/page.h"
#include "atlas/db/pool.h"
#include "atlas/stats/events/v1/dataset_events.pb.h"

namespace atlas::stats {
namespace {

constexpr char kColumns[] = R"sql(
SELECT s.seq, s.id, s.holder, s.title, s.population, s.coverage, s.period, s.variables,
       s.frequency, s.access, s.url, s.revision,
       to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
       coalesce((SELECT json_agg(d.id ORDER BY d.seq) FROM datasets d
                 WHERE d.data_source = s.id)::text, '[]')
FROM data_sources s)sql";

DataSource SourceOf(const pqxx::row& r) {
  DataSource s{.id = r[1].as<std::string>(),
               .holder = r[2].as<std::string>(),
               .title = core::LocalizedFromJson(r[3].as<std::string>()),
               .population = core::LocalizedFromJson(r[4].as<std::string>()),
               .coverage = core::LocalizedFromJson(r[5].as<std::string>()),
               .period = r[6].as<std::string>(),
               .variables = core::LocalizedFromJson(r[7].as<std::string>()),
               .frequency = r[8].as<std::string>(),
               .access = core::LocalizedFromJson(r[9].as<std::string>()),
               .url = r[10].as<std::string>(),
               .revision = r[11].as<int64_t>(),
               .update_time = r[12].as<std::string>()};
  for (const auto& d : nlohmann::json::parse(r[13].as<std::string>())) {
    s.datasets.push_back(d.get<std::string>());
  }
  return s;
}

// The change, with the row, in the same transaction (the outbox relay sends it).
absl::Status Announce(pqxx::work& tx, const DataSource& src, const char* verb,
                      const std::string& actor) {
  events::v1::DataSourceChanged e;
  e.set_name("dataSources/" + src.id);
  e.set_revision(src.revision);
  e.set_actor(actor);
  return bus::AppendToOutbox(
      tx, bus::NewEvent("/atlas/stats", absl::StrCat("ma.sharaka.atlas.data_source.", verb, ".v1"),
                        e.name(), absl::StrCat("atlas.stats.data_source.", verb),
                        e.SerializeAsString()));
}

absl::StatusOr<DataSource> FindIn(pqxx::transaction_base& tx, const std::string& id) {
  pqxx::result r = tx.exec_params(std::string(kColumns) + " WHERE s.id = $1", id);
  if (r.empty()) return absl::NotFoundError(id);
  return SourceOf(r[0]);
}

}  // namespace

absl::StatusOr<DataSourcePage> PgDataSourceStore::List(int limit, int64_t after) {
  DataSourcePage page;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    page = db::TakePage<DataSource>(
        tx.exec_params(std::string(kColumns) + " WHERE s.seq > $1 ORDER BY s.seq LIMIT $2", after,
                       limit + 1),
        limit, [](const pqxx::row& r, int64_t* seq) {
          *seq = r[0].as<int64_t>();
          return SourceOf(r);
        });
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return page;
}

absl::StatusOr<DataSource> PgDataSourceStore::Find(const std::string& id) {
  absl::StatusOr<DataSource> found = absl::NotFoundError(id);
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    found = FindIn(tx, id);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return found;
}

absl::StatusOr<DataSource> PgDataSourceStore::Insert(const DataSource& src,
                                                     const std::string& actor) {
  absl::StatusOr<DataSource> out = absl::InternalError("not written");
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO data_sources (id, holder, title, population, coverage, period, variables,"
        " frequency, access, url, updated_by)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        src.id, src.holder, core::LocalizedToJson(src.title), core::LocalizedToJson(src.population),
        core::LocalizedToJson(src.coverage), src.period, core::LocalizedToJson(src.variables),
        src.frequency, core::LocalizedToJson(src.access), src.url, actor);
    out = FindIn(tx, src.id);
    if (!out.ok()) return out.status();
    return Announce(tx, *out, "created", actor);
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return out;
}

absl::StatusOr<DataSource> PgDataSourceStore::Update(const DataSource& src, int64_t revision,
                                                     const std::string& actor) {
  absl::StatusOr<DataSource> out = absl::InternalError("not written");
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        "UPDATE data_sources SET holder = $3, title = $4, population = $5, coverage = $6,"
        " period = $7, variables = $8, frequency = $9, access = $10, url = $11,"
        " updated_by = $12, updated_at = now(), revision = revision + 1"
        " WHERE id = $1 AND revision = $2",
        src.id, revision, src.holder, core::LocalizedToJson(src.title),
        core::LocalizedToJson(src.population), core::LocalizedToJson(src.coverage), src.period,
        core::LocalizedToJson(src.variables), src.frequency, core::LocalizedToJson(src.access),
        src.url, actor);
    if (r.affected_rows() == 0) {
      absl::StatusOr<DataSource> now = FindIn(tx, src.id);
      return now.ok() ? absl::AbortedError(src.id) : now.status();
    }
    out = FindIn(tx, src.id);
    if (!out.ok()) return out.status();
    return Announce(tx, *out, "updated", actor);
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return out;
}

}  // namespace atlas::stats
