// ProjectService: exchange with other systems (export, IATI import).
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

absl::StatusOr<ShownProjects> ProjectService::Export(const v1::ListProjectsRequest& filter) {
  std::vector<core::FieldViolation> v = ValidateQuery(filter);
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<SearchResult> r = store_.Search(filter, Viewer{}, 100000, 0, false, {});
  if (!r.ok()) return r.status();
  return std::move(r->projects);
}

namespace {

// The update paths `c` sets: set fields, and each language of a text.
std::vector<std::string> PresentPaths(const v1::Project& c) {
  std::vector<std::string> out;
  const auto* d = v1::Project::descriptor();
  const auto* r = c.GetReflection();
  for (const auto& name : ContentFields()) {
    const google::protobuf::FieldDescriptor* f = d->FindFieldByName(name);
    if (f->is_repeated() ? r->FieldSize(c, f) == 0 : !r->HasField(c, f)) continue;
    if (f->message_type() == v1::LocalizedText::descriptor()) {
      const auto& t = static_cast<const v1::LocalizedText&>(r->GetMessage(c, f));
      if (!t.fr().empty()) out.push_back(name + ".fr");
      if (!t.ar().empty()) out.push_back(name + ".ar");
      if (!t.en().empty()) out.push_back(name + ".en");
    } else {
      out.push_back(name);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<ImportResult> ProjectService::Import(std::string_view xml, std::string organisation,
                                                    bool validate_only, const Actor& actor,
                                                    absl::Time deadline) {
  if (organisation.empty()) organisation = actor.viewer.organisation;
  if (!core::IsOrganisationId(organisation)) {
    return core::InvalidFields({core::Violation("organisation", kBadOrganisation)});
  }
  if (!actor.viewer.sees_all && organisation != actor.viewer.organisation) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
  absl::StatusOr<ImportedFile> file = ParseIatiActivities(xml);
  if (!file.ok()) return file.status();
  ImportResult out;
  out.issues = std::move(file->issues);
  int done = 0;
  for (ImportedActivity& a : file->activities) {
    if (absl::Now() > deadline) {
      return core::Error(absl::StatusCode::kDeadlineExceeded, kImportDeadline,
                         {std::to_string(done), std::to_string(file->activities.size())});
    }
    ++done;
    const std::string id = a.content.iati_identifier();
    auto fail = [&](const std::string& element, const core::Localized& why) {
      out.issues.push_back({id, element, why});
      ++out.failed;
    };
    if (id.empty()) {
      fail("iati-identifier", core::Render(kMissingIdentifier, {std::to_string(a.line)}));
      continue;
    }
    std::vector<core::FieldViolation> v = ValidateContent(a.content, "");
    if (!v.empty()) {
      for (const auto& fv : v) out.issues.push_back({id, fv.field, fv.description});
      ++out.failed;
      continue;
    }
    absl::StatusOr<std::optional<Project>> existing = store_.FindByIatiIdentifier(id);
    if (!existing.ok()) return existing.status();
    if (!existing->has_value()) {
      if (validate_only) {
        ++out.created;
        continue;
      }
      absl::StatusOr<Project> created = Create(a.content, organisation, "", false, actor);
      if (created.status().code() == absl::StatusCode::kInvalidArgument) {
        // E.g. the identifier was taken meanwhile: this activity only.
        for (const auto& fv : core::FieldViolations(created.status())) {
          out.issues.push_back({id, fv.field, fv.description});
        }
        ++out.failed;
        continue;
      }
      if (!created.ok()) return created.status();
      ++out.created;
      out.projects.push_back("projects/" + created->id);
      continue;
    }
    const Project& current = **existing;
    if (current.organisation != organisation) {
      fail("iati-identifier", core::Render(kIdentifierTaken, {id}));
      continue;
    }
    // What the file carries replaces what we have; what it does not carry
    // (milestones, beneficiaries, contacts, a text in another language…)
    // stays as the partner left it.
    const v1::Project next_content =
        ApplyPatch(current.content, a.content, PresentPaths(a.content));
    const std::vector<std::string> changed = ChangedFields(current.content, next_content);
    if (changed.empty()) {
      ++out.unchanged;
      continue;
    }
    if (current.state == State::kSubmitted || current.state == State::kArchived) {
      fail("iati-activity",
           core::Render(current.state == State::kSubmitted ? kSubmittedNotEditable
                                                           : kArchivedNotEditable));
      continue;
    }
    if (validate_only) {
      ++out.updated;
      continue;
    }
    Project next = current;
    next.content = next_content;
    next.state = State::kDraft;
    absl::StatusOr<Project> saved =
        Save(next, current.revision,
             {.action = Action::kUpdated, .from_state = current.state, .changed_fields = changed},
             actor);
    if (!saved.ok()) {
      fail("iati-activity", core::Render(kStaleEtag, {"projects/" + current.id}));
      continue;
    }
    ++out.updated;
    out.projects.push_back("projects/" + current.id);
  }
  return out;
}

}  // namespace atlas::registry
