// The co-construction workspace: validation, access, changes, exports.
#include "registry/domain/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/text_formats.h"
#include "atlas/core/texts.h"
#include "atlas/core/utf8.h"
#include "google/protobuf/util/message_differencer.h"
#include "registry/domain/etag_check.h"
#include "registry/domain/links.h"
#include "registry/domain/patch.h"
#include "registry/domain/project.h"

namespace atlas::registry {
namespace {

constexpr core::Text kBadEntryId = {
    "must be 1 to 40 characters among a-z, 0-9 and - (\"o1\", \"retour-accueil\")",
    "doit compter 1 à 40 caractères parmi a-z, 0-9 et - (« o1 », « retour-accueil »)",
    "يجب أن يتكون من 1 إلى 40 حرفا من a-z و0-9 و- (\"o1\"، \"retour-accueil\")"};
constexpr core::Text kBadDay = {"must be a date written YYYY-MM-DD (years 2000 to 2100)",
                                "doit être une date écrite AAAA-MM-JJ (années 2000 à 2100)",
                                "يجب أن يكون تاريخا مكتوبا YYYY-MM-DD (السنوات 2000 إلى 2100)"};
constexpr core::Text kEndsBeforeStart = {"must be on or after the start date {0}",
                                         "doit être le {0} ou après (date de début)",
                                         "يجب أن يكون في {0} أو بعده (تاريخ البداية)"};
constexpr core::Text kNoOwner = {"a plan needs at least one owner organisation",
                                 "un plan doit avoir au moins une organisation propriétaire",
                                 "يجب أن تكون للخطة منظمة مالكة واحدة على الأقل"};
constexpr core::Text kNotWriter = {
    "must be an owner or contributor organisation of the plan (got {0})",
    "doit être une organisation propriétaire ou contributrice du plan (reçu {0})",
    "يجب أن تكون منظمة مالكة أو مساهمة في الخطة ({0})"};
constexpr core::Text kNoSuchObjective = {"names no objective of this plan ({0})",
                                         "ne désigne aucun objectif de ce plan ({0})",
                                         "لا يشير إلى أي هدف في هذه الخطة ({0})"};
constexpr core::Text kNoSuchActivity = {"names no activity of this plan ({0})",
                                        "ne désigne aucune activité de ce plan ({0})",
                                        "لا يشير إلى أي نشاط في هذه الخطة ({0})"};
constexpr core::Text kTooMany = {"at most {0} entries", "au plus {0} entrées",
                                 "{0} عنصرا على الأكثر"};
constexpr core::Text kOwnersOnly = {
    "only the plan's owner organisations may change {0}",
    "seules les organisations propriétaires du plan peuvent modifier {0}",
    "لا يمكن تعديل {0} إلا للمنظمات المالكة للخطة"};
constexpr core::Text kWritersOnly = {
    "your organisation observes this plan: it may read it and take part in the discussion, "
    "not change it",
    "votre organisation observe ce plan : elle peut le lire et participer à la discussion, pas "
    "le modifier",
    "منظمتك تتابع هذه الخطة: يمكنها قراءتها والمشاركة في النقاش دون تعديلها"};
constexpr core::Text kNoOrganisation = {"an account without an organisation cannot start a plan",
                                        "un compte sans organisation ne peut pas créer de plan",
                                        "لا يمكن لحساب بدون منظمة إنشاء خطة"};
constexpr core::Text kMentionNotMember = {
    "@{0} is not of a member organisation of this plan: mention its organisations or their "
    "people",
    "@{0} n'est pas d'une organisation membre de ce plan : mentionnez ses organisations ou "
    "leurs membres",
    "@{0} لا ينتمي إلى منظمة عضو في هذه الخطة: اذكر منظماتها أو أعضاءها"};
constexpr core::Text kMentionNoOne = {"@{0} names no account of the platform",
                                      "@{0} ne désigne aucun compte de la plateforme",
                                      "@{0} لا يشير إلى أي حساب في المنصة"};

constexpr char kPaths[] =
    "title, title.fr, title.ar, title.en, summary, members, demo, objectives, activities, "
    "milestones, decisions";

constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxSummary = 2000;
constexpr size_t kMaxMinutes = 8000;
constexpr size_t kMaxComment = 2000;
constexpr int kMaxMembers = 50;
constexpr int kMaxObjectives = 50;
constexpr int kMaxActivities = 300;
constexpr int kMaxMilestones = 200;
constexpr int kMaxDecisions = 200;
constexpr int kMaxLinks = 50;
constexpr int kMaxActions = 20;

// An objective's, activity's, milestone's or decision's id: a slug of at most 40.
bool IsEntryId(const std::string& id) { return id.size() <= 40 && core::IsSlugId(id); }

std::optional<absl::CivilDay> Day(const std::string& s) {
  absl::CivilDay d;
  if (s.size() != 10 || !absl::ParseCivilTime(s, &d)) return std::nullopt;
  if (absl::FormatCivilTime(d) != s || d.year() < 2000 || d.year() > 2100) return std::nullopt;
  return d;
}

// `id`s of a list of entries: well-formed, each once.
template <typename Entries>
std::set<std::string> CheckIds(const Entries& entries, const std::string& field, int max,
                               std::vector<core::FieldViolation>& out) {
  std::set<std::string> ids;
  if (entries.size() > max) {
    out.push_back(core::Violation(field, kTooMany, {std::to_string(max)}));
  }
  for (int i = 0; i < entries.size(); ++i) {
    const std::string& id = entries[i].id();
    const std::string f = absl::StrCat(field, "[", i, "].id");
    if (!IsEntryId(id)) {
      out.push_back(core::Violation(f, kBadEntryId));
    } else if (!ids.insert(id).second) {
      out.push_back(core::Violation(f, core::texts::kDuplicate, {id}));
    }
  }
  return ids;
}

void CheckMembers(const v1::Plan& p, std::vector<core::FieldViolation>& out) {
  if (p.members_size() == 0 || p.members_size() > kMaxMembers) {
    out.push_back(
        core::Violation("plan.members", core::texts::kBetween, {"1", std::to_string(kMaxMembers)}));
  }
  std::set<std::string> seen;
  bool owner = false;
  for (int i = 0; i < p.members_size(); ++i) {
    const v1::PlanMember& m = p.members(i);
    const std::string f = absl::StrCat("plan.members[", i, "]");
    const std::optional<std::string> id = core::IdOf(m.organisation(), "organisations/");
    if (!id || !core::IsOrganisationId(*id)) {
      out.push_back(core::Violation(f + ".organisation", kBadName, {"organisations/{id}"}));
    } else if (!seen.insert(*id).second) {
      out.push_back(
          core::Violation(f + ".organisation", core::texts::kDuplicate, {m.organisation()}));
    }
    if (m.role() == v1::PLAN_ROLE_UNSPECIFIED || !v1::PlanRole_IsValid(m.role())) {
      out.push_back(core::Violation(f + ".role", core::texts::kOneOf,
                                    {"PLAN_OWNER, PLAN_CONTRIBUTOR, PLAN_OBSERVER"}));
    }
    owner = owner || m.role() == v1::PLAN_OWNER;
  }
  if (p.members_size() > 0 && !owner) out.push_back(core::Violation("plan.members", kNoOwner));
}

void CheckActivities(const v1::Plan& p, const std::set<std::string>& objectives,
                     std::vector<core::FieldViolation>& out) {
  std::set<std::string> writers;
  for (const auto& m : p.members()) {
    if (m.role() == v1::PLAN_OWNER || m.role() == v1::PLAN_CONTRIBUTOR) {
      writers.insert(m.organisation());
    }
  }
  for (int i = 0; i < p.activities_size(); ++i) {
    const v1::PlanActivity& a = p.activities(i);
    const std::string f = absl::StrCat("plan.activities[", i, "]");
    CheckLocalized(a.title(), f + ".title", kMaxTitle, {.fr = true}, out);
    if (!a.objective().empty() && !objectives.contains(a.objective())) {
      out.push_back(core::Violation(f + ".objective", kNoSuchObjective,
                                    {std::string(core::Utf8Prefix(a.objective(), 40))}));
    }
    if (!writers.contains(a.owner())) {
      out.push_back(core::Violation(f + ".owner", kNotWriter,
                                    {std::string(core::Utf8Prefix(a.owner(), 80))}));
    }
    const auto start = Day(a.start_date());
    const auto end = Day(a.end_date());
    if (!start) out.push_back(core::Violation(f + ".start_date", kBadDay));
    if (!end) out.push_back(core::Violation(f + ".end_date", kBadDay));
    if (start && end && *end < *start) {
      out.push_back(core::Violation(f + ".end_date", kEndsBeforeStart, {a.start_date()}));
    }
    if (a.status() == v1::PLAN_ACTIVITY_STATUS_UNSPECIFIED ||
        !v1::PlanActivityStatus_IsValid(a.status())) {
      out.push_back(core::Violation(f + ".status", core::texts::kOneOf,
                                    {"PLAN_ACTIVITY_PLANNED, PLAN_ACTIVITY_ONGOING, "
                                     "PLAN_ACTIVITY_DONE, PLAN_ACTIVITY_CANCELLED"}));
    }
    CheckLinks(a.projects(), f + ".projects", kMaxLinks,
               NamesOf("projects/", core::IsCanonicalUuid), kBadName, {"projects/{uuid}"}, out);
    CheckLinks(a.documents(), f + ".documents", kMaxLinks,
               NamesOf("documents/", core::IsCanonicalUuid), kBadName, {"documents/{uuid}"}, out);
    CheckLinks(a.actions(), f + ".actions", kMaxActions, NamesOf("actions/", core::IsSlugId),
               kBadName, {"actions/{id}"}, out);
  }
}

void CheckMilestones(const v1::Plan& p, const std::set<std::string>& activities,
                     std::vector<core::FieldViolation>& out) {
  for (int i = 0; i < p.milestones_size(); ++i) {
    const v1::PlanMilestone& m = p.milestones(i);
    const std::string f = absl::StrCat("plan.milestones[", i, "]");
    CheckLocalized(m.title(), f + ".title", kMaxTitle, {.fr = true}, out);
    if (!Day(m.date())) out.push_back(core::Violation(f + ".date", kBadDay));
    if (!m.activity().empty() && !activities.contains(m.activity())) {
      out.push_back(core::Violation(f + ".activity", kNoSuchActivity,
                                    {std::string(core::Utf8Prefix(m.activity(), 40))}));
    }
  }
}

void CheckDecisions(const v1::Plan& p, std::vector<core::FieldViolation>& out) {
  for (int i = 0; i < p.decisions_size(); ++i) {
    const v1::PlanDecision& d = p.decisions(i);
    const std::string f = absl::StrCat("plan.decisions[", i, "]");
    CheckLocalized(d.title(), f + ".title", kMaxTitle, {.fr = true}, out);
    if (!Day(d.date())) out.push_back(core::Violation(f + ".date", kBadDay));
    core::CheckPlainText(d.minutes(), f + ".minutes", kMaxMinutes, false, out,
                         /*allow_newlines=*/true);
    CheckLinks(d.documents(), f + ".documents", kMaxActions,
               NamesOf("documents/", core::IsCanonicalUuid), kBadName, {"documents/{uuid}"}, out);
  }
}

absl::Status Worded(const absl::Status& s, const std::string& id) {
  if (s.code() != absl::StatusCode::kNotFound) return s;
  return core::Error(absl::StatusCode::kNotFound, kPlanNotFound, {"plans/" + id});
}

absl::StatusOr<std::string> IdOfName(const std::string& name) {
  auto id = PlanId(name);
  if (!id) {
    return core::Error(absl::StatusCode::kNotFound, kPlanNotFound,
                       {std::string(core::Utf8Prefix(name, 80))});
  }
  return *id;
}

bool IsOwnerPath(const std::string& path) {
  return path == "members" || path == "demo" || path.starts_with("title") ||
         path.starts_with("summary");
}

// Whether `c` may change the fields of `paths` in `p`.
absl::Status CheckMayChange(const v1::Plan& p, const std::vector<std::string>& paths,
                            const PlanCaller& c) {
  if (c.admin) return absl::OkStatus();
  const v1::PlanRole role = RoleIn(p, c.organisation);
  if (role == v1::PLAN_OWNER) return absl::OkStatus();
  if (role != v1::PLAN_CONTRIBUTOR) {
    return core::Error(absl::StatusCode::kPermissionDenied, kWritersOnly);
  }
  for (const std::string& path : paths) {
    if (IsOwnerPath(path)) {
      return core::Error(absl::StatusCode::kPermissionDenied, kOwnersOnly,
                         {std::string(core::Utf8Prefix(path, 40))});
    }
  }
  return absl::OkStatus();
}

// Entries of a list with ids: "+a3 ~a1 -a2", or "" when none differ.
template <typename Entries>
std::string EntryChanges(const Entries& before, const Entries& after) {
  std::map<std::string, const google::protobuf::Message*> old;
  for (const auto& e : before) old[e.id()] = &e;
  std::vector<std::string> parts;
  std::set<std::string> kept;
  for (const auto& e : after) {
    kept.insert(e.id());
    auto it = old.find(e.id());
    if (it == old.end()) {
      parts.push_back("+" + e.id());
    } else if (!google::protobuf::util::MessageDifferencer::Equals(*it->second, e)) {
      parts.push_back("~" + e.id());
    }
  }
  for (const auto& e : before) {
    if (!kept.contains(e.id())) parts.push_back("-" + e.id());
  }
  return absl::StrJoin(parts, " ");
}

// iCalendar TEXT (RFC 5545 3.3.11): backslash, semicolon, comma, newline escaped.
std::string IcsText(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\\' || ch == ';' || ch == ',') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch != '\r') {
      out += ch;
    }
  }
  return out;
}

// A content line folded at 75 octets, never inside a UTF-8 sequence.
std::string IcsLine(const std::string& line) {
  std::string out;
  size_t at = 0;
  size_t room = 75;
  while (line.size() - at > room) {
    size_t cut = at + room;
    while (cut > at && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out += line.substr(at, cut - at) + "\r\n ";
    at = cut;
    room = 74;  // the leading space counts
  }
  return out + line.substr(at) + "\r\n";
}

std::string IcsDate(const std::string& ymd) {
  std::string s = ymd;
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

std::string NextDay(const std::string& ymd) {
  const auto d = Day(ymd);
  return d ? IcsDate(absl::FormatCivilTime(*d + 1)) : IcsDate(ymd);
}

std::string French(const v1::LocalizedText& t) {
  return !t.fr().empty() ? t.fr() : !t.en().empty() ? t.en() : t.ar();
}

const char* StatusCode(v1::PlanActivityStatus s) {
  switch (s) {
    case v1::PLAN_ACTIVITY_PLANNED:
      return "planned";
    case v1::PLAN_ACTIVITY_ONGOING:
      return "ongoing";
    case v1::PLAN_ACTIVITY_DONE:
      return "done";
    case v1::PLAN_ACTIVITY_CANCELLED:
      return "cancelled";
    default:
      return "";
  }
}

}  // namespace

v1::PlanRole RoleIn(const v1::Plan& p, const std::string& organisation) {
  if (organisation.empty()) return v1::PLAN_ROLE_UNSPECIFIED;
  const std::string name = "organisations/" + organisation;
  for (const auto& m : p.members()) {
    if (m.organisation() == name) return m.role();
  }
  return v1::PLAN_ROLE_UNSPECIFIED;
}

bool MayRead(const PlanCaller& c, const v1::Plan& p) {
  return c.staff || c.admin || RoleIn(p, c.organisation) != v1::PLAN_ROLE_UNSPECIFIED;
}

absl::Status ValidatePlan(const v1::Plan& p) {
  std::vector<core::FieldViolation> out;
  CheckLocalized(p.title(), "plan.title", kMaxTitle, {.fr = true}, out);
  CheckLocalized(p.summary(), "plan.summary", kMaxSummary, {}, out, /*allow_newlines=*/true);
  CheckMembers(p, out);
  const std::set<std::string> objectives =
      CheckIds(p.objectives(), "plan.objectives", kMaxObjectives, out);
  for (int i = 0; i < p.objectives_size(); ++i) {
    CheckLocalized(p.objectives(i).title(), absl::StrCat("plan.objectives[", i, "].title"),
                   kMaxTitle, {.fr = true}, out);
  }
  const std::set<std::string> activities =
      CheckIds(p.activities(), "plan.activities", kMaxActivities, out);
  CheckActivities(p, objectives, out);
  CheckIds(p.milestones(), "plan.milestones", kMaxMilestones, out);
  CheckMilestones(p, activities, out);
  CheckIds(p.decisions(), "plan.decisions", kMaxDecisions, out);
  CheckDecisions(p, out);
  return out.empty() ? absl::OkStatus() : core::InvalidFields(out);
}

absl::StatusOr<v1::Plan> PatchPlan(v1::Plan current, const v1::Plan& patch,
                                   const std::vector<std::string>& paths, const PlanCaller& c) {
  std::vector<core::FieldViolation> out;
  if (paths.empty()) out.push_back(core::Violation("update_mask", core::texts::kRequired));
  for (const std::string& path : paths) {
    if (PatchLocalized(path, "title", current.mutable_title(), patch.title()) ||
        PatchLocalized(path, "summary", current.mutable_summary(), patch.summary())) {
    } else if (path == "members") {
      *current.mutable_members() = patch.members();
    } else if (path == "demo") {
      current.set_demo(patch.demo());
    } else if (path == "objectives") {
      *current.mutable_objectives() = patch.objectives();
    } else if (path == "activities") {
      *current.mutable_activities() = patch.activities();
    } else if (path == "milestones") {
      *current.mutable_milestones() = patch.milestones();
    } else if (path == "decisions") {
      *current.mutable_decisions() = patch.decisions();
    } else {
      out.push_back(core::Violation("update_mask", core::texts::kCannotChange,
                                    {std::string(core::Utf8Prefix(path, 60)), kPaths}));
    }
  }
  if (!out.empty()) return core::InvalidFields(out);
  if (absl::Status s = CheckMayChange(current, paths, c); !s.ok()) return s;
  if (absl::Status s = ValidatePlan(current); !s.ok()) return s;
  return current;
}

PlanChanges ChangesBetween(const v1::Plan& before, const v1::Plan& after) {
  using google::protobuf::util::MessageDifferencer;
  PlanChanges c;
  auto field = [&](const char* name, bool differs, absl::string_view detail = {}) {
    if (!differs) return;
    c.fields.emplace_back(name);
    if (!detail.empty()) c.details.push_back(absl::StrCat(name, ": ", detail));
  };
  field("title", !MessageDifferencer::Equals(before.title(), after.title()));
  field("summary", !MessageDifferencer::Equals(before.summary(), after.summary()));
  std::vector<std::string> members;
  {
    std::map<std::string, v1::PlanRole> old;
    for (const auto& m : before.members()) old[m.organisation()] = m.role();
    std::set<std::string> kept;
    for (const auto& m : after.members()) {
      kept.insert(m.organisation());
      auto it = old.find(m.organisation());
      if (it == old.end()) {
        members.push_back("+" + m.organisation());
      } else if (it->second != m.role()) {
        members.push_back("~" + m.organisation());
      }
    }
    for (const auto& m : before.members()) {
      if (!kept.contains(m.organisation())) members.push_back("-" + m.organisation());
    }
  }
  field("members", !members.empty(), absl::StrJoin(members, " "));
  field("demo", before.demo() != after.demo());
  const std::string objectives = EntryChanges(before.objectives(), after.objectives());
  field("objectives", !objectives.empty(), objectives);
  const std::string activities = EntryChanges(before.activities(), after.activities());
  field("activities", !activities.empty(), activities);
  const std::string milestones = EntryChanges(before.milestones(), after.milestones());
  field("milestones", !milestones.empty(), milestones);
  const std::string decisions = EntryChanges(before.decisions(), after.decisions());
  field("decisions", !decisions.empty(), decisions);
  return c;
}

std::vector<std::string> AddedMembers(const v1::Plan& before, const v1::Plan& after) {
  std::set<std::string> old;
  for (const auto& m : before.members()) old.insert(m.organisation());
  std::vector<std::string> out;
  for (const auto& m : after.members()) {
    if (!old.contains(m.organisation())) out.push_back(m.organisation());
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> PlanMentions(
    const v1::Plan& p, const std::string& text, const std::map<std::string, std::string>& people) {
  std::vector<std::string> out;
  for (const std::string& m : Mentions(text)) {
    const std::optional<std::string> org = core::IdOf(m, "organisations/");
    const std::string handle = absl::AsciiStrToLower(m);
    const auto person = people.find(handle);
    if (!org && person == people.end()) {
      return core::InvalidFields(
          {core::Violation("comment.text", kMentionNoOne, {std::string(core::Utf8Prefix(m, 60))})});
    }
    if (RoleIn(p, org ? *org : person->second) == v1::PLAN_ROLE_UNSPECIFIED) {
      return core::InvalidFields({core::Violation("comment.text", kMentionNotMember,
                                                  {std::string(core::Utf8Prefix(m, 80))})});
    }
    out.push_back(org ? m : handle);
    if (out.size() == 20) break;
  }
  return out;
}

std::vector<std::string> MentionedPeople(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& m : Mentions(text)) {
    if (!core::IdOf(m, "organisations/")) out.push_back(absl::AsciiStrToLower(m));
  }
  return out;
}

std::vector<const v1::PlanActivity*> DueActivities(const v1::Plan& p, const std::string& today,
                                                   int notice_days) {
  std::vector<const v1::PlanActivity*> out;
  const auto from = Day(today);
  if (!from) return out;
  for (const auto& a : p.activities()) {
    if (a.status() == v1::PLAN_ACTIVITY_DONE || a.status() == v1::PLAN_ACTIVITY_CANCELLED) continue;
    const auto end = Day(a.end_date());
    if (end && *end >= *from && *end - *from <= notice_days) out.push_back(&a);
  }
  return out;
}

std::optional<std::string> PlanId(const std::string& name) {
  auto id = core::IdOf(name, "plans/");
  if (!id || !core::IsCanonicalUuid(*id)) return std::nullopt;
  return *id;
}

std::string PlanCsv(const v1::Plan& p) {
  std::string out =
      "kind,id,title_fr,title_ar,title_en,objective,owner,start_date,end_date,status,projects,"
      "documents,actions,plan,demo\r\n";
  const std::string plan = PlanId(p.name()).value_or("");
  const std::string demo = p.demo() ? "true" : "false";
  for (const auto& a : p.activities()) {
    out += absl::StrJoin({std::string("activity"), a.id(), core::CsvTextField(a.title().fr()),
                          core::CsvTextField(a.title().ar()), core::CsvTextField(a.title().en()),
                          a.objective(), a.owner(), a.start_date(), a.end_date(),
                          std::string(StatusCode(a.status())),
                          core::CsvField(absl::StrJoin(a.projects(), " ")),
                          core::CsvField(absl::StrJoin(a.documents(), " ")),
                          core::CsvField(absl::StrJoin(a.actions(), " ")), plan, demo},
                         ",") +
           "\r\n";
  }
  for (const auto& m : p.milestones()) {
    out += absl::StrJoin({std::string("milestone"), m.id(), core::CsvTextField(m.title().fr()),
                          core::CsvTextField(m.title().ar()), core::CsvTextField(m.title().en()),
                          std::string(), std::string(), m.date(), m.date(),
                          std::string(m.reached() ? "reached" : "pending"), std::string(),
                          std::string(), std::string(), plan, demo},
                         ",") +
           "\r\n";
  }
  return out;
}

std::string PlanIcs(const v1::Plan& p, const std::string& stamp) {
  const std::string plan = PlanId(p.name()).value_or("plan");
  const std::string prefix = p.demo() ? "[démo] " : "";
  std::string out;
  out += IcsLine("BEGIN:VCALENDAR");
  out += IcsLine("VERSION:2.0");
  out += IcsLine("PRODID:-//Sharaka Atlas//Plans//FR");
  out += IcsLine("CALSCALE:GREGORIAN");
  out += IcsLine("X-WR-CALNAME:" + IcsText(prefix + French(p.title())));
  for (const auto& a : p.activities()) {
    if (a.status() == v1::PLAN_ACTIVITY_CANCELLED) continue;
    out += IcsLine("BEGIN:VEVENT");
    out += IcsLine(absl::StrCat("UID:activity-", a.id(), ".", plan, "@sharaka-atlas"));
    out += IcsLine("DTSTAMP:" + stamp);
    out += IcsLine("DTSTART;VALUE=DATE:" + IcsDate(a.start_date()));
    out += IcsLine("DTEND;VALUE=DATE:" + NextDay(a.end_date()));
    out += IcsLine("SUMMARY:" + IcsText(prefix + French(a.title())));
    out += IcsLine("DESCRIPTION:" + IcsText(absl::StrCat(French(p.title()), "\n", a.owner(), " · ",
                                                         StatusCode(a.status()))));
    out += IcsLine(std::string("STATUS:") +
                   (a.status() == v1::PLAN_ACTIVITY_DONE ? "CONFIRMED" : "TENTATIVE"));
    out += IcsLine("END:VEVENT");
  }
  for (const auto& m : p.milestones()) {
    out += IcsLine("BEGIN:VEVENT");
    out += IcsLine(absl::StrCat("UID:milestone-", m.id(), ".", plan, "@sharaka-atlas"));
    out += IcsLine("DTSTAMP:" + stamp);
    out += IcsLine("DTSTART;VALUE=DATE:" + IcsDate(m.date()));
    out += IcsLine("DTEND;VALUE=DATE:" + NextDay(m.date()));
    out += IcsLine("SUMMARY:" + IcsText(prefix + "◆ " + French(m.title())));
    out += IcsLine("END:VEVENT");
  }
  out += IcsLine("END:VCALENDAR");
  return out;
}

// PlanService.

absl::StatusOr<v1::Plan> PlanService::Readable(const std::string& name, int64_t revision,
                                               const PlanCaller& c) {
  auto id = IdOfName(name);
  if (!id.ok()) return id.status();
  auto p = store_.Get(*id, revision);
  if (!p.ok()) return Worded(p.status(), *id);
  // Revisions are read by those who may read the plan now.
  if (revision > 0) {
    auto now = store_.Get(*id, 0);
    if (!now.ok()) return Worded(now.status(), *id);
    if (!MayRead(c, *now)) return Worded(absl::NotFoundError(""), *id);
  } else if (!MayRead(c, *p)) {
    return Worded(absl::NotFoundError(""), *id);
  }
  p->set_caller_role(RoleIn(*p, c.organisation));
  return p;
}

absl::StatusOr<std::vector<v1::Plan>> PlanService::List(const PlanCaller& c) {
  if (!c.staff && !c.admin && c.organisation.empty()) return std::vector<v1::Plan>{};
  auto all = store_.List(c.staff || c.admin ? "" : c.organisation);
  if (!all.ok()) return all.status();
  for (v1::Plan& p : *all) p.set_caller_role(RoleIn(p, c.organisation));
  return all;
}

absl::StatusOr<v1::Plan> PlanService::Get(const std::string& name, int64_t revision,
                                          const PlanCaller& c) {
  if (revision < 0) {
    return core::InvalidFields(
        {core::Violation("revision", core::texts::kBetween, {"0", "9223372036854775807"})});
  }
  return Readable(name, revision, c);
}

absl::StatusOr<v1::Plan> PlanService::Create(v1::Plan p, const std::string& request_id,
                                             const PlanCaller& c) {
  if (c.organisation.empty()) {
    return core::Error(absl::StatusCode::kPermissionDenied, kNoOrganisation);
  }
  if (RoleIn(p, c.organisation) == v1::PLAN_ROLE_UNSPECIFIED) {
    v1::PlanMember* me = p.add_members();
    me->set_organisation("organisations/" + c.organisation);
    me->set_role(v1::PLAN_OWNER);
  } else if (!c.admin && RoleIn(p, c.organisation) != v1::PLAN_OWNER) {
    return core::Error(absl::StatusCode::kPermissionDenied, kOwnersOnly, {"members"});
  }
  p.clear_name();
  p.clear_etag();
  p.clear_caller_role();
  p.clear_revision();
  std::vector<core::FieldViolation> bad;
  core::CheckText(request_id, "request_id", 100, false, false, bad);
  if (!bad.empty()) return core::InvalidFields(bad);
  if (absl::Status s = ValidatePlan(p); !s.ok()) return s;
  auto created = store_.Insert(p, request_id, c.Author(), c.OrganisationName());
  if (!created.ok()) return created.status();
  // A retried request names the plan its first call created: only if the
  // caller may read it (the key is scoped to the account anyway).
  if (!MayRead(c, *created)) return Worded(absl::NotFoundError(""), "");
  created->set_caller_role(RoleIn(*created, c.organisation));
  return created;
}

absl::StatusOr<v1::Plan> PlanService::Update(const v1::Plan& patch,
                                             const std::vector<std::string>& paths,
                                             const std::string& etag, const PlanCaller& c) {
  auto id = IdOfName(patch.name());
  if (!id.ok()) return id.status();
  auto updated = store_.Modify(
      *id, c.Author(), c.OrganisationName(),
      [&](const v1::Plan& current) -> absl::StatusOr<v1::Plan> {
        if (!MayRead(c, current)) return absl::NotFoundError("");
        if (absl::Status e = CheckEtag(current.etag(), etag, "plan.etag", current.name(), true);
            !e.ok()) {
          return e;
        }
        return PatchPlan(current, patch, paths, c);
      });
  if (!updated.ok()) return Worded(updated.status(), *id);
  updated->set_caller_role(RoleIn(*updated, c.organisation));
  return updated;
}

absl::Status PlanService::Delete(const std::string& name, const std::string& etag,
                                 const PlanCaller& c) {
  auto id = IdOfName(name);
  if (!id.ok()) return id.status();
  return Worded(store_.Remove(*id, c.Author(),
                              [&](const v1::Plan& current) -> absl::Status {
                                if (!MayRead(c, current)) return absl::NotFoundError("");
                                if (!c.admin && RoleIn(current, c.organisation) != v1::PLAN_OWNER) {
                                  return core::Error(absl::StatusCode::kPermissionDenied,
                                                     kOwnersOnly, {"plan"});
                                }
                                return CheckEtag(current.etag(), etag, "etag", current.name(),
                                                 true);
                              }),
                *id);
}

absl::StatusOr<std::vector<v1::PlanRevision>> PlanService::Revisions(const std::string& parent,
                                                                     const PlanCaller& c) {
  auto p = Readable(parent, 0, c);
  if (!p.ok()) return p.status();
  return store_.Revisions(*PlanId(p->name()));
}

absl::StatusOr<v1::PlanComment> PlanService::Comment(const std::string& parent,
                                                     v1::PlanComment comment,
                                                     const std::string& request_id,
                                                     const PlanCaller& c) {
  auto id = IdOfName(parent);
  if (!id.ok()) return id.status();
  std::vector<core::FieldViolation> bad;
  core::CheckPlainText(comment.text(), "comment.text", kMaxComment, true, bad, true);
  core::CheckText(request_id, "request_id", 100, false, false, bad);
  if (!bad.empty()) return core::InvalidFields(bad);
  comment.clear_name();
  comment.clear_create_time();
  comment.set_author(c.subject);
  comment.set_author_name(c.Author());
  comment.set_author_organisation(c.OrganisationName());
  auto people = store_.PeopleOrganisations(MentionedPeople(comment.text()));
  if (!people.ok()) return people.status();
  auto added = store_.AddComment(
      *id, comment, request_id, *people, [&](const v1::Plan& current) -> absl::Status {
        if (!MayRead(c, current)) return absl::NotFoundError("");
        const bool known =
            std::any_of(current.activities().begin(), current.activities().end(),
                        [&](const v1::PlanActivity& a) { return a.id() == comment.activity(); });
        if (!known) {
          return core::InvalidFields(
              {core::Violation("comment.activity", kNoSuchActivity,
                               {std::string(core::Utf8Prefix(comment.activity(), 40))})});
        }
        auto mentions = PlanMentions(current, comment.text(), *people);
        if (!mentions.ok()) return mentions.status();
        comment.clear_mentions();
        for (const auto& m : *mentions) comment.add_mentions(m);
        return absl::OkStatus();
      });
  if (!added.ok()) return Worded(added.status(), *id);
  return added;
}

absl::StatusOr<std::vector<v1::PlanComment>> PlanService::Comments(const std::string& parent,
                                                                   const std::string& activity,
                                                                   const PlanCaller& c) {
  auto p = Readable(parent, 0, c);
  if (!p.ok()) return p.status();
  return store_.Comments(*PlanId(p->name()), activity);
}

absl::StatusOr<int> PlanService::AnnounceDue(const std::string& today, int notice_days) {
  auto all = store_.List("");
  if (!all.ok()) return all.status();
  int announced = 0;
  for (const v1::Plan& p : *all) {
    for (const v1::PlanActivity* a : DueActivities(p, today, notice_days)) {
      auto now = store_.AnnounceDue(p, *a);
      if (!now.ok()) return now.status();
      announced += *now ? 1 : 0;
    }
  }
  return announced;
}

}  // namespace atlas::registry
