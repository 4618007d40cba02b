// Stakeholder consultations in PostgreSQL.
#include "registry/store/pg_consultations.h"

#include <ctime>
#include <map>
#include <optional>

#include <pqxx/pqxx>

#include "atlas/core/ids.h"
#include "atlas/core/json.h"
#include "atlas/core/status.h"
#include "atlas/db/pool.h"
#include "atlas/rpc/status.h"
#include "nlohmann/json.hpp"
#include "registry/domain/consultation.h"

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

bool Invited(const v1::Consultation& c, const std::string& name) {
  return !name.empty() &&
         std::find(c.invited().begin(), c.invited().end(), name) != c.invited().end();
}

std::optional<std::string> IdOfName(const std::string& name) {
  auto id = core::IdOf(name, "consultations/");
  if (!id || !core::IsCanonicalUuid(*id)) return std::nullopt;
  return *id;
}

absl::Status NotFound(const std::string& name) {
  return core::Error(absl::StatusCode::kNotFound, kConsultationNotFound, {name.substr(0, 80)});
}

// The consultation's own row, if `caller` may see it (`lock`: for update).
absl::StatusOr<v1::Consultation> Find(pqxx::transaction_base& tx, const std::string& id,
                                      const ConsultationCaller& caller, bool lock = false) {
  pqxx::result r = tx.exec_params(std::string("SELECT ") + kColumns +
                                      " FROM consultations c WHERE c.id = $1::uuid" +
                                      (lock ? " FOR UPDATE" : ""),
                                  id);
  if (r.empty()) return NotFound("consultations/" + id);
  v1::Consultation c = FromRow(r[0]);
  if (!caller.sees_all && !Invited(c, caller.name)) return NotFound(c.name());
  return c;
}

// Adds what `caller` sees of the ballots: the ranking, their own ballot,
// whether they may vote.
void Complete(pqxx::transaction_base& tx, const std::string& id, const ConsultationCaller& caller,
              v1::Consultation& c) {
  std::vector<std::vector<v1::BallotScore>> ballots;
  for (const auto& row : tx.exec_params("SELECT voter, scores::text FROM ballots WHERE "
                                        "consultation_id = $1::uuid ORDER BY voter",
                                        id)) {
    std::vector<v1::BallotScore> ballot;
    for (const auto& s : nlohmann::json::parse(row[1].as<std::string>())) {
      v1::BallotScore b;
      b.set_practice(s["practice"].get<std::string>());
      b.set_criterion(static_cast<v1::DacCriterion>(s["criterion"].get<int>()));
      b.set_score(s["score"].get<int>());
      ballot.push_back(b);
    }
    if (row[0].as<std::string>() == caller.name) {
      for (const auto& b : ballot) *c.add_my_ballot() = b;
    }
    ballots.push_back(std::move(ballot));
  }
  std::map<std::string, std::string> titles;
  for (const auto& row : tx.exec_params(
           "SELECT 'projects/' || id::text, COALESCE(NULLIF(published_doc#>>'{title,fr}', ''), "
           "NULLIF(published_doc#>>'{title,en}', ''), published_doc#>>'{title,ar}', '') "
           "FROM projects WHERE id IN (SELECT unnest(practices) FROM consultations WHERE id = "
           "$1::uuid)",
           id)) {
    titles[row[0].as<std::string>()] = row[1].as<std::string>();
  }
  RankPractices(&c, ballots, titles);
  c.set_can_vote(!c.closed() && Invited(c, caller.name));
}

absl::StatusOr<v1::Consultation> Load(pqxx::transaction_base& tx, const std::string& id,
                                      const ConsultationCaller& caller) {
  absl::StatusOr<v1::Consultation> c = Find(tx, id, caller);
  if (c.ok()) Complete(tx, id, caller, *c);
  return c;
}

}  // namespace

absl::StatusOr<v1::Consultation> PgConsultations::Create(const v1::Consultation& in,
                                                         const ConsultationCaller& caller) {
  v1::Consultation c = in;
  for (auto& h : *c.mutable_invited()) {
    for (auto& ch : h) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  if (absl::Status s = ValidateConsultation(c, std::time(nullptr)); !s.ok()) return s;
  nlohmann::json criteria = nlohmann::json::array(), practices = nlohmann::json::array(),
                 invited = nlohmann::json::array();
  for (int v : c.criteria()) criteria.push_back(v);
  for (const auto& p : c.practices()) practices.push_back(p.substr(9));
  for (const auto& h : c.invited()) invited.push_back(h);
  std::string id;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    // Published good practices only.
    std::set<std::string> found;
    for (const auto& row : tx.exec_params("SELECT id::text FROM projects WHERE id::text IN (SELECT "
                                          "jsonb_array_elements_text($1::jsonb)) "
                                          "AND good_practice AND published_doc IS NOT NULL",
                                          core::DumpJson(practices))) {
      found.insert(row[0].as<std::string>());
    }
    std::vector<core::FieldViolation> bad;
    for (int i = 0; i < c.practices_size(); ++i) {
      if (found.count(c.practices(i).substr(9)) == 0) {
        bad.push_back(core::Violation("consultation.practices[" + std::to_string(i) + "]",
                                      kNotAGoodPractice, {c.practices(i)}));
      }
    }
    if (!bad.empty()) return core::InvalidFields(bad);
    id = tx.exec_params1(
               "INSERT INTO consultations (title, criteria, practices, invited, close_time, "
               "created_by) "
               "VALUES ($1, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)::int), "
               "ARRAY(SELECT jsonb_array_elements_text($3::jsonb)::uuid), "
               "ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), to_timestamp($5), $6) "
               "RETURNING id::text",
               c.title(), core::DumpJson(criteria), core::DumpJson(practices),
               core::DumpJson(invited), c.close_time().seconds(), caller.name)[0]
             .as<std::string>();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return Get("consultations/" + id, caller);
}

absl::StatusOr<std::vector<v1::Consultation>> PgConsultations::List(
    const ConsultationCaller& caller) {
  std::vector<v1::Consultation> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) -> absl::Status {
    for (const auto& row : tx.exec_params(
             std::string("SELECT c.id::text FROM consultations c WHERE $1 OR $2 = ANY (c.invited) "
                         "ORDER BY c.create_time DESC LIMIT 200"),
             caller.sees_all, caller.name)) {
      auto c = Load(tx, row[0].as<std::string>(), caller);
      if (!c.ok()) return c.status();
      out.push_back(*std::move(c));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Consultation> PgConsultations::Get(const std::string& name,
                                                      const ConsultationCaller& caller) {
  auto id = IdOfName(name);
  if (!id) return NotFound(name);
  absl::StatusOr<v1::Consultation> out = NotFound(name);
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    out = Load(tx, *id, caller);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<v1::Consultation> PgConsultations::Cast(
    const std::string& name, const google::protobuf::RepeatedPtrField<v1::BallotScore>& scores,
    const ConsultationCaller& caller) {
  auto id = IdOfName(name);
  if (!id) return NotFound(name);
  absl::StatusOr<v1::Consultation> c = NotFound(name);
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    c = Find(tx, *id, caller, /*lock=*/true);
    if (!c.ok()) return c.status();
    if (!Invited(*c, caller.name)) {
      return core::Error(absl::StatusCode::kPermissionDenied, kNotInvited);
    }
    if (c->closed()) return core::Error(absl::StatusCode::kFailedPrecondition, kConsultationClosed);
    if (absl::Status v = ValidateBallot(*c, scores); !v.ok()) return v;
    nlohmann::json ballot = nlohmann::json::array();
    for (const auto& b : scores) {
      ballot.push_back({{"practice", b.practice()},
                        {"criterion", static_cast<int>(b.criterion())},
                        {"score", b.score()}});
    }
    tx.exec_params0(
        "INSERT INTO ballots (consultation_id, voter, scores) VALUES ($1::uuid, $2, $3::jsonb) "
        "ON CONFLICT (consultation_id, voter) DO UPDATE SET scores = EXCLUDED.scores, update_time "
        "= now()",
        *id, caller.name, core::DumpJson(ballot));
    Complete(tx, *id, caller, *c);  // the ranking with this ballot
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return c;
}

absl::StatusOr<v1::Consultation> PgConsultations::Close(const std::string& name,
                                                        const ConsultationCaller& caller) {
  auto id = IdOfName(name);
  if (!id) return NotFound(name);
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    pqxx::result r = tx.exec_params(
        "UPDATE consultations SET closed = true WHERE id = $1::uuid RETURNING id", *id);
    return r.empty() ? NotFound(name) : absl::OkStatus();
  });
  if (!s.ok()) return s;
  return Get(name, caller);
}

}  // namespace atlas::registry
