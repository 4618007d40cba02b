// The search mirror's own rules; its equality with PostgreSQL's answers on
// random queries is tests/registry_integration_test.cc's.
#include "registry/domain/search_index.h"

#include "gtest/gtest.h"

namespace atlas::registry {
namespace {

SearchRow Row(const std::string& id, int64_t seq, bool published, const std::string& org,
              std::vector<std::string> themes, const std::string& region, double budget) {
  SearchRow r;
  r.project_id = id;
  r.public_version = published;
  r.organisation = org;
  r.seq = seq;
  r.state = published ? 3 : 1;
  r.status = "IMPLEMENTATION";
  r.themes = std::move(themes);
  r.region_codes = {region};
  r.organisations = {"organisations/" + org};
  r.organisations_lc = {org};
  r.budget_eur = budget;
  r.title_key = {id, id, id};
  return r;
}

std::vector<std::string> Ids(const IndexPage& page) {
  std::vector<std::string> out;
  for (const PageRow& r : page.rows) out.push_back(r.project_id);
  return out;
}

const std::vector<FacetCount>* Facet(const IndexPage& page, const std::string& field) {
  for (const auto& [name, counts] : page.facets) {
    if (name == field) return &counts;
  }
  return nullptr;
}

class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // a: published by oujda, with a newer working copy; b: oujda's draft;
    // c, d: published by souss.
    index_.Replace("a", {Row("a", 1, true, "oujda", {"skills"}, "MA-02", 10),
                         Row("a", 1, false, "oujda", {"skills", "youth"}, "MA-02", 10)});
    index_.Replace("b", {Row("b", 2, false, "oujda", {"youth"}, "MA-01", 20)});
    index_.Replace("c", {Row("c", 3, true, "souss", {"youth"}, "MA-09", 30)});
    index_.Replace("d", {Row("d", 4, true, "souss", {"skills", "youth"}, "MA-09", 5)});
  }
  IndexPage Query(const v1::ListProjectsRequest& q, const Viewer& viewer = {}) {
    return index_.Query(q, viewer, nullptr, 1.0, 10, 0, true);
  }
  SearchIndex index_;
};

TEST_F(SearchIndexTest, EachViewerSeesItsVersions) {
  v1::ListProjectsRequest q;
  IndexPage anonymous = Query(q);
  EXPECT_EQ(Ids(anonymous), (std::vector<std::string>{"a", "c", "d"}));
  EXPECT_TRUE(anonymous.rows[0].public_version);
  IndexPage oujda = Query(q, {.sees_all = false, .organisation = "oujda"});
  EXPECT_EQ(Ids(oujda), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_FALSE(oujda.rows[0].public_version) << "its own working copy";
  EXPECT_TRUE(oujda.rows[2].public_version);
  IndexPage all = Query(q, {.sees_all = true, .organisation = "ministry"});
  EXPECT_EQ(Ids(all), (std::vector<std::string>{"a", "b"})) << "working copies only";
}

TEST_F(SearchIndexTest, FacetsCountUnderEveryOtherFilter) {
  v1::ListProjectsRequest q;
  q.add_themes("youth");
  q.add_region_codes("MA-09");
  IndexPage page = Query(q);
  EXPECT_EQ(page.total, 2);
  // themes counted under the region filter alone: both MA-09 projects.
  const auto* themes = Facet(page, "themes");
  ASSERT_NE(themes, nullptr);
  ASSERT_EQ(themes->size(), 2u);
  EXPECT_EQ((*themes)[0].value, "youth");
  EXPECT_EQ((*themes)[0].count, 2);
  EXPECT_EQ((*themes)[1].value, "skills");
  EXPECT_EQ((*themes)[1].count, 1);
  // regions under the theme filter alone: MA-09 twice (a is not youth publicly).
  const auto* regions = Facet(page, "region_codes");
  ASSERT_NE(regions, nullptr);
  ASSERT_EQ(regions->size(), 1u);
  EXPECT_EQ((*regions)[0].count, 2);
}

TEST_F(SearchIndexTest, OrdersAndPagesLikeTheSql) {
  v1::ListProjectsRequest q;
  q.set_order_by("-budget");
  EXPECT_EQ(Ids(Query(q)), (std::vector<std::string>{"c", "a", "d"}));
  q.set_order_by("budget");
  EXPECT_EQ(Ids(index_.Query(q, {}, nullptr, 1.0, 1, 1, false)), (std::vector<std::string>{"a"}));
  q.set_budget_min(6);
  q.set_budget_max(20);
  EXPECT_EQ(Ids(Query(q)), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(index_.Query(q, {}, nullptr, std::nullopt, 10, 0, false).rows.empty())
      << "an unknown currency matches nothing, as in SQL";
}

TEST_F(SearchIndexTest, ReplacingAProjectLeavesNoTrace) {
  index_.Replace("c", {});
  index_.Replace("d", {Row("d", 4, true, "souss", {"health"}, "MA-01", 5)});
  v1::ListProjectsRequest q;
  q.add_themes("youth");
  EXPECT_TRUE(Query(q).rows.empty());
  EXPECT_EQ(index_.size(), 4u);
  IndexPage page = Query(v1::ListProjectsRequest());
  const auto* regions = Facet(page, "region_codes");
  ASSERT_NE(regions, nullptr);
  ASSERT_EQ(regions->size(), 2u) << "MA-09 has no project any more";
}

}  // namespace
}  // namespace atlas::registry
