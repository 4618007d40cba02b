// Datasets, code lists and observations in PostgreSQL.
#include "stats/store/pg_dataset_store.h"

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "atlas/db/page.h"
#include "atlas/db/pool.h"

namespace atlas::stats {
namespace {

constexpr char kColumns[] = R"sql(
SELECT d.seq, d.id, d.title::text, d.description::text, d.producer, d.source, d.source_url,
       d.licence, d.method, d.reference_period, d.unit, d.grade, d.demo,
       (SELECT json_agg(json_build_array(m.id, coalesce(m.codelist_id, '')) ORDER BY m.position)
          FROM dataset_dimensions m WHERE m.dataset_id = d.id)::text,
       coalesce(v.version, 0),
       (SELECT count(*) FROM observations o WHERE o.dataset_id = d.id AND o.version = v.version)
FROM datasets d
LEFT JOIN LATERAL (SELECT max(version) AS version FROM dataset_versions
                   WHERE dataset_id = d.id AND state = 'released') v ON true
)sql";

core::Localized Texts(const std::string& json) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  core::Localized l;
  if (!j.is_object()) return l;
  l.fr = j.value("fr", "");
  l.ar = j.value("ar", "");
  l.en = j.value("en", "");
  return l;
}

Dataset DatasetOf(const pqxx::row& r) {
  Dataset d{.id = r[1].as<std::string>(),
            .title = Texts(r[2].as<std::string>()),
            .description = Texts(r[3].as<std::string>()),
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
  return d;
}

}  // namespace

absl::StatusOr<DatasetPage> PgDatasetStore::List(int limit, int64_t after_seq) {
  DatasetPage page;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    page = db::TakePage<Dataset>(
        tx.exec_params(std::string(kColumns) + " WHERE d.seq > $1 ORDER BY d.seq LIMIT $2",
                       after_seq, limit + 1),
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
                       .name = Texts(r[3].as<std::string>())});
    }
    for (const auto& r : tx.exec(
             "SELECT codelist_id, code, name::text FROM codes ORDER BY codelist_id, position")) {
      for (Codelist& l : lists) {
        if (l.id == r[0].as<std::string>()) {
          l.codes.push_back({r[1].as<std::string>(), Texts(r[2].as<std::string>())});
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
