// The chronogramme: actions ordered by region then start, unscheduled ones
// apart, milestones in date order, a region filter and a bad region named.
#include "indicators/domain/actions.h"

#include <map>

#include "atlas/core/status.h"
#include "gtest/gtest.h"

namespace atlas::indicators {
namespace {

class Scheduled final : public ActionStore {
 public:
  absl::StatusOr<std::vector<ScheduledAction>> Schedule(const std::string& p) override {
    if (p != "p1") return absl::NotFoundError(p);
    return std::vector<ScheduledAction>{
        {.id = "c",
         .code = "P1.03",
         .region = "central",
         .starts = "2024-01-01",
         .ends = "2025-01-01"},
        {.id = "b",
         .code = "P1.02",
         .region = "MA-10",
         .starts = "2023-05-01",
         .ends = "2026-01-01",
         .milestones = {{.due = "2025-01-01"}, {.due = "2023-05-01", .done = true}}},
        {.id = "a",
         .code = "P1.01",
         .region = "MA-02",
         .starts = "2025-03-01",
         .ends = "2027-12-31"},
        {.id = "d",
         .code = "P1.04",
         .region = "MA-02",
         .starts = "2024-02-01",
         .ends = "2024-12-31"},
        {.id = "u", .code = "P1.05", .region = "MA-02"}};
  }
  absl::StatusOr<Action> Find(const std::string& id) override { return absl::NotFoundError(id); }
  absl::StatusOr<std::vector<Action>> ForOrganisation(const std::string& o) override {
    if (o != "assoc") return std::vector<Action>{};
    return std::vector<Action>{{.id = "a1", .code = "P1.01"}};
  }
  absl::Status Link(const std::string&, const std::string&, const std::string&) override {
    return absl::OkStatus();
  }
  absl::Status Unlink(const std::string&, const std::string&) override { return absl::OkStatus(); }
};

TEST(ChronogrammeTest, ActionsByRegionThenStartWithTheirSpan) {
  Scheduled store;
  ActionService service(store);
  auto c = service.GetChronogramme("p1", "");
  ASSERT_TRUE(c.ok()) << c.status();
  std::vector<std::string> order;
  for (const ScheduledAction& a : c->actions) order.push_back(a.id);
  // MA-02 (by start), MA-10 (numerically after MA-02), central last.
  EXPECT_EQ(order, (std::vector<std::string>{"d", "a", "b", "c"}));
  EXPECT_EQ(c->from, "2023-05-01");
  EXPECT_EQ(c->to, "2027-12-31");
  ASSERT_EQ(c->unscheduled.size(), 1u);
  EXPECT_EQ(c->unscheduled[0].id, "u");
  EXPECT_EQ(c->actions[2].milestones[0].due, "2023-05-01");  // in date order
  auto oriental = service.GetChronogramme("p1", "MA-02");
  ASSERT_TRUE(oriental.ok());
  EXPECT_EQ(oriental->actions.size(), 2u);
}

TEST(ChronogrammeTest, BadRegionNamedUnknownProgrammeNotFound) {
  Scheduled store;
  ActionService service(store);
  auto bad = service.GetChronogramme("p1", "MA-13");
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core::FieldViolations(bad.status())[0].field, "region");
  EXPECT_EQ(service.GetChronogramme("nope", "").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(service.GetChronogramme("../x", "").status().code(), absl::StatusCode::kNotFound);
}

TEST(OrganisationActionsTest, EditorsSeeTheirOwnOrganisationAnalystsAny) {
  Scheduled store;
  ActionService service(store);
  auto mine = service.ForOrganisation("", "assoc", false);  // the caller's by default
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(mine->size(), 1u);
  EXPECT_EQ(service.ForOrganisation("other", "assoc", false).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(service.ForOrganisation("other", "ministry", true).ok());
  EXPECT_EQ(core::FieldViolations(service.ForOrganisation("", "", true).status())[0].field,
            "organisation");
  EXPECT_EQ(service.ForOrganisation("a b", "", true).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace atlas::indicators
