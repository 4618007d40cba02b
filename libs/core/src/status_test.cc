#include "atlas/core/status.h"

#include "gtest/gtest.h"

namespace atlas::core {
namespace {

constexpr Text kEmpty = {"must not be empty", "ne doit pas être vide", "يجب ألا يكون فارغًا"};
constexpr Text kUnknown = {"unknown region \"{0}\"", "région inconnue « {0} »",
                           "جهة غير معروفة «{0}»"};
constexpr Text kMissing = {"project {0} does not exist", "le projet {0} n'existe pas",
                           "المشروع {0} غير موجود"};

TEST(StatusTest, FieldViolationsRoundTripInEveryLanguage) {
  std::vector<FieldViolation> v = {Violation("project.title", kEmpty),
                                   Violation("project.region_codes[0]", kUnknown, {"MA-99"})};
  absl::Status s = InvalidFields(v);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "project.title: must not be empty; project.region_codes[0]: unknown region \"MA-99\"");
  EXPECT_EQ(FieldViolations(s), v);
  EXPECT_EQ(
      MessageIn(s, Lang::kFr),
      "project.title: ne doit pas être vide; project.region_codes[0]: région inconnue « MA-99 »");
  EXPECT_EQ(FieldViolations(s)[1].description.In(Lang::kAr), "جهة غير معروفة «MA-99»");
}

TEST(StatusTest, ErrorCarriesItsTranslations) {
  absl::Status s = Error(absl::StatusCode::kNotFound, kMissing, {"projects/1"});
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "project projects/1 does not exist");
  EXPECT_EQ(MessageIn(s, Lang::kFr), "le projet projects/1 n'existe pas");
  EXPECT_EQ(MessageIn(absl::NotFoundError("plain"), Lang::kAr), "plain");
}

TEST(StatusTest, NoViolationsOnPlainStatus) {
  EXPECT_TRUE(FieldViolations(absl::NotFoundError("x")).empty());
}

TEST(I18nTest, PicksTheBestSupportedLanguage) {
  EXPECT_EQ(PickLanguage(""), Lang::kEn);
  EXPECT_EQ(PickLanguage("fr-MA,fr;q=0.9,en;q=0.8"), Lang::kFr);
  EXPECT_EQ(PickLanguage("de-DE, ar;q=0.5, en;q=0.4"), Lang::kAr);
  EXPECT_EQ(PickLanguage("en;q=0.2, fr;q=0.7"), Lang::kFr);
  EXPECT_EQ(PickLanguage("zh"), Lang::kEn);
  EXPECT_EQ(PickLanguage("fr;q=0"), Lang::kEn) << "q=0 means not acceptable";
}

TEST(I18nTest, FormatReplacesEveryOccurrenceAndFallsBackToEnglish) {
  EXPECT_EQ(Format("{0} and {0} then {1}", {"a", "{1}"}), "a and a then {1}");
  Localized l{"en", "", ""};
  EXPECT_EQ(l.In(Lang::kAr), "en");
}

}  // namespace
}  // namespace atlas::core
