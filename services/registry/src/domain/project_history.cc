// ProjectService: a project's history (revisions, differences).
#include "registry/domain/project_service.h"

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

absl::StatusOr<RevisionList> ProjectService::Revisions(const std::string& name, int page_size,
                                                       const std::string& page_token,
                                                       const Actor& actor) {
  absl::StatusOr<std::string> id = ParseProjectName(name, "name");
  if (!id.ok()) return id.status();
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(page_size, page_token, kDefaultPageSize, kMaxPageSize);
  if (!page.ok()) return page.status();
  absl::StatusOr<Project> p = WorkingCopy(name, "name", actor);
  if (!p.ok()) return p.status();
  absl::StatusOr<std::vector<Revision>> r =
      revisions_.Revisions(*id, page->limit + 1, page->position);
  if (!r.ok()) return r.status();
  RevisionList out;
  out.revisions = *std::move(r);
  if (static_cast<int>(out.revisions.size()) > page->limit) {
    out.revisions.resize(static_cast<size_t>(page->limit));
    out.next_page_token = core::EncodePageToken(out.revisions.back().revision);
  }
  return out;
}

absl::StatusOr<DiffResult> ProjectService::DiffRevisions(const std::string& name, int64_t from,
                                                         int64_t to, const Actor& actor) {
  absl::StatusOr<std::string> id = ParseProjectName(name, "name");
  if (!id.ok()) return id.status();
  absl::StatusOr<Project> p = WorkingCopy(name, "name", actor);
  if (!p.ok()) return p.status();
  if (to == 0) to = p->revision;
  if (from == 0) from = std::max<int64_t>(1, to - 1);
  std::vector<core::FieldViolation> v;
  if (to < 1 || to > p->revision) {
    v.push_back(
        core::Violation("to_revision", core::texts::kBetween, {"1", std::to_string(p->revision)}));
  }
  if (from < 1 || from > p->revision) {
    v.push_back(core::Violation("from_revision", core::texts::kBetween,
                                {"1", std::to_string(p->revision)}));
  }
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<Revision> a = revisions_.GetRevision(*id, from);
  if (!a.ok()) return a.status();
  absl::StatusOr<Revision> b = revisions_.GetRevision(*id, to);
  if (!b.ok()) return b.status();
  return DiffResult{from, to, Diff(a->content, b->content)};
}

}  // namespace atlas::registry
