// The theme taxonomy: what a theme must be, how a change applies, and the
// process's copy being swapped whole.
#include "registry/domain/taxonomy.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "registry/domain/memory_rooms.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {
namespace {

constexpr auto Fields = core::ViolatedFields;

TEST(TaxonomyTest, AValidThemeIsAccepted) {
  EXPECT_TRUE(ValidateTheme(SampleTheme("diaspora_health"), true).ok());
}

TEST(TaxonomyTest, EveryFieldIsChecked) {
  v1::Theme t = SampleTheme("diaspora_health");
  t.set_code("Santé");
  t.mutable_label()->set_ar("  ");
  t.mutable_label()->set_en(std::string(121, 'x'));
  t.set_colour("#8DD3C7");  // upper case: one spelling only
  t.set_position(1000);
  absl::Status s = ValidateTheme(t, true);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"theme.code", "theme.label.ar", "theme.label.en",
                                                 "theme.colour", "theme.position"}));
  // The French message, for the administration page.
  EXPECT_NE(core::MessageIn(s, core::Lang::kFr).find("doit être une couleur"), std::string::npos);
}

TEST(TaxonomyTest, CodesAreShortSnakeCaseStartingWithALetter) {
  const std::vector<std::string> bad_codes = {"",          "a",   "9lives", "_x",
                                              "with-dash", "x y", "é",      std::string(41, 'a')};
  for (const std::string& bad : bad_codes) {
    v1::Theme t = SampleTheme("diaspora_health");
    t.set_code(bad);
    EXPECT_EQ(Fields(ValidateTheme(t, true)), std::vector<std::string>{"theme.code"}) << bad;
  }
  v1::Theme t = SampleTheme("diaspora_health");
  t.set_code("x");  // the code is not checked on updates: it never changes
  EXPECT_TRUE(ValidateTheme(t, false).ok());
}

TEST(TaxonomyTest, PatchChangesOnlyTheMaskedFields) {
  v1::Theme current = SampleTheme("diaspora_health");
  v1::Theme patch;
  patch.mutable_label()->set_fr("Santé des migrants");
  patch.mutable_label()->set_en("ignored");
  patch.set_colour("#123456");
  patch.set_retired(true);
  auto r = PatchTheme(current, patch, {"label.fr", "retired"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->label().fr(), "Santé des migrants");
  EXPECT_EQ(r->label().en(), "Health and diaspora");
  EXPECT_EQ(r->colour(), "#8dd3c7");
  EXPECT_TRUE(r->retired());
}

TEST(TaxonomyTest, PatchRefusesUnknownPathsEmptyMasksAndInvalidResults) {
  v1::Theme patch;
  EXPECT_EQ(Fields(PatchTheme(SampleTheme("diaspora_health"), patch, {"code"}).status()),
            std::vector<std::string>{"update_mask"});
  EXPECT_EQ(Fields(PatchTheme(SampleTheme("diaspora_health"), patch, {}).status()),
            std::vector<std::string>{"update_mask"});
  EXPECT_EQ(Fields(PatchTheme(SampleTheme("diaspora_health"), patch, {"label"}).status()),
            (std::vector<std::string>{"theme.label.fr", "theme.label.ar", "theme.label.en"}));
}

TEST(TaxonomyTest, EtagsAndNames) {
  EXPECT_EQ(ThemeCode("themes/investment"), "investment");
  EXPECT_EQ(ThemeCode("themes/Investment"), std::nullopt);
  EXPECT_EQ(ThemeCode("projects/investment"), std::nullopt);
}

TEST(TaxonomyTest, TheProcessCopyIsSwappedWholeAndHeldCopiesStayValid) {
  auto before = Themes();
  ASSERT_EQ(before->size(), DefaultThemes().size());
  std::vector<Term> next = DefaultThemes();
  next.push_back({"diaspora_health", "Santé", "الصحة", "Health", "#8dd3c7"});
  SetThemes(next);
  EXPECT_TRUE(IsTerm(*Themes(), "diaspora_health"));
  EXPECT_FALSE(IsTerm(*before, "diaspora_health"));  // a holder keeps its snapshot
  const auto all = AllVocabularies();
  EXPECT_EQ(all.front().name, "themes");
  EXPECT_EQ(all.front().terms.size(), DefaultThemes().size() + 1);
  SetThemes(DefaultThemes());
}

}  // namespace
}  // namespace atlas::registry
