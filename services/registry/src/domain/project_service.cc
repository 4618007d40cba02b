// Registry use cases.
#include "registry/domain/project_service.h"

#include <algorithm>
#include <cctype>
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
std::string StateName(State s) { return v1::ProjectState_Name(static_cast<v1::ProjectState>(s)); }

std::string Verb(Action a) {
  switch (a) {
    case Action::kSubmitted:
      return "submit";
    case Action::kPublished:
      return "publish";
    case Action::kRejected:
      return "reject";
    case Action::kArchived:
      return "archive";
    default:
      return ActionName(a);
  }
}

constexpr core::Text kIatiTaken = {"another project already has the IATI identifier \"{0}\"",
                                   "un autre projet a déjà l'identifiant IATI « {0} »",
                                   "لمشروع آخر المعرِّف IATI «{0}» نفسه"};

// The only unique key a write can hit (request ids are handled by the
// store): the IATI identifier. Said plainly, as a field violation.
absl::StatusOr<Project> IatiIdentifierTaken(absl::StatusOr<Project> r, const v1::Project& c) {
  if (r.status().code() != absl::StatusCode::kAlreadyExists) return r;
  return core::InvalidFields({core::Violation("project.iati_identifier", kIatiTaken,
                                              {absl::CHexEscape(c.iati_identifier())})});
}

}  // namespace

std::string ActionName(Action a) {
  switch (a) {
    case Action::kCreated:
      return "created";
    case Action::kUpdated:
      return "updated";
    case Action::kSubmitted:
      return "submitted";
    case Action::kPublished:
      return "published";
    case Action::kRejected:
      return "rejected";
    case Action::kArchived:
      return "archived";
    case Action::kGoodPractice:
      return "good_practice";
  }
  return "updated";
}

absl::StatusOr<std::string> ParseProjectName(std::string_view name, std::string_view field) {
  constexpr std::string_view kPrefix = "projects/";
  // Upper-case hex is accepted and normalised.
  std::string id(name.substr(std::min(name.size(), kPrefix.size())));
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name.substr(0, kPrefix.size()) != kPrefix || !core::IsCanonicalUuid(id)) {
    return core::InvalidFields({core::Violation(std::string(field), kBadName)});
  }
  return id;
}

Project PublicView(const Project& p) { return PublicView(Project(p)); }

Project PublicView(Project&& p) {
  p.content = std::move(*p.published);
  p.content.clear_contacts();
  p.published.reset();
  p.state = State::kPublished;
  p.revision = p.published_revision;
  p.rejection_reason.clear();
  return std::move(p);
}

absl::StatusOr<Project> ProjectService::Create(const v1::Project& content, std::string organisation,
                                               const std::string& request_id, bool demo,
                                               const Actor& actor) {
  v1::Project c = ContentOf(content);
  std::vector<core::FieldViolation> v = ValidateContent(c, "project.");
  if (auto bad = ValidateRequestId(request_id)) v.push_back(*bad);
  if (organisation.empty()) organisation = actor.viewer.organisation;
  if (!core::IsOrganisationId(organisation)) {
    v.push_back(core::Violation("project.organisation", kBadOrganisation));
  }
  if (!v.empty()) return core::InvalidFields(v);
  if (!actor.viewer.sees_all && organisation != actor.viewer.organisation) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
  Project p;
  p.organisation = organisation;
  p.demo = demo;
  p.content = std::move(c);
  if (p.content.original_language().empty()) p.content.set_original_language("fr");
  if (p.content.currency().empty()) p.content.set_currency("MAD");
  Change change{.action = Action::kCreated,
                .changed_fields = ChangedFields(v1::Project(), p.content),
                .actor = actor.subject,
                .actor_organisation = actor.viewer.organisation,
                .actor_name = actor.name};
  // The idempotency key is the caller's organisation's, for this method only
  // (AIP-155): another organisation reusing or guessing it creates its own
  // project and never receives this one.
  const std::string key =
      request_id.empty() ? "" : "CreateProject:" + actor.viewer.organisation + ":" + request_id;
  absl::StatusOr<Project> created = IatiIdentifierTaken(store_.Create(p, key, change), p.content);
  if (created.ok() && !CanSeeWorking(actor.viewer, *created)) {
    // A repeat that found a project the caller may not see (its organisation
    // changed hands since): say the key is used, show nothing.
    return core::Error(absl::StatusCode::kAlreadyExists, kRequestIdUsed);
  }
  return created;
}

absl::StatusOr<Project> ProjectService::LoadForWrite(const std::string& name,
                                                     std::string_view field,
                                                     const std::string& etag,
                                                     std::string_view etag_field,
                                                     bool etag_required, const Actor& actor) {
  std::vector<core::FieldViolation> v;
  absl::StatusOr<std::string> id = ParseProjectName(name, field);
  if (!id.ok()) v.push_back(core::FieldViolations(id.status()).front());
  const std::optional<int64_t> expected = core::RevisionOfEtag(etag);
  if (etag.empty() && etag_required) {
    v.push_back(core::Violation(std::string(etag_field), kEtagRequired));
  } else if (!etag.empty() && !expected) {
    v.push_back(core::Violation(std::string(etag_field), kBadEtag));
  }
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<Project> current = store_.Get(*id);
  if (!current.ok()) return current.status();
  if (!CanSee(actor.viewer, *current)) {
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + *id});
  }
  if (!actor.viewer.sees_all && current->organisation != actor.viewer.organisation) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
  if (expected && current->revision != *expected) {
    return core::Error(absl::StatusCode::kAborted, kStaleEtag, {"projects/" + *id});
  }
  return current;
}

absl::StatusOr<Project> ProjectService::Save(const Project& next, int64_t expected, Change change,
                                             const Actor& actor) {
  change.actor = actor.subject;
  change.actor_organisation = actor.viewer.organisation;
  change.actor_name = actor.name;
  // The etag check again, atomically with the write: of two writers who
  // read the same revision, only one writes.
  absl::StatusOr<Project> saved =
      IatiIdentifierTaken(store_.Write(next, expected, change), next.content);
  if (saved.status().code() == absl::StatusCode::kAborted) {
    return core::Error(absl::StatusCode::kAborted, kStaleEtag, {"projects/" + next.id});
  }
  return saved;
}

absl::StatusOr<Project> ProjectService::Update(const std::string& name, const std::string& etag,
                                               const v1::Project& patch,
                                               const std::vector<std::string>& paths,
                                               const Actor& actor) {
  std::vector<core::FieldViolation> v;
  if (paths.empty()) v.push_back(core::Violation("update_mask", core::texts::kRequired));
  for (const std::string& f : paths) {
    if (!IsUpdatablePath(f)) {
      v.push_back(core::Violation(
          "update_mask", core::texts::kCannotChange,
          {absl::CHexEscape(f.substr(0, 60)), absl::StrJoin(ContentFields(), ", ")}));
      break;
    }
  }
  absl::StatusOr<Project> current =
      LoadForWrite(name, "project.name", etag, "project.etag", /*etag_required=*/true, actor);
  if (!current.ok()) {
    if (current.status().code() == absl::StatusCode::kInvalidArgument) {
      for (auto& fv : core::FieldViolations(current.status())) v.push_back(fv);
      return core::InvalidFields(v);
    }
    if (!v.empty()) return core::InvalidFields(v);
    return current.status();
  }
  if (!v.empty()) return core::InvalidFields(v);
  if (current->state == State::kSubmitted) {
    return core::Error(absl::StatusCode::kFailedPrecondition, kSubmittedNotEditable);
  }
  if (current->state == State::kArchived) {
    return core::Error(absl::StatusCode::kFailedPrecondition, kArchivedNotEditable);
  }
  Project next = *current;
  next.content = ApplyPatch(current->content, ContentOf(patch), paths);
  v = ValidateContent(next.content, "project.");
  if (!v.empty()) return core::InvalidFields(v);
  const State from = current->state;
  // Editing a rejected project reopens it; editing a published one starts
  // a pending revision (the public version stays until published again).
  next.state = State::kDraft;
  if (from == State::kRejected) next.rejection_reason.clear();
  return Save(next, current->revision,
              {.action = Action::kUpdated,
               .from_state = from,
               .changed_fields = ChangedFields(current->content, next.content)},
              actor);
}

absl::StatusOr<Project> ProjectService::Transition(Action action, const std::string& name,
                                                   const std::string& etag,
                                                   const std::string& reason, const Actor& actor) {
  if (action == Action::kRejected) {
    std::vector<core::FieldViolation> v;
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      v.push_back(core::Violation("reason", core::texts::kRequired));
    } else if (auto len = Utf8Length(reason); !len || *len > 2000) {
      v.push_back(core::Violation("reason", core::texts::kTooLong,
                                  {"2000", std::to_string(len.value_or(0))}));
    }
    if (!v.empty()) return core::InvalidFields(v);
  }
  absl::StatusOr<Project> current = LoadForWrite(name, "name", etag, "etag", false, actor);
  if (!current.ok()) return current.status();
  const State from = current->state;
  Project next = *current;
  bool allowed = false;
  switch (action) {
    case Action::kSubmitted:
      allowed = from == State::kDraft;
      next.state = State::kSubmitted;
      break;
    case Action::kPublished:
      allowed = from == State::kSubmitted;
      next.state = State::kPublished;
      next.published = next.content;
      next.rejection_reason.clear();
      break;
    case Action::kRejected:
      allowed = from == State::kSubmitted;
      next.state = State::kRejected;
      next.rejection_reason = reason;
      break;
    case Action::kArchived:
      allowed = HasPublicVersion(*current);
      next.state = State::kArchived;
      break;
    default:
      break;
  }
  if (!allowed) {
    return core::Error(absl::StatusCode::kFailedPrecondition, kBadTransition,
                       {Verb(action), StateName(from)});
  }
  if (action == Action::kSubmitted) {
    // What a validator needs to judge the project.
    std::vector<core::FieldViolation> v;
    const v1::Project& c = current->content;
    if (c.themes().empty()) v.push_back(core::Violation("project.themes", kNeededToSubmit));
    if (c.region_codes().empty() && c.province_codes().empty()) {
      v.push_back(core::Violation("project.region_codes", kNeededToSubmit));
    }
    if (c.status() == v1::ACTIVITY_STATUS_UNSPECIFIED) {
      v.push_back(core::Violation("project.status", kNeededToSubmit));
    }
    if (!v.empty()) return core::InvalidFields(v);
  }
  return Save(next, current->revision, {.action = action, .from_state = from, .reason = reason},
              actor);
}

absl::StatusOr<Project> ProjectService::SetGoodPractice(const std::string& name, bool good_practice,
                                                        const std::string& etag,
                                                        const Actor& actor) {
  absl::StatusOr<Project> current = LoadForWrite(name, "name", etag, "etag", false, actor);
  if (!current.ok()) return current.status();
  if (!HasPublicVersion(*current)) {
    return core::Error(absl::StatusCode::kFailedPrecondition, kNotPublic);
  }
  Project next = *current;
  next.good_practice = good_practice;
  return Save(next, current->revision,
              {.action = Action::kGoodPractice, .from_state = current->state}, actor);
}

absl::StatusOr<Project> ProjectService::Get(const std::string& name, v1::ProjectView view,
                                            int64_t as_of_us, int64_t revision,
                                            const Actor& actor) {
  absl::StatusOr<std::string> id = ParseProjectName(name, "name");
  if (!id.ok()) return id.status();
  if (revision < 0) {
    return core::InvalidFields(
        {core::Violation("revision", core::texts::kBetween, {"1", "9223372036854775807"})});
  }
  absl::StatusOr<Project> p = store_.Get(*id);
  if (!p.ok()) return p.status();
  const absl::Status not_found =
      core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + *id});
  const bool working = CanSeeWorking(actor.viewer, *p);
  if (!CanSee(actor.viewer, *p)) return not_found;
  if (revision > 0 || as_of_us > 0) {
    // History: the owning organisation and the ministry read every revision;
    // others only what was public at that time.
    if (revision > 0 && !working) return not_found;
    absl::StatusOr<Revision> r = revision > 0 ? revisions_.GetRevision(*id, revision)
                                              : revisions_.RevisionAt(*id, as_of_us, !working);
    if (!r.ok()) {
      if (r.status().code() == absl::StatusCode::kNotFound && revision > 0) {
        return core::Error(absl::StatusCode::kNotFound, kNoSuchRevision,
                           {"projects/" + *id, std::to_string(revision)});
      }
      return r.status();
    }
    Project out = *p;
    out.content = working ? r->content : WithoutContacts(r->content);
    out.state = r->state;
    out.revision = r->revision;
    out.update_time_us = r->time_us;
    out.rejection_reason = r->action == "rejected" ? r->reason : "";
    return out;
  }
  if (view == v1::PUBLISHED_VERSION || (view != v1::WORKING && !working)) {
    if (!HasPublicVersion(*p)) return not_found;
    return PublicView(*p);
  }
  if (!working) return not_found;
  return p;
}

std::vector<core::FieldViolation> ValidateQuery(const v1::ListProjectsRequest& q) {
  std::vector<core::FieldViolation> v;
  auto codes = [&](const google::protobuf::RepeatedPtrField<std::string>& list,
                   const std::string& field, auto known) {
    if (list.size() > 100) {
      v.push_back(core::Violation(field, kTooMany, {"100", std::to_string(list.size())}));
      return;
    }
    for (int i = 0; i < list.size(); ++i) {
      if (!known(list[i])) {
        v.push_back(core::Violation(absl::StrCat(field, "[", i, "]"), core::texts::kOneOf,
                                    {"see GET /v1/vocabularies"}));
      }
    }
  };
  codes(q.themes(), "themes", [](const std::string& c) { return IsTerm(*Themes(), c); });
  codes(q.region_codes(), "region_codes",
        [](const std::string& c) { return IsTerm(Regions(), c); });
  codes(q.province_codes(), "province_codes",
        [](const std::string& c) { return !RegionOfProvince(c).empty(); });
  codes(q.diaspora_countries(), "diaspora_countries",
        [](const std::string& c) { return IsTerm(Countries(), c); });
  codes(q.target_groups(), "target_groups",
        [](const std::string& c) { return IsTerm(TargetGroups(), c); });
  codes(q.organisations(), "organisations",
        [](const std::string& c) { return !c.empty() && c.size() <= 300; });
  if (!q.mechanism().empty() && !IsTerm(Mechanisms(), q.mechanism())) {
    v.push_back(core::Violation("mechanism", core::texts::kOneOf, {Codes(Mechanisms())}));
  }
  if (auto len = Utf8Length(q.q()); !len || *len > 200) {
    v.push_back(
        core::Violation("q", core::texts::kTooLong, {"200", std::to_string(len.value_or(0))}));
  }
  auto year = [&](int y, const char* field) {
    if (y != 0 && (y < 1900 || y > 2100)) {
      v.push_back(core::Violation(field, core::texts::kBetween, {"1900", "2100"}));
    }
  };
  year(q.year_from(), "year_from");
  year(q.year_to(), "year_to");
  if (q.year_from() != 0 && q.year_to() != 0 && q.year_to() < q.year_from()) {
    v.push_back(core::Violation("year_to", core::texts::kBetween, {"year_from", "2100"}));
  }
  if (q.budget_min() < 0 || !std::isfinite(q.budget_min())) {
    v.push_back(core::Violation("budget_min", core::texts::kBetween, {"0", "1e13"}));
  }
  if (q.budget_max() < 0 || !std::isfinite(q.budget_max()) ||
      (q.budget_max() > 0 && q.budget_max() < q.budget_min())) {
    v.push_back(core::Violation("budget_max", core::texts::kBetween, {"budget_min", "1e13"}));
  }
  const std::string& cur = q.budget_currency();
  if (!cur.empty() && cur != "EUR" && cur != "MAD" && cur != "USD") {
    v.push_back(core::Violation("budget_currency", core::texts::kOneOf, {"EUR, MAD, USD"}));
  }
  static const std::vector<std::string> orders = {"",       "relevance", "recent", "title",
                                                  "budget", "-budget",   "start",  "-start"};
  if (std::find(orders.begin(), orders.end(), q.order_by()) == orders.end()) {
    v.push_back(core::Violation("order_by", core::texts::kOneOf,
                                {"relevance, recent, title, budget, -budget, start, -start"}));
  }
  if (!q.language().empty() && q.language() != "fr" && q.language() != "ar" &&
      q.language() != "en") {
    v.push_back(core::Violation("language", core::texts::kOneOf, {"fr, ar, en"}));
  }
  for (int i = 0; i < q.statuses_size(); ++i) {
    if (!v1::ActivityStatus_IsValid(q.statuses(i))) {
      v.push_back(
          core::Violation(absl::StrCat("statuses[", i, "]"), core::texts::kBetween, {"1", "6"}));
    }
  }
  return v;
}

absl::StatusOr<ListResult> ProjectService::List(const v1::ListProjectsRequest& req,
                                                const Actor& actor, const Freshness& fresh) {
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(req.page_size(), req.page_token(), kDefaultPageSize, kMaxPageSize);
  std::vector<core::FieldViolation> v = ValidateQuery(req);
  if (!page.ok()) {
    for (auto& fv : core::FieldViolations(page.status())) v.push_back(fv);
  }
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<SearchResult> r =
      store_.Search(req, actor.viewer, page->limit, page->position, /*with_facets=*/true, fresh);
  if (!r.ok()) return r.status();
  ListResult out;
  out.total = r->total;
  out.facets = std::move(r->facets);
  out.projects = std::move(r->projects);
  const int64_t next = page->position + static_cast<int64_t>(out.projects.size());
  if (next < out.total) out.next_page_token = core::EncodePageToken(next);
  return out;
}

absl::StatusOr<Project> ProjectService::WorkingCopy(const std::string& parent,
                                                    std::string_view field, const Actor& actor) {
  absl::StatusOr<std::string> id = ParseProjectName(parent, field);
  if (!id.ok()) return id.status();
  absl::StatusOr<Project> p = store_.Get(*id);
  if (!p.ok()) return p.status();
  if (!CanSee(actor.viewer, *p)) {
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + *id});
  }
  if (!CanSeeWorking(actor.viewer, *p)) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
  return p;
}

absl::StatusOr<SimilarResult> ProjectService::Similar(const std::string& name, int page_size,
                                                      const Actor& actor) {
  if (page_size < 0 || page_size > 50) {
    return core::InvalidFields({core::Violation("page_size", core::texts::kBetween, {"0", "50"})});
  }
  absl::StatusOr<Project> p = Get(name, v1::PROJECT_VIEW_UNSPECIFIED, 0, 0, actor);
  if (!p.ok()) return p.status();
  absl::StatusOr<std::vector<Match>> matches =
      store_.Similar(p->id, p->content, actor.viewer, page_size == 0 ? 10 : page_size);
  if (!matches.ok()) return matches.status();
  return SimilarResult{*std::move(p), *std::move(matches)};
}

}  // namespace atlas::registry
