// The search mirror's own rules; its equality with PostgreSQL's answers on
// random queries is tests/registry_integration_test.cc's.
#include "registry/domain/search_index.h"

#include <algorithm>
#include <random>
#include <tuple>

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

// A text's relevance, tier by tier (PgProjectStore's Relevance()): its own
// form in a title or an organisation's name, an approximate one there, its
// own form elsewhere, an approximate one elsewhere; summed over words.
TEST(SearchIndexTextTest, RanksEachWordByWhereAndHowItMatches) {
  SearchIndex index;
  auto put = [&](const std::string& id, int64_t seq,
                 std::vector<std::pair<std::string, uint8_t>> terms) {
    SearchRow r = Row(id, seq, true, "souss", {"skills"}, "MA-09", 1);
    r.terms = std::move(terms);
    index.Replace(id, {r});
  };
  put("body-near", 1, {{"jeunesse", kWeightB}});
  put("body-exact", 2, {{"jeun", kWeightB | kWeightD}});
  put("title-near", 3, {{"jeunesse", kWeightA}});
  put("title-exact", 4, {{"jeun", kWeightA | kWeightB}});
  put("organisation-exact", 5, {{"jeun", kWeightC}});
  put("other", 6, {{"autre", kWeightA}});
  index.Settle();
  TextQuery words;
  words.words.push_back({.exact = {"jeun"}, .prefixes = {"jeun"}, .near = {}});
  v1::ListProjectsRequest q;
  q.set_q("jeunes");
  ASSERT_TRUE(index.CanMatch(words));
  IndexPage page = index.Query(q, {}, nullptr, 1.0, 10, 0, false, &words);
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(Ids(page), (std::vector<std::string>{"title-exact", "organisation-exact", "title-near",
                                                 "body-exact", "body-near"}));
  // A second word in body-near's title lifts it above the others.
  put("body-near", 1, {{"jeunesse", kWeightB}, {"autre", kWeightA}});
  words.words.push_back({.exact = {"autre"}, .prefixes = {}, .near = {}});
  page = index.Query(q, {}, nullptr, 1.0, 2, 0, false, &words);
  EXPECT_EQ(page.total, 6);
  EXPECT_EQ(Ids(page), (std::vector<std::string>{"body-near", "title-exact"}));
  // Two approximate words elsewhere weigh as much as one in a title (7 + 7
  // = 14): the order of creation decides.
  SearchIndex two;
  SearchRow near_title = Row("near-title", 1, true, "souss", {"skills"}, "MA-09", 1);
  near_title.terms = {{"jeunesse", kWeightA}};
  SearchRow near_twice = Row("near-twice", 2, true, "souss", {"skills"}, "MA-09", 1);
  near_twice.terms = {{"jeunesse", kWeightB}, {"autrement", kWeightB}};
  two.Replace("near-twice", {near_twice});
  two.Replace("near-title", {near_title});
  two.Settle();
  const TextQuery both = {.words = {{.exact = {"jeun"}, .prefixes = {"jeun"}, .near = {}},
                                    {.exact = {"autr"}, .prefixes = {"autr"}, .near = {}}}};
  EXPECT_EQ(Ids(two.Query(q, {}, nullptr, 1.0, 10, 0, false, &both)),
            (std::vector<std::string>{"near-title", "near-twice"}));
  // A row replaced no longer matches its old terms (its old slot stays in
  // their bitmaps until purged: never matched), through thousands of
  // replacements (purged on the way: slots are reused).
  for (int i = 0; i < 5000; ++i) {
    put("title-exact", 4, {{"jeun", kWeightA}});
    index.Settle();
  }
  put("title-exact", 4, {{"autre", kWeightA}});
  index.Settle();
  page = index.Query(q, {}, nullptr, 1.0, 10, 0, false, &words);
  EXPECT_EQ(page.total, 6);
  EXPECT_EQ(index.size(), 6U);
  words.words.pop_back();
  page = index.Query(q, {}, nullptr, 1.0, 10, 0, false, &words);
  EXPECT_EQ(Ids(page), (std::vector<std::string>{"organisation-exact", "title-near", "body-exact",
                                                 "body-near"}));
  // What the mirror cannot match exactly goes to PostgreSQL.
  EXPECT_FALSE(index.CanMatch({.words = {{.exact = {"Jeun"}, .prefixes = {}, .near = {}}}}));
  EXPECT_FALSE(index.CanMatch({.words = {{.exact = {"e-commerce"}, .prefixes = {}, .near = {}}}}));
  EXPECT_TRUE(index.CanMatch({.words = {{.exact = {"مقاول"}, .prefixes = {}, .near = {}}}}));
  put("stripped", 7, {{"jeun", kNoPositions}});
  EXPECT_FALSE(index.CanMatch(words)) << "a term without positions";
}

// Many rows with tied titles, budgets on the buckets' edges and missing
// years: every page equals a sort of all the rows by the rule, with the
// titles placed (Settle) and before they are.
TEST(SearchIndexOrderTest, PagesEqualAFullSortOfTheRows) {
  std::mt19937 rng(7);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const std::vector<std::string> words = {"ab", "abc", "b", "ba", "école", "eau"};
  const std::vector<double> budgets = {0, 1, 2, 3, 4, 1000, 1024, 1200, 1500, 2048, 5e6};
  struct Expected {
    int64_t seq;
    std::string title;
    double budget;
    std::optional<int> from, to;
  };
  std::map<std::string, Expected> rows;
  SearchIndex index;
  auto put = [&](int i) {
    const std::string id = "p" + std::to_string(i);
    Expected e{i + 1, words[uniform(0, 5)] + " " + words[uniform(0, 5)], budgets[uniform(0, 10)],
               std::nullopt, std::nullopt};
    if (uniform(0, 3) > 0) e.from = uniform(2008, 2014);
    if (e.from && uniform(0, 1) == 1) e.to = *e.from + uniform(0, 5);
    SearchRow r = Row(id, e.seq, true, "souss", {"skills"}, "MA-09", e.budget);
    r.title_key = {e.title, e.title, e.title};
    r.year_from = e.from;
    r.year_to = e.to;
    index.Replace(id, {r});
    rows[id] = e;
  };
  for (int i = 0; i < 600; ++i) put(i);
  index.Settle();
  const std::vector<std::string> orders = {"", "title", "budget", "-budget"};
  for (int round = 0; round < 400; ++round) {
    if (round % 100 == 50) {
      for (int i = 0; i < 30; ++i) put(uniform(0, 700));  // replaced and new rows
      if (round != 250) index.Settle();                   // once left unsettled
    } else if (round % 7 == 3 && round % 100 < 50) {      // one write at a time
      put(uniform(0, 700));
      index.Settle();
    }
    v1::ListProjectsRequest q;
    q.set_order_by(orders[uniform(0, 3)]);
    if (uniform(0, 2) == 0) q.set_year_from(uniform(2008, 2016));
    if (uniform(0, 2) == 0) q.set_year_to(uniform(2008, 2016));
    if (uniform(0, 2) == 0) q.set_budget_min(static_cast<int64_t>(budgets[uniform(0, 10)]));
    if (uniform(0, 2) == 0) q.set_budget_max(static_cast<int64_t>(budgets[uniform(0, 10)]));
    const int limit = uniform(1, 12), offset = uniform(0, 1) == 0 ? 0 : uniform(0, 40);
    std::vector<std::pair<std::string, const Expected*>> want;
    for (const auto& [id, e] : rows) {
      const int last = e.to ? *e.to : e.from ? *e.from : 0;
      if (q.year_from() != 0 && (last == 0 || last < q.year_from())) continue;
      if (q.year_to() != 0 && (!e.from || *e.from > q.year_to())) continue;
      if (q.budget_min() != 0 && e.budget < static_cast<double>(q.budget_min())) continue;
      if (q.budget_max() != 0 && e.budget > static_cast<double>(q.budget_max())) continue;
      want.emplace_back(id, &e);
    }
    std::sort(want.begin(), want.end(), [&](const auto& x, const auto& y) {
      const Expected &a = *x.second, &c = *y.second;
      if (q.order_by() == "title") return std::tie(a.title, a.seq) < std::tie(c.title, c.seq);
      if (q.order_by() == "budget") return std::tie(a.budget, a.seq) < std::tie(c.budget, c.seq);
      if (q.order_by() == "-budget") {
        return a.budget != c.budget ? a.budget > c.budget : a.seq < c.seq;
      }
      return a.seq < c.seq;
    });
    std::vector<std::string> page;
    for (size_t i = offset; i < want.size() && i < static_cast<size_t>(offset + limit); ++i) {
      page.push_back(want[i].first);
    }
    const IndexPage got = index.Query(q, {}, nullptr, 1.0, limit, offset, false);
    ASSERT_EQ(got.total, static_cast<int>(want.size())) << q.ShortDebugString();
    ASSERT_EQ(Ids(got), page) << q.ShortDebugString() << " limit " << limit << " offset " << offset
                              << " round " << round;
  }
}

}  // namespace
}  // namespace atlas::registry
