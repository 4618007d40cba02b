// The project record and its validation rules (pure domain; no I/O).
#ifndef ATLAS_REGISTRY_DOMAIN_PROJECT_H_
#define ATLAS_REGISTRY_DOMAIN_PROJECT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/status.h"

namespace atlas::registry {

enum class State { kDraft = 1, kSubmitted = 2, kPublished = 3, kRejected = 4, kArchived = 5 };

struct LatLng {
  double lat = 0;
  double lng = 0;
  bool operator==(const LatLng&) const = default;
};

struct Project {
  std::string id;  // UUID; empty before creation
  std::string title;
  std::string summary;
  std::vector<std::string> themes;
  std::vector<std::string> region_codes;
  std::optional<LatLng> location;
  State state = State::kDraft;
  // Owning organisation's id ("ministry", "assoc-oujda"…): its editors and
  // service accounts may change the project and see its drafts.
  std::string organisation;
  int64_t revision = 0;
  int64_t create_time_us = 0;  // microseconds since the Unix epoch, UTC
  int64_t update_time_us = 0;
};

// Who is looking: decides which projects exist for the caller.
struct Viewer {
  bool sees_all = false;     // validators, analysts, admins
  std::string organisation;  // the caller's organisation id; "" = anonymous
};

// Published projects are public; the others only for their organisation and
// for those who see everything.
bool CanSee(const Viewer& viewer, const Project& p);

// The managed theme taxonomy (codes).
const std::vector<std::string>& ThemeCodes();

// "project {0} does not exist": also the answer for a project the caller may
// not see, so that the two cannot be told apart.
inline constexpr core::Text kProjectNotFound = {
    "project {0} does not exist", "le projet {0} n'existe pas", "المشروع {0} غير موجود"};

// Limits, also stated in the proto comments.
inline constexpr size_t kMaxTitleChars = 300;
inline constexpr size_t kMaxSummaryChars = 5000;
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// Every problem with a project about to be created, with proto field paths
// under `prefix` (e.g. "project."). Empty when valid.
std::vector<core::FieldViolation> ValidateNewProject(const Project& p, std::string_view prefix);

// Checks an idempotency key: 1..64 of [A-Za-z0-9_-]; empty means none.
std::optional<core::FieldViolation> ValidateRequestId(std::string_view request_id);

// Number of Unicode code points in `s`, or nullopt if `s` is not valid UTF-8.
std::optional<size_t> Utf8Length(std::string_view s);

// etag for a revision, and the revision an etag names (nullopt if malformed).
std::string EtagFor(int64_t revision);
std::optional<int64_t> RevisionOfEtag(std::string_view etag);

// Fields UpdateProject may change (proto names).
const std::vector<std::string>& UpdatableFields();

// `current` with the `fields` of `patch` copied over.
Project ApplyPatch(const Project& current, const Project& patch,
                   const std::vector<std::string>& fields);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PROJECT_H_
