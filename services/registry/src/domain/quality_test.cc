// Data-quality scores of project records.
#include "registry/domain/quality.h"

#include "gtest/gtest.h"

namespace atlas::registry {
namespace {

v1::Project Complete() {
  v1::Project p;
  p.mutable_title()->set_ar("عنوان");
  p.mutable_summary()->set_fr("Résumé");
  p.mutable_objectives()->set_en("Objectives");
  p.add_themes("skills");
  p.add_region_codes("MA-02");
  p.set_status(v1::IMPLEMENTATION);
  p.mutable_planned_start()->set_year(2025);
  p.add_budget()->set_amount(1000);
  p.add_participating_organisations()->set_name("Partner");
  p.add_target_groups("youth");
  return p;
}

TEST(QualityTest, CompleteFreshPublishedScoresFull) {
  QualityScore q = ScoreQuality(Complete(), 10, true);
  EXPECT_EQ(q.score, 100);
  EXPECT_TRUE(q.missing.empty());
}

TEST(QualityTest, EachMissingKeyFieldCostsSevenPointsAndIsNamed) {
  v1::Project p = Complete();
  p.clear_budget();
  p.clear_summary();
  QualityScore q = ScoreQuality(p, 10, true);
  EXPECT_EQ(q.score, 86);  // 70 * 8/10 + 15 + 15
  EXPECT_EQ(q.missing, (std::vector<std::string>{"summary", "budget"}));
}

TEST(QualityTest, StaleAndUnpublishedRecordsLoseTheirShares) {
  QualityScore q = ScoreQuality(Complete(), 366, false);
  EXPECT_EQ(q.score, 70);
  EXPECT_EQ(q.missing, (std::vector<std::string>{"stale", "unpublished"}));
  EXPECT_EQ(ScoreQuality(v1::Project(), 0, false).score, 15);  // only fresh
}

}  // namespace
}  // namespace atlas::registry
