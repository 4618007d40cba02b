// The co-construction workspace: joint action plans shared between member
// organisations. What a plan must be, who may read and change what, how a
// change applies and what it changed, the discussion's mentions, the due
// activities, and the exports (CSV, iCalendar).
#ifndef ATLAS_REGISTRY_DOMAIN_PLAN_H_
#define ATLAS_REGISTRY_DOMAIN_PLAN_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "atlas/registry/v1/plan.pb.h"

namespace atlas::registry {

inline constexpr core::Text kPlanNotFound = {"no plan {0}", "aucun plan {0}", "لا توجد خطة {0}"};
inline constexpr core::Text kPlanExportFormat = {"must be csv or ics", "doit être csv ou ics",
                                                 "يجب أن يكون csv أو ics"};
inline constexpr core::Text kNoSuchOrganisation = {
    "names {0}, which has no account on the platform",
    "désigne {0}, qui n'a pas de compte sur la plateforme",
    "يشير إلى {0} الذي ليس له حساب في المنصة"};

// Who acts on a plan, as their token says.
struct PlanCaller {
  std::string subject;       // users/{id}, serviceAccounts/{id}
  std::string name;          // the handle ("" for service accounts)
  std::string organisation;  // the organisation's id ("ministry", "assoc-oujda")
  bool staff = false;        // validators, analysts, administrators: read every plan
  bool admin = false;        // administrators: change every plan
  // The handle, or the subject for service accounts (the history's "who").
  std::string Author() const { return name.empty() ? subject : name; }
  // "organisations/{id}", or "" without one.
  std::string OrganisationName() const {
    return organisation.empty() ? "" : "organisations/" + organisation;
  }
};

// The caller's organisation's role in `p` (unspecified: not a member).
v1::PlanRole RoleIn(const v1::Plan& p, const std::string& organisation);
// Members' people and the ministry's staff.
bool MayRead(const PlanCaller& c, const v1::Plan& p);

// Every problem with `p`'s form (fields "plan.activities[2].end_date"…),
// in the caller's language; not whether its organisations, projects and
// documents exist (the store checks that in the write's transaction).
absl::Status ValidatePlan(const v1::Plan& p);

// `current` with the fields of `patch` named in `paths` when `c` may change
// them (PERMISSION_DENIED, worded, otherwise), then validated.
absl::StatusOr<v1::Plan> PatchPlan(v1::Plan current, const v1::Plan& patch,
                                   const std::vector<std::string>& paths, const PlanCaller& c);

// What a revision changed: the top-level fields, and for the lists of
// entries with ids which were added (+), changed (~) or removed (-):
// "activities: +a3 ~a1 -a2".
struct PlanChanges {
  std::vector<std::string> fields;
  std::vector<std::string> details;
};
PlanChanges ChangesBetween(const v1::Plan& before, const v1::Plan& after);

// The member organisations `after` has that `before` had not (`organisations/{id}`).
std::vector<std::string> AddedMembers(const v1::Plan& before, const v1::Plan& after);

// Who a comment mentions: member organisations ("@organisations/x" ->
// "organisations/x") and people of member organisations ("@Ali" -> "ali");
// `people` gives the organisation id of each handle with an account (lower
// case). INVALID_ARGUMENT on "comment.text" for a mention of a non-member or
// of no one; at most 20.
absl::StatusOr<std::vector<std::string>> PlanMentions(
    const v1::Plan& p, const std::string& text, const std::map<std::string, std::string>& people);
// The handles (lower case) a comment mentions, organisations left out.
std::vector<std::string> MentionedPeople(const std::string& text);

// The activities of `p` neither done nor cancelled whose end date is from
// `today` to `today` + `notice_days` (dates YYYY-MM-DD).
std::vector<const v1::PlanActivity*> DueActivities(const v1::Plan& p, const std::string& today,
                                                   int notice_days);

// "plans/<uuid>" -> "<uuid>"; nullopt for anything else.
std::optional<std::string> PlanId(const std::string& name);

// The plan's activities and milestones as CSV (one row each, kind first).
std::string PlanCsv(const v1::Plan& p);
// As iCalendar (RFC 5545): one all-day VEVENT per activity and per
// milestone, UIDs stable across exports, `stamp` (UTC, YYYYMMDDTHHMMSSZ) as
// DTSTAMP; lines folded at 75 octets, CRLF.
std::string PlanIcs(const v1::Plan& p, const std::string& stamp);

// Where plans are kept (store/pg_plans.h). Plain NOT_FOUND for an id that
// names nothing; the store checks in each write's transaction that the
// members' organisations, projects and documents exist (INVALID_ARGUMENT on
// the field otherwise) and records the events.
class PlanStore {
 public:
  virtual ~PlanStore() = default;
  // Every plan (`organisation` empty) or those with `organisation` as member;
  // most recently changed first.
  virtual absl::StatusOr<std::vector<v1::Plan>> List(const std::string& organisation) = 0;
  // The current revision, or `revision` (> 0).
  virtual absl::StatusOr<v1::Plan> Get(const std::string& id, int64_t revision) = 0;
  // `actor` (a handle) of `actor_organisation` (`organisations/{id}`) writes.
  virtual absl::StatusOr<v1::Plan> Insert(const v1::Plan& p, const std::string& request_id,
                                          const std::string& actor,
                                          const std::string& actor_organisation) = 0;
  // Plan `id`, locked, given to `change`; what it answers is written as the
  // next revision.
  virtual absl::StatusOr<v1::Plan> Modify(
      const std::string& id, const std::string& actor, const std::string& actor_organisation,
      const std::function<absl::StatusOr<v1::Plan>(const v1::Plan& current)>& change) = 0;
  virtual absl::Status Remove(
      const std::string& id, const std::string& actor,
      const std::function<absl::Status(const v1::Plan& current)>& check) = 0;
  virtual absl::StatusOr<std::vector<v1::PlanRevision>> Revisions(const std::string& id) = 0;
  // Adds `c` (author fields set) to plan `id` if `check` accepts the plan as
  // it is now (locked; it fills the mentions); the events for its mentions in
  // the same transaction, a person's with their organisation from `people`
  // (PeopleOrganisations, which `check` judged by).
  virtual absl::StatusOr<v1::PlanComment> AddComment(
      const std::string& id, const v1::PlanComment& c, const std::string& request_id,
      const std::map<std::string, std::string>& people,
      const std::function<absl::Status(const v1::Plan& current)>& check) = 0;
  virtual absl::StatusOr<std::vector<v1::PlanComment>> Comments(const std::string& id,
                                                                const std::string& activity) = 0;
  // The organisation id of each of `handles` (lower case) that names an
  // active account of the platform (a read model of identity's events).
  virtual absl::StatusOr<std::map<std::string, std::string>> PeopleOrganisations(
      const std::vector<std::string>& handles) = 0;
  // Records the due notice of `activity` (its end date) once: true when this
  // call recorded it (and its event).
  virtual absl::StatusOr<bool> AnnounceDue(const v1::Plan& p, const v1::PlanActivity& activity) = 0;
};

// The workspace as its callers use it: membership-scoped reads (anyone else:
// NOT_FOUND, as if absent), role-checked writes with etags, the discussion.
class PlanService {
 public:
  explicit PlanService(PlanStore& store) : store_(store) {}

  absl::StatusOr<std::vector<v1::Plan>> List(const PlanCaller& c);
  absl::StatusOr<v1::Plan> Get(const std::string& name, int64_t revision, const PlanCaller& c);
  absl::StatusOr<v1::Plan> Create(v1::Plan p, const std::string& request_id, const PlanCaller& c);
  absl::StatusOr<v1::Plan> Update(const v1::Plan& patch, const std::vector<std::string>& paths,
                                  const std::string& etag, const PlanCaller& c);
  absl::Status Delete(const std::string& name, const std::string& etag, const PlanCaller& c);
  absl::StatusOr<std::vector<v1::PlanRevision>> Revisions(const std::string& parent,
                                                          const PlanCaller& c);
  absl::StatusOr<v1::PlanComment> Comment(const std::string& parent, v1::PlanComment comment,
                                          const std::string& request_id, const PlanCaller& c);
  absl::StatusOr<std::vector<v1::PlanComment>> Comments(const std::string& parent,
                                                        const std::string& activity,
                                                        const PlanCaller& c);
  // Announces each activity due from `today` (YYYY-MM-DD) within
  // `notice_days`, once per activity and end date; how many were new.
  absl::StatusOr<int> AnnounceDue(const std::string& today, int notice_days);

 private:
  // Plan `name` if `c` may read it; NOT_FOUND (worded) otherwise.
  absl::StatusOr<v1::Plan> Readable(const std::string& name, int64_t revision, const PlanCaller& c);

  PlanStore& store_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_PLAN_H_
