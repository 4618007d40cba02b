#include "atlas/text/analyzer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace atlas::text {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

bool Shares(const std::vector<std::string>& index, const QueryWord& w) {
  for (const auto& f : w.forms) {
    if (std::find(index.begin(), index.end(), f) != index.end()) return true;
  }
  return false;
}

TEST(AnalyzerTest, FoldsCaseAccentsAndDropsFrenchStopWordsAndElisions) {
  EXPECT_THAT(Words("L'Économie des MRE à Béni-Mellal, ŒUVRE", Language::kFrench),
              ElementsAre("economie", "mre", "beni", "mellal", "oeuvre"));
}

TEST(AnalyzerTest, NormalisesArabicLetterFormsDiacriticsAndTatweel) {
  // أ إ آ → ا, ة → ه, ى → ي; fatha/damma/sukun and tatweel dropped.
  EXPECT_THAT(Words("الْمُقَاوَلَة إدماج مـــغرب على", Language::kArabic),
              ElementsAre("المقاوله", "ادماج", "مغرب"));
  EXPECT_EQ(Words("المقاولة", Language::kArabic), Words("المقاوله", Language::kArabic));
}

TEST(AnalyzerTest, ArabicIndicDigitsBecomeDigits) {
  EXPECT_THAT(Words("خطة ٢٠٢٦", Language::kArabic), ElementsAre("خطه", "2026"));
}

TEST(AnalyzerTest, InvalidUtf8IsSkippedNotFatal) {
  EXPECT_THAT(Words("caf\xC3 \xFF\xFEjeunes\xE2\x82", Language::kFrench),
              ElementsAre("caf", "jeunes"));
}

TEST(AnalyzerTest, StemsMatchAcrossInflections) {
  const auto index =
      IndexTerms("Incubateur pour les entrepreneurs de la diaspora", Language::kFrench);
  EXPECT_TRUE(Shares(index, QueryWords("entrepreneur")[0]));
  EXPECT_TRUE(Shares(IndexTerms("الجامعة الصيفية للمقاولين", Language::kArabic),
                     QueryWords("المقاولة")[0]));
  EXPECT_TRUE(
      Shares(IndexTerms("Training rural women", Language::kEnglish), QueryWords("trainings")[0]));
}

TEST(AnalyzerTest, ArabicConjunctionAndPrepositionPrefixesAreAlsoIndexedWithout) {
  const auto index = IndexTerms("تعليم اللغة العربية والأمازيغية", Language::kArabic);
  EXPECT_TRUE(Shares(index, QueryWords("الأمازيغية")[0]));
  EXPECT_TRUE(Shares(index, QueryWords("الامازيغيه")[0]));  // written with ه and a bare alef
}

TEST(AnalyzerTest, HyphenatedCompoundsAreAlsoJoined) {
  const auto index = IndexTerms("Support for co-development", Language::kEnglish);
  EXPECT_THAT(index, Contains("codevelopment"));
  EXPECT_TRUE(Shares(index, QueryWords("co-développement")[0]));  // "co" alone is kept too
}

TEST(AnalyzerTest, QueryWordsAreBounded) {
  EXPECT_EQ(QueryWords("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10", 8).size(), 8u);
  EXPECT_TRUE(QueryWords("les de la").empty());
}

TEST(AnalyzerTest, EditDistanceCountsSwapsAsOneAndStopsAtTheBudget) {
  EXPECT_EQ(EditDistance("pension", "pensoin", 2), 1);
  EXPECT_EQ(EditDistance("entreprenariat", "entrepreneuriat", 2), 2);
  EXPECT_EQ(EditDistance("reinsertion", "migration", 2), 3);
  EXPECT_EQ(EditDistance("مقاول", "مقاولة", 1), 1);  // code points, not bytes
  EXPECT_EQ(TypoBudget(4), 0);
  EXPECT_EQ(TypoBudget(6), 1);
  EXPECT_EQ(TypoBudget(12), 2);
}

TEST(AnalyzerTest, StopWordsAreNotIndexed) {
  EXPECT_THAT(IndexTerms("le programme de la région", Language::kFrench), Not(Contains("le")));
}

}  // namespace
}  // namespace atlas::text
