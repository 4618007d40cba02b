// The project record, its versions and its validation rules (pure domain; no
// I/O). The content of a project is the API's own message (decision 0015):
// one definition of ~30 fields serves validation, storage (proto JSON),
// history (field-level diffs by reflection), events and the API.
#ifndef ATLAS_REGISTRY_DOMAIN_PROJECT_H_
#define ATLAS_REGISTRY_DOMAIN_PROJECT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/utf8.h"
#include "atlas/registry/v1/registry_service.pb.h"

namespace atlas::registry {

enum class State { kDraft = 1, kSubmitted = 2, kPublished = 3, kRejected = 4, kArchived = 5 };

// A project: workflow metadata, the working copy and the public version.
struct Project {
  std::string id;  // UUID; empty before creation
  State state = State::kDraft;
  // Owning organisation's id ("ministry", "assoc-oujda"…): its editors and
  // service accounts change the project and see its working copy.
  std::string organisation;
  int64_t revision = 0;            // revision of the working copy
  int64_t published_revision = 0;  // revision of the public version; 0 = none
  int64_t create_time_us = 0;      // microseconds since the Unix epoch, UTC
  int64_t update_time_us = 0;
  bool good_practice = false;
  bool demo = false;
  std::string rejection_reason;
  // Content fields only (metadata fields of the message stay empty).
  v1::Project content;
  // The content of the public version, if it was ever published.
  std::optional<v1::Project> published;
};

// Projects each as a viewer sees them (a search's page, an export); shared
// with the store's cache of shown versions, never changed once made.
using ShownProjects = std::vector<std::shared_ptr<const Project>>;

// Who is looking: decides which versions exist for the caller.
struct Viewer {
  bool sees_all = false;     // validators, analysts, admins
  std::string organisation;  // the caller's organisation id; "" = anonymous
};

// Working copies: for the owning organisation and those who see everything.
bool CanSeeWorking(const Viewer& viewer, const Project& p);
// A public version exists: published once and not archived.
bool HasPublicVersion(const Project& p);
// Either of the above.
bool CanSee(const Viewer& viewer, const Project& p);

// "project {0} does not exist": also the answer for a project the caller may
// not see, so that the two cannot be told apart.
inline constexpr core::Text kProjectNotFound = {
    "project {0} does not exist", "le projet {0} n'existe pas", "المشروع {0} غير موجود"};

// Limits, also stated in the proto comments and docs/registry.md.
inline constexpr size_t kMaxTitleChars = 300;

// True if no language of `t` is filled in.
inline bool IsEmpty(const v1::LocalizedText& t) {
  return t.fr().empty() && t.ar().empty() && t.en().empty();
}
inline constexpr size_t kMaxTextChars = 5000;
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// Every problem with project content, with proto field paths under `prefix`
// (e.g. "project."). Empty when valid.
std::vector<core::FieldViolation> ValidateContent(const v1::Project& c, std::string_view prefix);

// Checks an idempotency key: 1..64 of [A-Za-z0-9_-]; empty means none.
std::optional<core::FieldViolation> ValidateRequestId(std::string_view request_id);

// Number of Unicode code points in `s`, or nullopt if `s` is not valid UTF-8.
using core::Utf8Length;

using core::CheckText;  // atlas/core/text_checks.h

// Content fields (proto names), in declaration order.
const std::vector<std::string>& ContentFields();
// A valid update_mask path: a content field, or `<text field>.fr|ar|en`.
bool IsUpdatablePath(std::string_view path);
// `current` with the `paths` of `patch` copied over (fields replaced whole).
v1::Project ApplyPatch(const v1::Project& current, const v1::Project& patch,
                       const std::vector<std::string>& paths);
// Only the content fields of `p`.
v1::Project ContentOf(const v1::Project& p);
// Contacts removed (what the public may read).
v1::Project WithoutContacts(v1::Project p);

struct FieldChange {
  std::string field;                 // "title.fr", "themes", …
  std::string old_value, new_value;  // proto3 JSON; "" when absent
};
// Content fields that differ, field by field (texts per language).
std::vector<FieldChange> Diff(const v1::Project& before, const v1::Project& after);
// Top-level content fields that differ.
std::vector<std::string> ChangedFields(const v1::Project& before, const v1::Project& after);

// Every problem with an evaluation (six DAC criteria once each, scores 1–4,
// texts, evaluator, date), paths under `prefix`.
std::vector<core::FieldViolation> ValidateEvaluation(const v1::Evaluation& e,
                                                     std::string_view prefix);

// The handles mentioned in a comment: "@demo-validator" -> "demo-validator",
// "@organisations/x" -> "organisations/x"; in order, without repeats.
std::vector<std::string> Mentions(std::string_view text);

// Total of the budget lines.
double TotalBudget(const v1::Project& c);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PROJECT_H_
