// EvaluationStore on PostgreSQL (schema "registry").
#ifndef ATLAS_REGISTRY_STORE_PG_EVALUATION_STORE_H_
#define ATLAS_REGISTRY_STORE_PG_EVALUATION_STORE_H_

#include <functional>
#include <string>
#include <vector>

#include "registry/domain/evaluation_store.h"

namespace atlas::db {
class Pool;
}

namespace atlas::registry {

class PgEvaluationStore final : public EvaluationStore {
 public:
  // `after_commit` runs after each write commits (wakes the outbox relay).
  PgEvaluationStore(db::Pool& pool, std::function<void()> after_commit)
      : pool_(pool), after_commit_(std::move(after_commit)) {}

  absl::StatusOr<v1::Evaluation> AddEvaluation(const std::string& project_id,
                                               const v1::Evaluation& e,
                                               const std::string& actor) override;
  absl::StatusOr<v1::Evaluation> UpdateEvaluation(const std::string& project_id,
                                                  const std::string& id, const v1::Evaluation& e,
                                                  int64_t revision,
                                                  const std::string& actor) override;
  absl::StatusOr<std::vector<v1::Evaluation>> Evaluations(const std::string& project_id) override;

 private:
  db::Pool& pool_;
  std::function<void()> after_commit_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_EVALUATION_STORE_H_
