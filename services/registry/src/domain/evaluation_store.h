// Where evaluations of projects are kept. The PostgreSQL implementation
// writes each with its evaluation.created event in one transaction.
#ifndef ATLAS_REGISTRY_DOMAIN_EVALUATION_STORE_H_
#define ATLAS_REGISTRY_DOMAIN_EVALUATION_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/registry/v1/evaluation.pb.h"

namespace atlas::registry {

class EvaluationStore {
 public:
  virtual ~EvaluationStore() = default;
  // Stores `e` (name, create time and average set) for project `project_id`
  // with an evaluation.created event. Atomic.
  virtual absl::StatusOr<v1::Evaluation> AddEvaluation(const std::string& project_id,
                                                       const v1::Evaluation& e,
                                                       const std::string& actor) = 0;
  // Replaces evaluation `id` of project `project_id` with `e` if its
  // revision is still `revision` (ABORTED otherwise, NOT_FOUND if there is
  // none), keeping its `demo` (immutable), with an evaluation.updated event.
  // Atomic.
  virtual absl::StatusOr<v1::Evaluation> UpdateEvaluation(const std::string& project_id,
                                                          const std::string& id,
                                                          const v1::Evaluation& e, int64_t revision,
                                                          const std::string& actor) = 0;
  // Newest first.
  virtual absl::StatusOr<std::vector<v1::Evaluation>> Evaluations(
      const std::string& project_id) = 0;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_EVALUATION_STORE_H_
