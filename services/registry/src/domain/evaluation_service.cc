// Evaluations of projects.
#include "registry/domain/evaluation_service.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/core/ids.h"
#include "atlas/core/paging.h"
#include "atlas/core/texts.h"
#include "google/protobuf/util/time_util.h"
#include "registry/domain/registry_texts.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {

absl::StatusOr<v1::Evaluation> EvaluationService::CreateEvaluation(const std::string& parent,
                                                                   v1::Evaluation e,
                                                                   const Actor& actor) {
  std::vector<core::FieldViolation> v;
  absl::StatusOr<std::string> id = ParseProjectName(parent, "parent");
  if (!id.ok()) v.push_back(core::FieldViolations(id.status()).front());
  for (auto& fv : ValidateEvaluation(e, "evaluation.")) v.push_back(std::move(fv));
  if (!v.empty()) return core::InvalidFields(v);
  // Any project the actor sees (NOT_FOUND otherwise).
  absl::StatusOr<Project> p =
      projects_.Get("projects/" + *id, v1::PROJECT_VIEW_UNSPECIFIED, 0, 0, actor);
  if (!p.ok()) return p.status();
  e.clear_name();
  e.clear_create_time();
  double sum = 0;
  for (const auto& s : e.scores()) sum += s.score();
  e.set_average_score(std::round(sum / 6 * 100) / 100);
  return store_.AddEvaluation(*id, e, actor.subject);
}

absl::StatusOr<std::vector<v1::Evaluation>> EvaluationService::Evaluations(
    const std::string& parent, const Actor& actor) {
  absl::StatusOr<Project> p = projects_.Get(parent, v1::PROJECT_VIEW_UNSPECIFIED, 0, 0, actor);
  if (!p.ok()) return p.status();
  return store_.Evaluations(p->id);
}

}  // namespace atlas::registry
