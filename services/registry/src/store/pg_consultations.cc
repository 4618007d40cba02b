// Stakeholder consultations in PostgreSQL.
#include "registry/store/pg_consultations.h"

#include <map>
#include <set>

#include <pqxx/pqxx>

#include "atlas/core/json.h"
#include "atlas/db/pool.h"
#include "nlohmann/json.hpp"

namespace atlas::registry {
namespace {

constexpr char kColumns[] = R"sql(
  c.id::text, c.title, array_to_json(c.criteria)::text, array_to_json(c.practices)::text,
  array_to_json(c.invited)::text, extract(epoch FROM c.close_time)::bigint,
  c.closed OR c.close_time <= now(), c.created_by, extract(epoch FROM c.create_time)::bigint)sql";

v1::Consultation FromRow(const pqxx::row& r) {
  v1::Consultation c;
  c.set_name("consultations/" + r[0].as<std::string>());
  c.set_title(r[1].as<std::string>());
  for (int v : nlohmann::json::parse(r[2].as<std::string>())) {
    c.add_criteria(static_cast<v1::DacCriterion>(v));
  }
  for (const auto& p : nlohmann::json::parse(r[3].as<std::string>())) {
    c.add_practices("projects/" + p.get<std::string>());
  }
  for (const auto& h : nlohmann::json::parse(r[4].as<std::string>()))
    c.add_invited(h.get<std::string>());
  c.mutable_close_time()->set_seconds(r[5].as<int64_t>());
  c.set_closed(r[6].as<bool>());
  c.set_created_by(r[7].as<std::string>());
  c.mutable_create_time()->set_seconds(r[8].as<int64_t>());
  return c;
}

// The consultation's row (`lock`: for update); plain NOT_FOUND.
absl::StatusOr<v1::Consultation> Row(pqxx::transaction_base& tx, const std::string& id, bool lock) {
  pqxx::result r = tx.exec_params(std::string("SELECT ") + kColumns +
                                      " FROM consultations c WHERE c.id = $1::uuid" +
                                      (lock ? " FOR UPDATE" : ""),
                                  id);
  if (r.empty()) return absl::NotFoundError("consultations/" + id);
  return FromRow(r[0]);
}

}  // namespace

absl::StatusOr<std::string> PgConsultations::Insert(
    const v1::Consultation& c, const std::string& creator,
    const std::function<absl::Status(const std::set<std::string>& good_practices)>& check) {
  nlohmann::json criteria = nlohmann::json::array(), practices = nlohmann::json::array(),
                 invited = nlohmann::json::array();
  for (int v : c.criteria()) criteria.push_back(v);
  for (const auto& p : c.practices()) practices.push_back(p.substr(p.rfind('/') + 1));
  for (const auto& h : c.invited()) invited.push_back(h);
  std::string id;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    // Published good practices, locked until the insert commits.
    std::set<std::string> found;
    for (const auto& row : tx.exec_params("SELECT id::text FROM projects WHERE id::text IN (SELECT "
                                          "jsonb_array_elements_text($1::jsonb)) "
                                          "AND good_practice AND published_doc IS NOT NULL "
                                          "FOR SHARE",
                                          core::DumpJson(practices))) {
      found.insert("projects/" + row[0].as<std::string>());
    }
    if (absl::Status ok = check(found); !ok.ok()) return ok;
    id = tx.exec_params1(
               "INSERT INTO consultations (title, criteria, practices, invited, close_time, "
               "created_by) "
               "VALUES ($1, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)::int), "
               "ARRAY(SELECT jsonb_array_elements_text($3::jsonb)::uuid), "
               "ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), to_timestamp($5), $6) "
               "RETURNING id::text",
               c.title(), core::DumpJson(criteria), core::DumpJson(practices),
               core::DumpJson(invited), c.close_time().seconds(), creator)[0]
             .as<std::string>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return id;
}

absl::StatusOr<v1::Consultation> PgConsultations::Find(const std::string& id) {
  absl::StatusOr<v1::Consultation> out = absl::NotFoundError("consultations/" + id);
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    out = Row(tx, id, false);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<v1::Consultation>> PgConsultations::List(bool all,
                                                                    const std::string& name,
                                                                    int limit) {
  std::vector<v1::Consultation> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& row : tx.exec_params(std::string("SELECT ") + kColumns +
                                              " FROM consultations c WHERE $1 OR $2 = ANY "
                                              "(c.invited) ORDER BY c.create_time DESC LIMIT $3",
                                          all, name, limit)) {
      out.push_back(FromRow(row));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<Ballot>> PgConsultations::Ballots(const std::string& id) {
  std::vector<Ballot> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& row : tx.exec_params("SELECT voter, scores::text FROM ballots WHERE "
                                          "consultation_id = $1::uuid ORDER BY voter",
                                          id)) {
      Ballot ballot{.voter = row[0].as<std::string>(), .scores = {}};
      for (const auto& j : nlohmann::json::parse(row[1].as<std::string>())) {
        v1::BallotScore b;
        b.set_practice(j["practice"].get<std::string>());
        b.set_criterion(static_cast<v1::DacCriterion>(j["criterion"].get<int>()));
        b.set_score(j["score"].get<int>());
        ballot.scores.push_back(std::move(b));
      }
      out.push_back(std::move(ballot));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::map<std::string, std::string>> PgConsultations::PracticeTitles(
    const std::string& id) {
  std::map<std::string, std::string> titles;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& row : tx.exec_params(
             "SELECT 'projects/' || id::text, COALESCE(NULLIF(published_doc#>>'{title,fr}', ''), "
             "NULLIF(published_doc#>>'{title,en}', ''), published_doc#>>'{title,ar}', '') "
             "FROM projects WHERE id IN (SELECT unnest(practices) FROM consultations WHERE id = "
             "$1::uuid)",
             id)) {
      titles[row[0].as<std::string>()] = row[1].as<std::string>();
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return titles;
}

absl::Status PgConsultations::CastBallot(
    const std::string& id, const Ballot& ballot,
    const std::function<absl::Status(const v1::Consultation&)>& check) {
  return pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    absl::StatusOr<v1::Consultation> c = Row(tx, id, /*lock=*/true);
    if (!c.ok()) return c.status();
    if (absl::Status ok = check(*c); !ok.ok()) return ok;
    nlohmann::json scores = nlohmann::json::array();
    for (const auto& b : ballot.scores) {
      scores.push_back({{"practice", b.practice()},
                        {"criterion", static_cast<int>(b.criterion())},
                        {"score", b.score()}});
    }
    tx.exec_params0(
        "INSERT INTO ballots (consultation_id, voter, scores) VALUES ($1::uuid, $2, $3::jsonb) "
        "ON CONFLICT (consultation_id, voter) DO UPDATE SET scores = EXCLUDED.scores, update_time "
        "= now()",
        id, ballot.voter, core::DumpJson(scores));
    return absl::OkStatus();
  });
}

absl::Status PgConsultations::Close(const std::string& id) {
  return pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    pqxx::result r = tx.exec_params(
        "UPDATE consultations SET closed = true WHERE id = $1::uuid RETURNING id", id);
    return r.empty() ? absl::NotFoundError("consultations/" + id) : absl::OkStatus();
  });
}

}  // namespace atlas::registry
