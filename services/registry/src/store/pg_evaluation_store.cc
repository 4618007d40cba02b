// PostgreSQL evaluation store.
#include "registry/store/pg_evaluation_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "atlas/bus/event.h"
#include "atlas/bus/outbox.h"
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
  return e;
}

constexpr char kEvaluationColumns[] =
    "id::text, doc::text, project_id::text, (extract(epoch FROM create_time) * 1000000)::bigint";

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
    events::v1::EvaluationCreated event;
    event.set_project("projects/" + project_id);
    *event.mutable_evaluation() = stored;
    // Scores travel; narratives stay in the registry (ListEvaluations).
    for (auto& score : *event.mutable_evaluation()->mutable_scores()) score.clear_narrative();
    event.mutable_evaluation()->clear_lessons_learned();
    event.mutable_evaluation()->clear_replicability_notes();
    event.set_actor(actor);
    return bus::AppendToOutbox(
        tx,
        bus::NewEvent("/atlas/registry", "ma.sharaka.atlas.evaluation.created.v1", stored.name(),
                      "atlas.registry.evaluation.created", event.SerializeAsString()));
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
