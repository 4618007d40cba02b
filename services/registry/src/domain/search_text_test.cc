#include "registry/domain/search_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/registry/v1/library.pb.h"
#include "atlas/registry/v1/project.pb.h"
#include "nlohmann/json.hpp"

namespace atlas::registry {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(SearchTextTest, WeighsTitlesBodiesAndOrganisationsApart) {
  v1::Project p;
  p.mutable_title()->set_fr("Incubateur pour les entrepreneurs");
  p.mutable_title()->set_ar("حاضنة المقاولات");
  p.mutable_summary()->set_en("Training young women");
  p.add_participating_organisations()->set_name("Enabel (Belgique)");
  const SearchText t = SearchTextOf(p);
  EXPECT_THAT(t.title, ::testing::HasSubstr("entrepreneur"));
  EXPECT_THAT(t.title, ::testing::HasSubstr("مقاول"));
  EXPECT_THAT(t.body, ::testing::HasSubstr("women"));
  EXPECT_THAT(t.partners, ::testing::HasSubstr("enabel"));
  EXPECT_THAT(t.terms, Contains("incubateur"));
  EXPECT_THAT(t.terms, Not(Contains("pour")));
}

TEST(SearchTextTest, ALibraryDocumentWeighsItsPdfTextLastInItsOwnLanguage) {
  v1::LibraryDocument d;
  d.mutable_title()->set_fr("Étude sur les jeunes entrepreneurs");
  d.mutable_abstract()->set_fr("Les besoins de financement");
  d.add_authors("Cabinet Conseil");
  d.set_language("ar");
  const SearchText t = LibrarySearchTextOf(d, "الشباب المقاولون في الجهة الشرقية");
  EXPECT_THAT(t.title, ::testing::HasSubstr("entrepreneur"));
  EXPECT_THAT(t.body, ::testing::HasSubstr("financ"));
  EXPECT_THAT(t.partners, ::testing::HasSubstr("cabinet"));  // as a project's organisations
  EXPECT_THAT(t.text, ::testing::HasSubstr("مقاول"));        // the Arabic stemmer
  EXPECT_THAT(t.title, Not(::testing::HasSubstr("مقاول")));
  EXPECT_THAT(t.terms, Contains("etude"));    // accents folded
  EXPECT_THAT(t.terms, Not(Contains("في")));  // a stop word
}

TEST(SearchTextTest, ProbesPrefixesFromTheMinimumStemOn) {
  const VocabularyProbe probe = ProbeOf(text::QueryWords("entrepreneuriat"));
  EXPECT_THAT(probe.forms, Contains("entrepreneuriat"));
  EXPECT_THAT(probe.prefixes, Contains("entrepreneur"));
  // From half the word's 15 letters (rounded up: 8) on, and never the word itself.
  EXPECT_THAT(probe.prefixes, Contains("entrepre"));
  EXPECT_THAT(probe.prefixes, Not(Contains("entrepr")));
  EXPECT_THAT(probe.prefixes, Not(Contains("entrepreneuriat")));
}

TEST(SearchTextTest, KeepsNearTermsWithinBudgetAndDropsTheRest) {
  const auto words = text::QueryWords("entreprenariat pensoins");
  const TextQuery q =
      PlanTextQuery(words, {"entrepreneuriat", "entrepreneur", "pension", "passion", "migration"});
  ASSERT_EQ(q.words.size(), 2u);
  EXPECT_THAT(q.words[0].near, Contains("entrepreneuriat"));  // 2 edits in 14 letters
  EXPECT_THAT(q.words[0].near, Not(Contains("migration")));
  EXPECT_THAT(q.words[1].near, Contains("pension"));  // a swap
  EXPECT_THAT(q.words[1].near, Not(Contains("passion")));
}

TEST(SearchTextTest, ShortWordsGetNoTypoBudgetButAPrefix) {
  const TextQuery q = PlanTextQuery(text::QueryWords("giz"), {"gaz", "giza"});
  ASSERT_EQ(q.words.size(), 1u);
  EXPECT_THAT(q.words[0].near, IsEmpty());
  EXPECT_THAT(q.words[0].prefixes, ElementsAre("giz"));
}

TEST(SearchTextTest, JsonQuotesTermsAndLeavesOutEmptyApproximations) {
  EXPECT_EQ(TextQueryJson({}), "");
  TextQuery q;
  q.words.push_back({{"l'x"}, {}, {}});
  const auto j = nlohmann::json::parse(TextQueryJson(q));
  EXPECT_EQ(j["words"][0]["eA"], "'l''x':AC");
  EXPECT_FALSE(j["words"][0].contains("x"));
  EXPECT_EQ(j["any"], "'l''x'");
}

}  // namespace
}  // namespace atlas::registry
