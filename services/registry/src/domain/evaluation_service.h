// Evaluations of projects on the OECD DAC criteria (scores 1-4, lessons,
// replicability), by anyone who may see the project. No transport, no SQL.
#ifndef ATLAS_REGISTRY_DOMAIN_EVALUATION_SERVICE_H_
#define ATLAS_REGISTRY_DOMAIN_EVALUATION_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "registry/domain/evaluation_store.h"
#include "registry/domain/project_service.h"

namespace atlas::registry {

class EvaluationService final {
 public:
  EvaluationService(ProjectService& projects, EvaluationStore& store)
      : projects_(projects), store_(store) {}
  EvaluationService(const EvaluationService&) = delete;
  EvaluationService& operator=(const EvaluationService&) = delete;

  // Records an evaluation of project `parent` (any project the actor sees).
  absl::StatusOr<v1::Evaluation> CreateEvaluation(const std::string& parent, v1::Evaluation e,
                                                  const Actor& actor);
  // Replaces evaluation `e.name()` with `e`, from the revision `e.etag()`
  // (required; stale: ABORTED). `demo` keeps its first value.
  absl::StatusOr<v1::Evaluation> UpdateEvaluation(v1::Evaluation e, const Actor& actor);
  // The evaluations of a project the actor may see, newest first.
  absl::StatusOr<std::vector<v1::Evaluation>> Evaluations(const std::string& parent,
                                                          const Actor& actor);

 private:
  ProjectService& projects_;
  EvaluationStore& store_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_EVALUATION_SERVICE_H_
