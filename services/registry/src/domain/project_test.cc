#include "registry/domain/project.h"

#include "gtest/gtest.h"

namespace atlas::registry {
namespace {

v1::Project Valid() {
  v1::Project p;
  p.mutable_title()->set_fr("Maison de l'investissement MRE — Oujda");
  p.add_themes("investment");
  p.add_region_codes("MA-02");
  p.mutable_location()->set_latitude(34.68);
  p.mutable_location()->set_longitude(-1.91);
  return p;
}

std::vector<std::string> Fields(const std::vector<core::FieldViolation>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.field);
  return out;
}

google::type::Date D(int y, int m, int d) {
  google::type::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

TEST(ValidateContentTest, AcceptsAValidProject) {
  EXPECT_TRUE(ValidateContent(Valid(), "project.").empty());
}

TEST(ValidateContentTest, ReportsEachBadFieldWithItsPath) {
  v1::Project p = Valid();
  p.clear_title();
  p.add_themes("astrology");
  p.add_themes("investment");
  p.clear_region_codes();
  p.add_region_codes("MA-13");
  p.mutable_location()->set_latitude(91);
  p.mutable_location()->set_longitude(-181);
  EXPECT_EQ(Fields(ValidateContent(p, "project.")),
            (std::vector<std::string>{"project.title", "project.themes[1]", "project.themes[2]",
                                      "project.region_codes[0]", "project.location.latitude",
                                      "project.location.longitude"}));
}

TEST(ValidateContentTest, ATitleInAnyOneLanguageIsEnough) {
  v1::Project p = Valid();
  p.clear_title();
  p.mutable_title()->set_ar("دار استثمار مغاربة العالم");
  p.set_original_language("ar");
  EXPECT_TRUE(ValidateContent(p, "").empty());
  p.set_original_language("en");  // no English title
  EXPECT_EQ(Fields(ValidateContent(p, "")), (std::vector<std::string>{"original_language"}));
}

TEST(ValidateContentTest, CountsCharactersNotBytes) {
  v1::Project p = Valid();
  std::string title;
  for (int i = 0; i < 300; ++i) title += "م";  // 2 bytes each
  p.mutable_title()->set_ar(title);
  EXPECT_TRUE(ValidateContent(p, "").empty());
  p.mutable_title()->set_ar(title + "م");
  EXPECT_EQ(Fields(ValidateContent(p, "")), (std::vector<std::string>{"title.ar"}));
}

TEST(ValidateContentTest, EndBeforeStartNegativeBudgetAndSharesOver100) {
  v1::Project p = Valid();
  *p.mutable_planned_start() = D(2012, 5, 1);
  *p.mutable_planned_end() = D(2011, 12, 31);
  *p.mutable_actual_start() = D(2012, 2, 30);  // no such day
  auto* b = p.add_budget();
  b->set_year(2012);
  b->set_amount(-5);
  auto* dup = p.add_budget();
  dup->set_year(2012);
  dup->set_amount(10);
  auto* s1 = p.add_funding_shares();
  s1->set_donor("UE");
  s1->set_percent(70);
  auto* s2 = p.add_funding_shares();
  s2->set_donor("Région");
  s2->set_percent(40);
  EXPECT_EQ(Fields(ValidateContent(p, "")),
            (std::vector<std::string>{"budget[0].amount", "budget[1].year", "funding_shares",
                                      "planned_end", "actual_start"}));
}

TEST(ValidateContentTest, TenThousandThemesIsOneViolationNotTenThousand) {
  v1::Project p = Valid();
  for (int i = 0; i < 10000; ++i) p.add_themes("investment");
  auto v = ValidateContent(p, "project.");
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].field, "project.themes");
}

TEST(ValidateContentTest, CodesComeFromTheVocabularies) {
  v1::Project p = Valid();
  p.add_province_codes("MA-OUJ");
  p.add_province_codes("MA-XYZ");
  p.add_diaspora_countries("FRA");
  p.add_diaspora_countries("FR");
  p.add_target_groups("youth");
  p.add_target_groups("martians");
  p.set_mechanism("co_development");
  p.set_currency("GBP");
  EXPECT_EQ(Fields(ValidateContent(p, "")),
            (std::vector<std::string>{"target_groups[1]", "currency", "province_codes[1]",
                                      "diaspora_countries[1]"}));
}

TEST(ValidateContentTest, ActorsDocumentsContactsAndPlaces) {
  v1::Project p = Valid();
  auto* o = p.add_participating_organisations();
  o->set_name("Agence de l'Oriental");  // role missing
  auto* d = p.add_documents();
  d->set_title("Fiche");
  d->set_url("javascript:alert(1)");
  auto* k = p.add_contacts();
  k->set_name("Mme A.");
  k->set_email("not-an-address");
  auto* pl = p.add_places();
  pl->set_name("Berkane");
  pl->mutable_point()->set_latitude(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(
      Fields(ValidateContent(p, "")),
      (std::vector<std::string>{"participating_organisations[0].role", "places[0].point.latitude",
                                "documents[0].url", "contacts[0].email"}));
}

TEST(ValidateEvaluationTest, SixCriteriaOnceWithScoresOneToFour) {
  v1::Evaluation e;
  for (int c = 1; c <= 6; ++c) {
    auto* s = e.add_scores();
    s->set_criterion(static_cast<v1::DacCriterion>(c));
    s->set_score(3);
  }
  e.set_replicability(v1::HIGH);
  e.set_evaluator("Cabinet d'évaluation (test)");
  e.mutable_evaluation_date()->set_year(2016);
  e.mutable_evaluation_date()->set_month(6);
  e.mutable_evaluation_date()->set_day(30);
  EXPECT_TRUE(ValidateEvaluation(e, "").empty());
  e.mutable_scores(1)->set_criterion(v1::RELEVANCE);  // twice, coherence missing
  e.mutable_scores(2)->set_score(5);
  e.clear_evaluator();
  EXPECT_EQ(
      Fields(ValidateEvaluation(e, "evaluation.")),
      (std::vector<std::string>{"evaluation.scores[1].criterion", "evaluation.scores[2].score",
                                "evaluation.scores", "evaluation.evaluator"}));
}

TEST(MentionsTest, HandlesAndOrganisationsButNotEmailAddresses) {
  EXPECT_EQ(Mentions("@demo-validator pouvez-vous relire ? cc @organisations/demo-assoc-oujda. "
                     "Écrire à a@example.org (@demo-validator)"),
            (std::vector<std::string>{"demo-validator", "organisations/demo-assoc-oujda"}));
  EXPECT_TRUE(Mentions("rien @ signaler").empty());
}

TEST(PatchTest, ReplacesOnlyTheMaskedPathsIncludingOneLanguage) {
  v1::Project current = Valid();
  current.mutable_title()->set_ar("عنوان");
  v1::Project patch;
  patch.mutable_title()->set_fr("Nouveau titre");
  patch.add_themes("skills");
  v1::Project next = ApplyPatch(current, patch, {"title.fr", "themes", "location"});
  EXPECT_EQ(next.title().fr(), "Nouveau titre");
  EXPECT_EQ(next.title().ar(), "عنوان");  // untouched language kept
  EXPECT_EQ(next.themes().size(), 1);
  EXPECT_EQ(next.themes(0), "skills");  // replaced, not appended
  EXPECT_FALSE(next.has_location());    // masked and absent: cleared
  EXPECT_EQ(next.region_codes(0), "MA-02");
  EXPECT_TRUE(IsUpdatablePath("title.ar"));
  EXPECT_FALSE(IsUpdatablePath("themes.fr"));
  EXPECT_FALSE(IsUpdatablePath("state"));
  EXPECT_FALSE(IsUpdatablePath("good_practice"));
}

TEST(DiffTest, FieldByFieldWithTextsPerLanguage) {
  v1::Project a = Valid();
  v1::Project b = a;
  b.mutable_title()->set_en("Investment house");
  b.add_themes("skills");
  b.clear_location();
  auto changes = Diff(a, b);
  ASSERT_EQ(changes.size(), 3U);
  EXPECT_EQ(changes[0].field, "title.en");
  EXPECT_EQ(changes[0].old_value, "");
  EXPECT_EQ(changes[0].new_value, "Investment house");
  EXPECT_EQ(changes[1].field, "themes");
  EXPECT_EQ(changes[1].old_value, "[\"investment\"]");
  EXPECT_EQ(changes[1].new_value, "[\"investment\",\"skills\"]");
  EXPECT_EQ(changes[2].field, "location");
  EXPECT_EQ(changes[2].new_value, "");
  EXPECT_EQ(ChangedFields(a, b), (std::vector<std::string>{"title", "themes", "location"}));
  EXPECT_TRUE(Diff(a, a).empty());
}

TEST(ContentTest, ContentOfDropsMetadata) {
  v1::Project p = Valid();
  p.set_name("projects/x");
  p.set_etag("r3");
  p.set_good_practice(true);
  v1::Project c = ContentOf(p);
  EXPECT_TRUE(c.name().empty());
  EXPECT_TRUE(c.etag().empty());
  EXPECT_FALSE(c.good_practice());
  EXPECT_EQ(c.title().fr(), p.title().fr());
}

}  // namespace
}  // namespace atlas::registry
