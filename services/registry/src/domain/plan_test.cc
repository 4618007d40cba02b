// The co-construction workspace: what a plan must be, who may change what,
// what a revision changed, mentions, due activities and the exports.
#include "registry/domain/plan.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"

namespace atlas::registry {
namespace {

constexpr auto Fields = core::ViolatedFields;

v1::Plan Sample() {
  v1::Plan p;
  p.set_name("plans/0b7c1a52-3f1e-4c84-9a55-2d5b1d1e9f10");
  p.mutable_title()->set_fr("Réintégration des Marocains de retour");
  auto* owner = p.add_members();
  owner->set_organisation("organisations/ministry");
  owner->set_role(v1::PLAN_OWNER);
  auto* eu = p.add_members();
  eu->set_organisation("organisations/eu-delegation");
  eu->set_role(v1::PLAN_CONTRIBUTOR);
  auto* obs = p.add_members();
  obs->set_organisation("organisations/assoc-oujda");
  obs->set_role(v1::PLAN_OBSERVER);
  auto* o = p.add_objectives();
  o->set_id("o1");
  o->mutable_title()->set_fr("Accueillir les personnes de retour");
  auto* a = p.add_activities();
  a->set_id("a1");
  a->mutable_title()->set_fr("Guichet d'accueil, d'orientation; et de suivi");
  a->set_objective("o1");
  a->set_owner("organisations/eu-delegation");
  a->set_start_date("2026-01-15");
  a->set_end_date("2026-12-10");
  a->set_status(v1::PLAN_ACTIVITY_ONGOING);
  auto* m = p.add_milestones();
  m->set_id("m1");
  m->mutable_title()->set_fr("Guichet ouvert");
  m->set_date("2026-03-01");
  m->set_activity("a1");
  auto* d = p.add_decisions();
  d->set_id("d1");
  d->set_date("2026-01-10");
  d->mutable_title()->set_fr("Lancement");
  d->set_minutes("Présents : …\nDécision : lancer le guichet.");
  return p;
}

PlanCaller Of(const std::string& org, bool staff = false, bool admin = false) {
  return {.subject = "users/x", .name = "x", .organisation = org, .staff = staff, .admin = admin};
}

TEST(PlanTest, ASoundPlanPassesAndEachFaultIsNamed) {
  EXPECT_TRUE(ValidatePlan(Sample()).ok());
  v1::Plan p = Sample();
  p.mutable_title()->set_fr("<script>alert(1)</script>");
  p.mutable_activities(0)->set_end_date("2026-01-01");              // before its start
  p.mutable_activities(0)->set_objective("o9");                     // no such objective
  p.mutable_activities(0)->set_owner("organisations/assoc-oujda");  // an observer
  p.mutable_activities(0)->add_projects("projects/nope");           // not a uuid
  p.mutable_milestones(0)->set_date("2026-02-30");                  // no such day
  p.mutable_milestones(0)->set_activity("a7");                      // no such activity
  p.mutable_decisions(0)->set_id("D 1");                            // bad id
  const std::vector<std::string> fields = Fields(ValidatePlan(p));
  for (const char* f :
       {"plan.title.fr", "plan.activities[0].end_date", "plan.activities[0].objective",
        "plan.activities[0].owner", "plan.activities[0].projects[0]", "plan.milestones[0].date",
        "plan.milestones[0].activity", "plan.decisions[0].id"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  }
}

TEST(PlanTest, MembersNeedAnOwnerAndEachOrganisationOnce) {
  v1::Plan p = Sample();
  p.mutable_members(0)->set_role(v1::PLAN_CONTRIBUTOR);
  *p.add_members() = p.members(1);
  p.mutable_members(2)->set_organisation("ministry");  // not a name
  const std::vector<std::string> fields = Fields(ValidatePlan(p));
  EXPECT_NE(std::find(fields.begin(), fields.end(), "plan.members"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "plan.members[3].organisation"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "plan.members[2].organisation"), fields.end());
}

TEST(PlanTest, WhoMayReadAndChangeWhat) {
  const v1::Plan p = Sample();
  EXPECT_TRUE(MayRead(Of("assoc-oujda"), p));
  EXPECT_FALSE(MayRead(Of("another-assoc"), p));
  EXPECT_TRUE(MayRead(Of("", /*staff=*/true), p));
  v1::Plan patch;
  patch.mutable_title()->set_fr("Nouveau titre");
  *patch.mutable_activities() = p.activities();
  patch.mutable_activities(0)->set_status(v1::PLAN_ACTIVITY_DONE);
  // A contributor changes activities, not the title nor the members.
  EXPECT_TRUE(PatchPlan(p, patch, {"activities"}, Of("eu-delegation")).ok());
  EXPECT_EQ(PatchPlan(p, patch, {"title"}, Of("eu-delegation")).status().code(),
            absl::StatusCode::kPermissionDenied);
  // An observer changes nothing; staff who are not members neither; admins do.
  EXPECT_EQ(PatchPlan(p, patch, {"activities"}, Of("assoc-oujda")).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(PatchPlan(p, patch, {"activities"}, Of("other", true)).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(PatchPlan(p, patch, {"title.fr"}, Of("other", true, true)).ok());
  EXPECT_TRUE(PatchPlan(p, patch, {"title"}, Of("ministry")).ok());
  EXPECT_EQ(Fields(PatchPlan(p, patch, {"etag"}, Of("ministry")).status()),
            std::vector<std::string>{"update_mask"});
}

TEST(PlanTest, ARevisionSaysWhichEntriesItAddedChangedAndRemoved) {
  const v1::Plan before = Sample();
  v1::Plan after = before;
  after.mutable_activities(0)->set_status(v1::PLAN_ACTIVITY_DONE);
  auto* a2 = after.add_activities();
  a2->set_id("a2");
  after.clear_milestones();
  after.mutable_members(2)->set_role(v1::PLAN_CONTRIBUTOR);
  const PlanChanges c = ChangesBetween(before, after);
  EXPECT_EQ(c.fields, (std::vector<std::string>{"members", "activities", "milestones"}));
  EXPECT_EQ(c.details, (std::vector<std::string>{"members: ~organisations/assoc-oujda",
                                                 "activities: ~a1 +a2", "milestones: -m1"}));
  EXPECT_TRUE(ChangesBetween(before, before).fields.empty());
}

TEST(PlanTest, MentionsNameMemberOrganisationsAndTheirPeople) {
  const v1::Plan p = Sample();
  const std::map<std::string, std::string> people = {{"ali", "assoc-oujda"},
                                                     {"outsider", "region-souss"}};
  auto ok =
      PlanMentions(p, "@organisations/eu-delegation et @Ali, pouvez-vous confirmer ?", people);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, (std::vector<std::string>{"organisations/eu-delegation", "ali"}));
  EXPECT_EQ(MentionedPeople("@organisations/eu-delegation et @Ali"),
            std::vector<std::string>{"ali"});
  // Not of a member organisation, or no one at all: refused, naming the mention.
  for (const char* text : {"@organisations/outsider voir", "@outsider voir", "@nobody voir"}) {
    EXPECT_EQ(Fields(PlanMentions(p, text, people).status()),
              std::vector<std::string>{"comment.text"})
        << text;
  }
}

TEST(PlanTest, DueActivitiesEndWithinTheNoticeAndAreNotFinished) {
  v1::Plan p = Sample();
  EXPECT_EQ(DueActivities(p, "2026-12-04", 7).size(), 1u);
  EXPECT_EQ(DueActivities(p, "2026-12-01", 7).size(), 0u);  // 9 days ahead
  EXPECT_EQ(DueActivities(p, "2026-12-11", 7).size(), 0u);  // past
  p.mutable_activities(0)->set_status(v1::PLAN_ACTIVITY_DONE);
  EXPECT_EQ(DueActivities(p, "2026-12-04", 7).size(), 0u);
}

TEST(PlanTest, TheCalendarIsEscapedFoldedAndEndsAfterTheLastDay) {
  v1::Plan p = Sample();
  p.mutable_activities(0)->mutable_title()->set_fr(std::string(60, 'x') + " é, à; « fin »");
  const std::string ics = PlanIcs(p, "20261204T100000Z");
  EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20260115\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTEND;VALUE=DATE:20261211\r\n"), std::string::npos);
  EXPECT_NE(ics.find("\\,"), std::string::npos);
  EXPECT_NE(ics.find("\\;"), std::string::npos);
  for (size_t at = 0, next; (next = ics.find("\r\n", at)) != std::string::npos; at = next + 2) {
    EXPECT_LE(next - at, 75u) << ics.substr(at, next - at);
  }
  EXPECT_EQ(ics.find('\n' + std::string(" ")), ics.find("\r\n ") + 1);  // folds are CRLF + space
  const std::string csv = PlanCsv(p);
  EXPECT_NE(csv.find("activity,a1,"), std::string::npos);
  EXPECT_NE(csv.find("milestone,m1,"), std::string::npos);
}

}  // namespace
}  // namespace atlas::registry
