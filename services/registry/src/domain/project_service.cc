// Registry use cases.
#include "registry/domain/project_service.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/core/ids.h"
#include "atlas/core/paging.h"
#include "atlas/core/texts.h"
#include "google/protobuf/util/time_util.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {

namespace {
constexpr core::Text kBadName = {"must be a project name like projects/{uuid}",
                                 "doit être un nom de projet de la forme projects/{uuid}",
                                 "يجب أن يكون اسم مشروع على شكل projects/{uuid}"};
constexpr core::Text kBadOrganisation = {
    "must be an organisation name like organisations/ministry",
    "doit être un nom d'organisation de la forme organisations/ministry",
    "يجب أن يكون اسم منظمة على شكل organisations/ministry"};
constexpr core::Text kEtagRequired = {
    "is required: send the etag of the version you changed (read the project first)",
    "est obligatoire : envoyez l'etag de la version que vous avez modifiée (lisez d'abord le "
    "projet)",
    "مطلوب: أرسل etag الخاص بالنسخة التي عدّلتها (اقرأ المشروع أولًا)"};
constexpr core::Text kBadEtag = {"is not an etag of this API (like \"r3\")",
                                 "n'est pas un etag de cette API (de la forme « r3 »)",
                                 "ليس etag صادرًا عن هذه الواجهة (على شكل «r3»)"};
constexpr core::Text kStaleEtag = {
    "{0} was changed by someone else since you read it; read it again, merge, and retry",
    "{0} a été modifié par quelqu'un d'autre depuis votre lecture ; relisez-le, fusionnez et "
    "réessayez",
    "عُدِّل {0} من قِبل شخص آخر منذ قراءتك له؛ أعد قراءته وادمج التعديلات ثم حاول مجددًا"};
constexpr core::Text kSubmittedNotEditable = {
    "a submitted project is not changed: wait for the validator's decision",
    "un projet soumis ne se modifie pas : attendez la décision du validateur",
    "لا يُعدَّل مشروع مُرسَل للمصادقة: انتظر قرار المصادِق"};
constexpr core::Text kArchivedNotEditable = {
    "an archived project is not changed: it is kept for the record only",
    "un projet archivé ne se modifie pas : il n'est conservé que pour mémoire",
    "لا يُعدَّل مشروع مؤرشف: يُحتفظ به للأرشيف فقط"};
constexpr core::Text kBadTransition = {"cannot {0} a project that is {1}",
                                       "impossible de {0} un projet à l'état {1}",
                                       "لا يمكن {0} مشروع حالته {1}"};
constexpr core::Text kMentionOutside = {
    "@{0} does not take part in this project's dialogue (its organisation and the ministry do)",
    "@{0} ne participe pas au dialogue de ce projet (son organisation et le ministère y "
    "participent)",
    "@{0} لا يشارك في حوار هذا المشروع (تشارك فيه منظمته والوزارة)"};
constexpr core::Text kImportDeadline = {
    "The time allowed ran out after {0} of {1} activities; send the file again to finish "
    "(activities already imported are not imported twice)",
    "Le temps imparti est écoulé après {0} activités sur {1} ; renvoyez le fichier pour terminer "
    "(les activités déjà importées ne le sont pas deux fois)",
    "انتهت المهلة بعد {0} من أصل {1} نشاط؛ أعد إرسال الملف لإكماله (الأنشطة المستوردة لا "
    "تُستورد مرتين)"};
constexpr core::Text kRequestIdUsed = {
    "This request_id was already used for another project; use a new one",
    "Ce request_id a déjà servi pour un autre projet ; utilisez-en un nouveau",
    "سبق استعمال request_id هذا لمشروع آخر؛ استعمل معرّفًا جديدًا"};
constexpr core::Text kOtherOrganisation = {
    "You may only act on your own organisation's projects",
    "Vous ne pouvez agir que sur les projets de votre organisation",
    "لا يمكنك التصرف إلا في مشاريع منظمتك"};
constexpr core::Text kNeededToSubmit = {"is needed before submitting for validation",
                                        "est nécessaire avant de soumettre à validation",
                                        "مطلوب قبل الإرسال للمصادقة"};
constexpr core::Text kNotPublic = {"only a published project can be flagged",
                                   "seul un projet publié peut être distingué",
                                   "لا يمكن تمييز إلا مشروع منشور"};
constexpr core::Text kNoSuchRevision = {"{0} has no revision {1}", "{0} n'a pas de révision {1}",
                                        "لا توجد للمشروع {0} مراجعة رقم {1}"};
constexpr core::Text kNoSuchThread = {"is not a thread of this project ({0}…)",
                                      "n'est pas un fil de ce projet ({0}…)",
                                      "ليس سلسلة نقاش لهذا المشروع ({0}…)"};
constexpr core::Text kBadCommentName = {
    "must be a comment name like projects/{uuid}/comments/{uuid}",
    "doit être un nom de commentaire de la forme projects/{uuid}/comments/{uuid}",
    "يجب أن يكون اسم تعليق على شكل projects/{uuid}/comments/{uuid}"};
constexpr core::Text kMissingIdentifier = {
    "the activity at line {0} has no iati-identifier; not imported",
    "l'activité de la ligne {0} n'a pas d'iati-identifier ; non importée",
    "النشاط في السطر {0} بلا iati-identifier؛ لم يُستورد"};
constexpr core::Text kIdentifierTaken = {"{0} is another organisation's project; not imported",
                                         "{0} est un projet d'une autre organisation ; non importé",
                                         "{0} مشروع منظمة أخرى؛ لم يُستورد"};
constexpr core::Text kTooMany = {"at most {0} values (got {1})", "au plus {0} valeurs ({1} reçues)",
                                 "على الأكثر {0} قيمة (الوارد: {1})"};

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

Project PublicView(const Project& p) {
  Project out = p;
  out.content = WithoutContacts(*p.published);
  out.state = State::kPublished;
  out.revision = p.published_revision;
  out.rejection_reason.clear();
  return out;
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
  const std::optional<int64_t> expected = RevisionOfEtag(etag);
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
    absl::StatusOr<Revision> r = revision > 0 ? store_.GetRevision(*id, revision)
                                              : store_.RevisionAt(*id, as_of_us, !working);
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
                                                const Actor& actor) {
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(req.page_size(), req.page_token(), kDefaultPageSize, kMaxPageSize);
  std::vector<core::FieldViolation> v = ValidateQuery(req);
  if (!page.ok()) {
    for (auto& fv : core::FieldViolations(page.status())) v.push_back(fv);
  }
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<SearchResult> r =
      store_.Search(req, actor.viewer, page->limit, page->position, /*with_facets=*/true);
  if (!r.ok()) return r.status();
  ListResult out;
  out.total = r->total;
  out.facets = std::move(r->facets);
  out.projects = std::move(r->projects);
  const int64_t next = page->position + static_cast<int64_t>(out.projects.size());
  if (next < out.total) out.next_page_token = core::EncodePageToken(next);
  return out;
}

absl::StatusOr<std::vector<Project>> ProjectService::Export(const v1::ListProjectsRequest& filter) {
  std::vector<core::FieldViolation> v = ValidateQuery(filter);
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<SearchResult> r = store_.Search(filter, Viewer{}, 100000, 0, false);
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

absl::StatusOr<Project> ProjectService::LoadForDialogue(const std::string& parent,
                                                        std::string_view field,
                                                        const Actor& actor) {
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

absl::StatusOr<v1::Comment> ProjectService::CreateComment(const std::string& parent, v1::Comment c,
                                                          const Actor& actor) {
  std::vector<core::FieldViolation> v;
  if (c.text().find_first_not_of(" \t\r\n") == std::string::npos) {
    v.push_back(core::Violation("comment.text", core::texts::kRequired));
  } else if (auto len = Utf8Length(c.text()); !len || *len > kMaxTextChars) {
    v.push_back(core::Violation("comment.text", core::texts::kTooLong,
                                {std::to_string(kMaxTextChars), std::to_string(len.value_or(0))}));
  }
  if (!c.field().empty() && !IsUpdatablePath(c.field())) {
    v.push_back(core::Violation(
        "comment.field", core::texts::kCannotChange,
        {absl::CHexEscape(c.field().substr(0, 60)), absl::StrJoin(ContentFields(), ", ")}));
  }
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<Project> p = LoadForDialogue(parent, "parent", actor);
  if (!p.ok()) return p.status();
  std::string thread_id;
  if (!c.thread().empty()) {
    // A reply: to a thread of this project.
    const std::string prefix = "projects/" + p->id + "/comments/";
    absl::StatusOr<std::vector<v1::Comment>> all = store_.Comments(p->id);
    if (!all.ok()) return all.status();
    const auto it = std::find_if(all->begin(), all->end(), [&](const v1::Comment& x) {
      return x.name() == c.thread() && x.thread().empty();
    });
    if (it == all->end()) {
      return core::InvalidFields({core::Violation("comment.thread", kNoSuchThread, {prefix})});
    }
    thread_id = c.thread().substr(prefix.size());
    c.set_field(it->field());
  }
  std::vector<std::string> mentions = Mentions(c.text());
  if (mentions.size() > 20) mentions.resize(20);
  // The dialogue is the project's organisation's and the ministry's: no one
  // else may be called into it (nor spammed through it).
  for (const auto& m : mentions) {
    const std::optional<std::string> org = core::IdOf(m, "organisations/");
    if (org && *org != p->organisation && *org != "ministry") {
      return core::InvalidFields({core::Violation("comment.text", kMentionOutside, {m})});
    }
  }
  c.clear_mentions();
  for (const auto& m : mentions) c.add_mentions(m);
  c.set_author(actor.subject);
  c.set_author_name(actor.name);
  c.set_author_organisation(
      actor.viewer.organisation.empty() ? "" : "organisations/" + actor.viewer.organisation);
  c.set_resolved(false);
  return store_.AddComment(p->id, thread_id, c);
}

absl::StatusOr<std::vector<v1::Comment>> ProjectService::Comments(const std::string& parent,
                                                                  const std::string& field,
                                                                  bool unresolved_only,
                                                                  const Actor& actor) {
  absl::StatusOr<Project> p = LoadForDialogue(parent, "parent", actor);
  if (!p.ok()) return p.status();
  absl::StatusOr<std::vector<v1::Comment>> all = store_.Comments(p->id);
  if (!all.ok()) return all.status();
  absl::StatusOr<int64_t> mark = store_.ReadMark(p->id, actor.subject);
  if (!mark.ok()) return mark.status();
  for (auto& c : *all) {
    c.set_unread(google::protobuf::util::TimeUtil::TimestampToMicroseconds(c.create_time()) >
                     *mark &&
                 c.author() != actor.subject);
  }
  // Threads in order, each followed by its replies.
  std::vector<v1::Comment> out;
  for (const auto& t : *all) {
    if (!t.thread().empty()) continue;
    if (!field.empty() && t.field() != field) continue;
    if (unresolved_only && t.resolved()) continue;
    out.push_back(t);
    for (const auto& r : *all) {
      if (r.thread() == t.name()) out.push_back(r);
    }
  }
  return out;
}

absl::Status ProjectService::MarkCommentsRead(const std::string& parent, const Actor& actor) {
  absl::StatusOr<Project> p = LoadForDialogue(parent, "parent", actor);
  if (!p.ok()) return p.status();
  return store_.SetReadMark(p->id, actor.subject);
}

absl::StatusOr<v1::Comment> ProjectService::ResolveComment(const std::string& name, bool resolved,
                                                           const Actor& actor) {
  // projects/{uuid}/comments/{uuid}
  const size_t cut = name.find("/comments/");
  if (cut == std::string::npos || !core::IsCanonicalUuid(name.substr(cut + 10))) {
    return core::InvalidFields({core::Violation("name", kBadCommentName)});
  }
  absl::StatusOr<Project> p = LoadForDialogue(name.substr(0, cut), "name", actor);
  if (!p.ok()) return p.status();
  absl::StatusOr<v1::Comment> c = store_.SetResolved(p->id, name.substr(cut + 10), resolved);
  if (c.status().code() == absl::StatusCode::kNotFound) {
    return core::InvalidFields({core::Violation("name", kNoSuchThread, {name})});
  }
  return c;
}

absl::StatusOr<v1::Evaluation> ProjectService::CreateEvaluation(const std::string& parent,
                                                                v1::Evaluation e,
                                                                const Actor& actor) {
  std::vector<core::FieldViolation> v;
  absl::StatusOr<std::string> id = ParseProjectName(parent, "parent");
  if (!id.ok()) v.push_back(core::FieldViolations(id.status()).front());
  for (auto& fv : ValidateEvaluation(e, "evaluation.")) v.push_back(std::move(fv));
  if (!v.empty()) return core::InvalidFields(v);
  absl::StatusOr<Project> p = store_.Get(*id);
  if (!p.ok()) return p.status();
  if (!CanSee(actor.viewer, *p)) {
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + *id});
  }
  e.clear_name();
  e.clear_create_time();
  double sum = 0;
  for (const auto& s : e.scores()) sum += s.score();
  e.set_average_score(std::round(sum / 6 * 100) / 100);
  return store_.AddEvaluation(*id, e, actor.subject);
}

absl::StatusOr<std::vector<v1::Evaluation>> ProjectService::Evaluations(const std::string& parent,
                                                                        const Actor& actor) {
  absl::StatusOr<Project> p = Get(parent, v1::PROJECT_VIEW_UNSPECIFIED, 0, 0, actor);
  if (!p.ok()) return p.status();
  return store_.Evaluations(p->id);
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

absl::StatusOr<RevisionList> ProjectService::Revisions(const std::string& name, int page_size,
                                                       const std::string& page_token,
                                                       const Actor& actor) {
  absl::StatusOr<std::string> id = ParseProjectName(name, "name");
  if (!id.ok()) return id.status();
  absl::StatusOr<core::PageRequest> page =
      core::ParsePageRequest(page_size, page_token, kDefaultPageSize, kMaxPageSize);
  if (!page.ok()) return page.status();
  absl::StatusOr<Project> p = store_.Get(*id);
  if (!p.ok()) return p.status();
  if (!CanSee(actor.viewer, *p)) {
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + *id});
  }
  if (!CanSeeWorking(actor.viewer, *p)) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
  absl::StatusOr<std::vector<Revision>> r = store_.Revisions(*id, page->limit + 1, page->position);
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
  absl::StatusOr<Project> p = store_.Get(*id);
  if (!p.ok()) return p.status();
  if (!CanSee(actor.viewer, *p)) {
    return core::Error(absl::StatusCode::kNotFound, kProjectNotFound, {"projects/" + *id});
  }
  if (!CanSeeWorking(actor.viewer, *p)) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOtherOrganisation);
  }
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
  absl::StatusOr<Revision> a = store_.GetRevision(*id, from);
  if (!a.ok()) return a.status();
  absl::StatusOr<Revision> b = store_.GetRevision(*id, to);
  if (!b.ok()) return b.status();
  return DiffResult{from, to, Diff(a->content, b->content)};
}

}  // namespace atlas::registry
