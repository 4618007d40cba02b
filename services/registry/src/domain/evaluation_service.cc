// Evaluations of projects.
#include "registry/domain/evaluation_service.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/core/etag.h"
#include "atlas/core/ids.h"
#include "atlas/core/paging.h"
#include "atlas/core/texts.h"
#include "google/protobuf/util/time_util.h"
#include "registry/domain/registry_texts.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {
namespace {

// What the store keeps: the caller's fields and the average of the six
// scores; names, revisions and times are the store's.
void Normalise(v1::Evaluation& e) {
  e.clear_name();
  e.clear_etag();
  e.clear_create_time();
  e.clear_update_time();
  double sum = 0;
  for (const auto& s : e.scores()) sum += s.score();
  e.set_average_score(std::round(sum / 6 * 100) / 100);
}

}  // namespace

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
  Normalise(e);
  return store_.AddEvaluation(*id, e, actor.subject);
}

absl::StatusOr<v1::Evaluation> EvaluationService::UpdateEvaluation(v1::Evaluation e,
                                                                   const Actor& actor) {
  const std::string name = e.name();
  std::vector<core::FieldViolation> v;
  // projects/{uuid}/evaluations/{uuid}
  const size_t cut = name.find("/evaluations/");
  const std::string evaluation_id = cut == std::string::npos ? "" : name.substr(cut + 13);
  absl::StatusOr<std::string> project_id =
      cut == std::string::npos ? absl::InvalidArgumentError("name")
                               : ParseProjectName(name.substr(0, cut), "evaluation.name");
  if (!project_id.ok() || !core::IsCanonicalUuid(evaluation_id)) {
    v.push_back(core::Violation("evaluation.name", kBadEvaluationName));
  }
  const std::optional<int64_t> revision = core::RevisionOfEtag(e.etag());
  if (e.etag().empty()) {
    v.push_back(core::Violation("evaluation.etag", kEtagRequired));
  } else if (!revision) {
    v.push_back(core::Violation("evaluation.etag", kBadEtag));
  }
  for (auto& fv : ValidateEvaluation(e, "evaluation.")) v.push_back(std::move(fv));
  if (!v.empty()) return core::InvalidFields(v);
  // A project the actor sees (NOT_FOUND otherwise); the store finds its
  // evaluation, checks the revision and keeps `demo`, under one lock.
  absl::StatusOr<Project> p =
      projects_.Get("projects/" + *project_id, v1::PROJECT_VIEW_UNSPECIFIED, 0, 0, actor);
  if (!p.ok()) return p.status();
  Normalise(e);
  absl::StatusOr<v1::Evaluation> updated =
      store_.UpdateEvaluation(*project_id, evaluation_id, e, *revision, actor.subject);
  if (updated.status().code() == absl::StatusCode::kAborted) {
    return core::Error(absl::StatusCode::kAborted, kStaleEtag, {name});
  }
  if (updated.status().code() == absl::StatusCode::kNotFound) {
    return core::Error(absl::StatusCode::kNotFound, kEvaluationNotFound, {name});
  }
  return updated;
}

absl::StatusOr<std::vector<v1::Evaluation>> EvaluationService::Evaluations(
    const std::string& parent, const Actor& actor) {
  absl::StatusOr<Project> p = projects_.Get(parent, v1::PROJECT_VIEW_UNSPECIFIED, 0, 0, actor);
  if (!p.ok()) return p.status();
  return store_.Evaluations(p->id);
}

}  // namespace atlas::registry
