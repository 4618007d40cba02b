// Datasets, code lists and observations in PostgreSQL.
#include "stats/store/pg_dataset_store.h"

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/json.h"
#include "atlas/db/page.h"
#include "atlas/db/pool.h"
#include "atlas/stats/events/v1/dataset_events.pb.h"

namespace atlas::stats {
namespace {

constexpr char kColumns[] = R"sql(
SELECT d.seq, d.id, d.title::text, d.description::text, d.producer, d.source, d.source_url,
       d.licence, d.method, d.reference_period, d.unit, d.grade, d.demo,
       (SELECT json_agg(json_build_array(m.id, coalesce(m.codelist_id, '')) ORDER BY m.position)
          FROM dataset_dimensions m WHERE m.dataset_id = d.id)::text,
       coalesce(v.version, 0),
       (SELECT count(*) FROM observations o WHERE o.dataset_id = d.id AND o.version = v.version),
       (SELECT coalesce(max(version), 0) FROM dataset_versions WHERE dataset_id = d.id),
       coalesce(d.data_source, '')
FROM datasets d
LEFT JOIN LATERAL (SELECT max(version) AS version FROM dataset_versions
                   WHERE dataset_id = d.id AND state = 'released') v ON true
)sql";

constexpr char kVersionColumns[] = R"sql(
SELECT v.version, v.state, v.content_sha256,
       to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), v.created_by,
       coalesce(to_char(v.released_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''),
       (SELECT count(*) FROM observations o WHERE o.dataset_id = v.dataset_id AND o.version = v.version)
FROM dataset_versions v)sql";

DatasetVersion VersionOf(const pqxx::row& r) {
  return {.version = r[0].as<int>(),
          .state = r[1].as<std::string>(),
          .content_sha256 = r[2].as<std::string>(),
          .create_time = r[3].as<std::string>(),
          .created_by = r[4].as<std::string>(),
          .release_time = r[5].as<std::string>(),
          .observations = r[6].as<int64_t>()};
}

// A PostgreSQL array literal of `items` (each quoted; "NULL" unquoted for
// absent values): passed as one parameter, never spliced into SQL.
std::string ArrayLiteral(const std::vector<std::optional<std::string>>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    if (!items[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : *items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Dataset DatasetOf(const pqxx::row& r) {
  Dataset d{.id = r[1].as<std::string>(),
            .title = core::LocalizedFromJson(r[2].as<std::string>()),
            .description = core::LocalizedFromJson(r[3].as<std::string>()),
            .producer = r[4].as<std::string>(),
            .source = r[5].as<std::string>(),
            .source_url = r[6].as<std::string>(),
            .licence = r[7].as<std::string>(),
            .method = r[8].as<std::string>(),
            .reference_period = r[9].as<std::string>(),
            .unit = r[10].as<std::string>(),
            .grade = r[11].as<std::string>(),
            .demo = r[12].as<bool>()};
  if (!r[13].is_null()) {
    for (const auto& dim : nlohmann::json::parse(r[13].as<std::string>())) {
      d.dimensions.push_back({dim[0].get<std::string>(), dim[1].get<std::string>()});
    }
  }
  d.released_version = r[14].as<int>();
  d.observation_count = r[15].as<int64_t>();
  d.latest_version = r[16].as<int>();
  d.data_source = r[17].as<std::string>();
  return d;
}

}  // namespace

absl::StatusOr<DatasetPage> PgDatasetStore::List(int limit, int64_t after_seq, bool released_only) {
  DatasetPage page;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    page = db::TakePage<Dataset>(
        tx.exec_params(std::string(kColumns) +
                           " WHERE d.seq > $1 AND (NOT $3 OR v.version IS NOT NULL)"
                           " ORDER BY d.seq LIMIT $2",
                       after_seq, limit + 1, released_only),
        limit, [](const pqxx::row& r, int64_t* seq) {
          *seq = r[0].as<int64_t>();
          return DatasetOf(r);
        });
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return page;
}

absl::StatusOr<Dataset> PgDatasetStore::Find(const std::string& id) {
  Dataset d;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec_params(std::string(kColumns) + " WHERE d.id = $1", id);
    if (r.empty()) return absl::NotFoundError(id);
    d = DatasetOf(r[0]);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return d;
}

absl::StatusOr<std::vector<Codelist>> PgDatasetStore::Codelists() {
  std::vector<Codelist> lists;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r :
         tx.exec("SELECT id, agency, version, name::text FROM codelists ORDER BY id")) {
      lists.push_back({.id = r[0].as<std::string>(),
                       .agency = r[1].as<std::string>(),
                       .version = r[2].as<std::string>(),
                       .name = core::LocalizedFromJson(r[3].as<std::string>())});
    }
    for (const auto& r : tx.exec(
             "SELECT codelist_id, code, name::text FROM codes ORDER BY codelist_id, position")) {
      for (Codelist& l : lists) {
        if (l.id == r[0].as<std::string>()) {
          l.codes.push_back(
              {r[1].as<std::string>(), core::LocalizedFromJson(r[2].as<std::string>())});
        }
      }
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return lists;
}

absl::StatusOr<std::vector<Observation>> PgDatasetStore::Observations(const std::string& id,
                                                                      int version) {
  std::vector<Observation> obs;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result rows = tx.exec_params(
        "SELECT array_to_json(key)::text, value, status, note FROM observations "
        "WHERE dataset_id = $1 AND version = $2 ORDER BY key",
        id, version);
    obs.reserve(rows.size());
    for (const auto& r : rows) {
      Observation o;
      for (const auto& k : nlohmann::json::parse(r[0].as<std::string>())) {
        o.key.push_back(k.get<std::string>());
      }
      if (!r[1].is_null()) o.value = r[1].as<int64_t>();
      const std::string status = r[2].as<std::string>();
      o.status = status.empty() ? 'A' : status[0];
      o.note = r[3].as<std::string>();
      obs.push_back(std::move(o));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return obs;
}

absl::StatusOr<std::pair<int, bool>> PgDatasetStore::InsertVersion(
    const std::string& id, const std::string& sha256, const std::string& creator,
    const std::vector<Observation>& observations) {
  std::pair<int, bool> out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    // One import per dataset at a time: the next version number is ours.
    if (tx.exec_params("SELECT 1 FROM datasets WHERE id = $1 FOR UPDATE", id).empty()) {
      return absl::NotFoundError(id);
    }
    pqxx::result same = tx.exec_params(
        "SELECT version FROM dataset_versions WHERE dataset_id = $1 AND content_sha256 = $2", id,
        sha256);
    if (!same.empty()) {
      out = {same[0][0].as<int>(), false};
      return absl::OkStatus();
    }
    const int version = tx.exec_params1(
                              "SELECT coalesce(max(version), 0) + 1 FROM dataset_versions "
                              "WHERE dataset_id = $1",
                              id)[0]
                            .as<int>();
    tx.exec_params(
        "INSERT INTO dataset_versions (dataset_id, version, state, content_sha256, created_by) "
        "VALUES ($1, $2, 'draft', $3, $4)",
        id, version, sha256, creator);
    // In batches: each a handful of array parameters unnested by the server.
    constexpr size_t kBatch = 20000;
    for (size_t start = 0; start < observations.size(); start += kBatch) {
      std::vector<std::optional<std::string>> keys, values, statuses, notes;
      for (size_t i = start; i < std::min(observations.size(), start + kBatch); ++i) {
        const Observation& o = observations[i];
        std::string key;
        for (const std::string& k : o.key) key += (key.empty() ? "" : "\x1f") + k;
        keys.emplace_back(std::move(key));
        values.push_back(o.value ? std::optional(std::to_string(*o.value)) : std::nullopt);
        statuses.emplace_back(std::string(1, o.status));
        notes.emplace_back(o.note);
      }
      tx.exec_params(
          "INSERT INTO observations (dataset_id, version, key, value, status, note) "
          "SELECT $1, $2, string_to_array(k, E'\\x1f'), v, s, n "
          "FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[]) AS t(k, v, s, n)",
          id, version, ArrayLiteral(keys), ArrayLiteral(values), ArrayLiteral(statuses),
          ArrayLiteral(notes));
    }
    out = {version, true};
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<DatasetVersion>> PgDatasetStore::Versions(const std::string& id) {
  std::vector<DatasetVersion> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& r : tx.exec_params(
             std::string(kVersionColumns) + " WHERE v.dataset_id = $1 ORDER BY v.version", id)) {
      out.push_back(VersionOf(r));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<DatasetVersion> PgDatasetStore::Release(const std::string& id, int version,
                                                       const std::string& actor) {
  DatasetVersion out;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        "SELECT state FROM dataset_versions WHERE dataset_id = $1 AND version = $2 FOR UPDATE", id,
        version);
    if (r.empty()) return absl::NotFoundError(id);
    if (r[0][0].as<std::string>() == "released") return absl::FailedPreconditionError("released");
    tx.exec_params(
        "UPDATE dataset_versions SET state = 'released', released_at = now() "
        "WHERE dataset_id = $1 AND version = $2",
        id, version);
    out = VersionOf(tx.exec_params1(
        std::string(kVersionColumns) + " WHERE v.dataset_id = $1 AND v.version = $2", id, version));
    const bool demo = tx.exec_params1("SELECT demo FROM datasets WHERE id = $1", id)[0].as<bool>();
    events::v1::DatasetReleased e;
    e.set_name("datasets/" + id);
    e.set_version(version);
    e.set_observations(out.observations);
    e.set_demo(demo);
    e.set_actor(actor);
    return bus::AppendToOutbox(
        tx, bus::NewEvent("/atlas/stats", "ma.sharaka.atlas.dataset.released.v1", e.name(),
                          "atlas.stats.dataset.released", e.SerializeAsString()));
  });
  if (!s.ok()) return s;
  if (wake_) wake_();
  return out;
}

absl::StatusOr<std::string> PgDatasetStore::DisclosureSecret() {
  std::string secret;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    pqxx::result r = tx.exec("SELECT encode(secret, 'hex') FROM disclosure_secret");
    if (r.empty()) return absl::FailedPreconditionError("no disclosure secret");
    secret = absl::HexStringToBytes(r[0][0].as<std::string>());
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return secret;
}

}  // namespace atlas::stats
