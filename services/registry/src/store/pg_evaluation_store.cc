// PostgreSQL evaluation store.
#include "registry/store/pg_evaluation_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
#include "atlas/core/etag.h"
#include "atlas/core/ids.h"
#include "atlas/db/pool.h"
#include "atlas/registry/events/v1/project_events.pb.h"
#include "atlas/rpc/status.h"
#include "nlohmann/json.hpp"
#include "registry/store/pg_documents.h"

namespace atlas::registry {

namespace {

v1::Evaluation EvaluationFromRow(const pqxx::row& r) {
  v1::Evaluation e = FromJson<v1::Evaluation>(r[1].as<std::string>());
  e.set_name(
      absl::StrCat("projects/", r[2].as<std::string>(), "/evaluations/", r[0].as<std::string>()));
  rpc::SetTimestamp(r[3].as<int64_t>(), e.mutable_create_time());
  e.set_etag(core::RevisionEtag(r[4].as<int64_t>()));
  rpc::SetTimestamp(r[5].as<int64_t>(), e.mutable_update_time());
  return e;
}

constexpr char kEvaluationColumns[] =
    "id::text, doc::text, project_id::text, (extract(epoch FROM create_time) * 1000000)::bigint, "
    "revision, (extract(epoch FROM update_time) * 1000000)::bigint";

// The event's copy: scores travel; narratives stay in the registry (ListEvaluations).
template <typename Event>
Event EvaluationEvent(const v1::Evaluation& stored, const std::string& project_id,
                      const std::string& actor) {
  Event event;
  event.set_project("projects/" + project_id);
  *event.mutable_evaluation() = stored;
  for (auto& score : *event.mutable_evaluation()->mutable_scores()) score.clear_narrative();
  event.mutable_evaluation()->clear_lessons_learned();
  event.mutable_evaluation()->clear_replicability_notes();
  event.set_actor(actor);
  return event;
}

}  // namespace

absl::StatusOr<v1::Evaluation> PgEvaluationStore::AddEvaluation(const std::string& project_id,
                                                                const v1::Evaluation& e,
                                                                const std::string& actor) {
  v1::Evaluation stored;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) {
    stored = EvaluationFromRow(tx.exec_params1(
        std::string("INSERT INTO evaluations (project_id, doc, actor) VALUES ($1::uuid, "
                    "$2::jsonb, $3) RETURNING ") +
            kEvaluationColumns,
        project_id, Json(e), actor));
    const auto event = EvaluationEvent<events::v1::EvaluationCreated>(stored, project_id, actor);
    return bus::AppendToOutbox(
        tx,
        bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.evaluation.created.v1", stored.name(),
                      "atlas.registry.evaluation.created", event.SerializeAsString()));
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return stored;
}

absl::StatusOr<v1::Evaluation> PgEvaluationStore::UpdateEvaluation(const std::string& project_id,
                                                                   const std::string& id,
                                                                   const v1::Evaluation& e,
                                                                   int64_t revision,
                                                                   const std::string& actor) {
  v1::Evaluation stored;
  absl::Status s = pool_.Transact([&](pqxx::work& tx) -> absl::Status {
    const pqxx::result current = tx.exec_params(
        "SELECT revision, coalesce((doc->>'demo')::boolean, false) FROM evaluations"
        " WHERE id = $1::uuid AND project_id = $2::uuid FOR UPDATE",
        id, project_id);
    if (current.empty()) return absl::NotFoundError("evaluation");
    if (current[0][0].as<int64_t>() != revision) return absl::AbortedError("stale");
    v1::Evaluation kept = e;
    kept.set_demo(current[0][1].as<bool>());
    stored = EvaluationFromRow(tx.exec_params1(
        std::string("UPDATE evaluations SET doc = $3::jsonb, revision = revision + 1, "
                    "update_time = now() WHERE id = $1::uuid AND project_id = $2::uuid "
                    "RETURNING ") +
            kEvaluationColumns,
        id, project_id, Json(kept)));
    const auto event = EvaluationEvent<events::v1::EvaluationUpdated>(stored, project_id, actor);
    return bus::AppendToOutbox(
        tx,
        bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.evaluation.updated.v1", stored.name(),
                      "atlas.registry.evaluation.updated", event.SerializeAsString()));
  });
  if (!s.ok()) return s;
  if (after_commit_) after_commit_();
  return stored;
}

absl::StatusOr<std::vector<v1::Evaluation>> PgEvaluationStore::Evaluations(
    const std::string& project_id) {
  std::vector<v1::Evaluation> out;
  absl::Status s = pool_.Read([&](pqxx::transaction_base& tx) {
    for (const auto& row :
         tx.exec_params(std::string("SELECT ") + kEvaluationColumns +
                            " FROM evaluations WHERE project_id = $1::uuid ORDER BY create_time "
                            "DESC, id",
                        project_id)) {
      out.push_back(EvaluationFromRow(row));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace atlas::registry
