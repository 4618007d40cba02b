// The Maisons des Marocains du Monde: what an entry must be, what the public
// sees, and the exports.
#include "registry/domain/maison.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace atlas::registry {
namespace {

constexpr auto Fields = core::ViolatedFields;

// A square around Oujda standing for the Oriental region (MA-02).
const RegionOutlines& Outlines() {
  static const RegionOutlines o = {
      {"MA-02", {{{-3.0, 33.0}, {-1.0, 33.0}, {-1.0, 35.2}, {-3.0, 35.2}, {-3.0, 33.0}}}}};
  return o;
}

MaisonContext Context() { return {.outlines = &Outlines(), .year = 2026}; }

v1::Maison Sample() {
  v1::Maison m;
  m.mutable_title()->set_fr("Maison des Marocains du Monde de l'Oriental (démo)");
  m.mutable_title()->set_ar("دار المغاربة المقيمين بالخارج بجهة الشرق (تجريبي)");
  m.set_region_code("MA-02");
  m.set_province_code("MA-OUJ");
  m.mutable_location()->set_latitude(34.68);
  m.mutable_location()->set_longitude(-1.91);
  auto* h = m.add_hours();
  h->set_day(1);
  h->set_opens("08:30");
  h->set_closes("12:30");
  h = m.add_hours();
  h->set_day(1);
  h->set_opens("14:00");
  h->set_closes("16:30");
  m.add_services("reception_orientation");
  m.add_services("investment_support");
  m.mutable_contacts()->set_phone("+212 5 36 00 00 00");
  m.mutable_contacts()->set_email("oriental@example.org");
  auto* a = m.add_activity();
  a->set_year(2024);
  a->set_visitors(1200);
  auto* f = a->add_files();
  f->set_service("investment_support");
  f->set_files(85);
  a->set_source("Rapport d'activité 2024 (démo)");
  m.set_demo(true);
  return m;
}

TEST(MaisonTest, AValidEntryIsAccepted) {
  absl::Status s = ValidateMaison(Sample(), Context());
  EXPECT_TRUE(s.ok()) << s;
}

TEST(MaisonTest, EveryFieldIsCheckedInTheCallersLanguage) {
  v1::Maison m = Sample();
  m.mutable_title()->set_ar(" ");
  m.mutable_title()->set_en("<script>alert(1)</script>");
  m.set_province_code("MA-AGD");           // Souss-Massa's
  m.mutable_hours(1)->set_opens("12:00");  // overlaps 08:30-12:30
  auto* bad = m.add_hours();
  bad->set_day(8);
  bad->set_opens("25:00");
  bad->set_closes("9h");
  m.add_services("karaoke");
  m.add_services("investment_support");
  m.mutable_contacts()->set_phone("call us");
  m.mutable_contacts()->set_email("not-an-address");
  m.mutable_activity(0)->set_source("");
  m.mutable_activity(0)->mutable_files(0)->set_files(-1);
  auto* later = m.add_activity();
  later->set_year(2031);
  later->set_source("x");
  m.set_source("<img src=x onerror=alert(1)>");
  absl::Status s = ValidateMaison(m, Context());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(s),
            (std::vector<std::string>{
                "maison.title.ar", "maison.title.en", "maison.province_code", "maison.hours[1]",
                "maison.hours[2].day", "maison.hours[2].opens", "maison.hours[2].closes",
                "maison.services[2]", "maison.services[3]", "maison.contacts.phone",
                "maison.contacts.email", "maison.activity[0].files[0].files",
                "maison.activity[0].source", "maison.activity[1].year", "maison.source"}));
  EXPECT_NE(core::MessageIn(s, core::Lang::kFr).find("sans balises HTML"), std::string::npos);
  EXPECT_NE(core::MessageIn(s, core::Lang::kAr).find("وسوم HTML"), std::string::npos);
}

TEST(MaisonTest, APointMustBeInMoroccoAndInItsRegion) {
  v1::Maison m = Sample();
  m.mutable_location()->set_latitude(48.85);  // Paris
  m.mutable_location()->set_longitude(2.35);
  EXPECT_EQ(Fields(ValidateMaison(m, Context())), std::vector<std::string>{"maison.location"});
  m.mutable_location()->set_latitude(30.42);  // Agadir: in Morocco, not in MA-02
  m.mutable_location()->set_longitude(-9.6);
  absl::Status s = ValidateMaison(m, Context());
  EXPECT_EQ(Fields(s), std::vector<std::string>{"maison.location"});
  EXPECT_NE(core::MessageIn(s, core::Lang::kFr).find("n'est pas dans la région MA-02"),
            std::string::npos);
  // Without outlines, Morocco's extent only.
  EXPECT_TRUE(ValidateMaison(m, {.year = 2026}).ok());
  m.clear_location();  // (0, 0): in the Gulf of Guinea
  EXPECT_EQ(Fields(ValidateMaison(m, {.year = 2026})), std::vector<std::string>{"maison.location"});
}

TEST(MaisonTest, AYearIsReportedOnceAndAMissingFigureStaysMissing) {
  v1::Maison m = Sample();
  auto* again = m.add_activity();
  *again = m.activity(0);
  EXPECT_EQ(Fields(ValidateMaison(m, Context())),
            std::vector<std::string>{"maison.activity[1].year"});
  m.mutable_activity()->RemoveLast();
  m.mutable_activity(0)->clear_visitors();
  ASSERT_TRUE(ValidateMaison(m, Context()).ok());
  // Not reported: an empty cell, not 0.
  const std::string csv = MaisonsCsv({m});
  EXPECT_NE(csv.find(",2024,,85,"), std::string::npos) << csv;
  auto geo = nlohmann::json::parse(MaisonsGeoJson({m}));
  EXPECT_TRUE(geo["features"][0]["properties"]["activity"][0]["visitors"].is_null());
}

TEST(MaisonTest, ThePublicNeverSeesContactsAndExportsCarryNone) {
  v1::Maison m = Sample();
  m.set_name("maisons/00000000-0000-4000-8000-000000000001");
  EXPECT_FALSE(PublicMaison(m).has_contacts());
  // Exports are built from public entries (the handler); they also have no
  // column or property for contacts.
  const std::string csv = MaisonsCsv({PublicMaison(m)});
  EXPECT_EQ(csv.find("oriental@example.org"), std::string::npos);
  EXPECT_EQ(csv.find("phone"), std::string::npos);
  EXPECT_NE(csv.find("00000000-0000-4000-8000-000000000001,true,"), std::string::npos);
  auto geo = nlohmann::json::parse(MaisonsGeoJson({m}));
  EXPECT_EQ(geo["type"], "FeatureCollection");
  EXPECT_EQ(geo["features"][0]["geometry"]["coordinates"][0], -1.91);
  EXPECT_TRUE(geo["features"][0]["properties"]["demo"].get<bool>());
  EXPECT_FALSE(geo["features"][0]["properties"].contains("contacts"));
}

TEST(MaisonTest, CsvCellsNeverRunAsFormulas) {
  v1::Maison m = Sample();
  m.mutable_title()->set_fr("=HYPERLINK(\"http://x\")");
  const std::string csv = MaisonsCsv({m});
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos) << csv;
}

TEST(MaisonTest, OnlyNamedFieldsChange) {
  v1::Maison current = Sample();
  v1::Maison patch;
  patch.mutable_title()->set_en("House of Moroccans of the World, Oriental");
  patch.set_region_code("MA-09");  // not in the mask: ignored
  auto next = PatchMaison(current, patch, {"title.en"}, Context());
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->title().en(), "House of Moroccans of the World, Oriental");
  EXPECT_EQ(next->region_code(), "MA-02");
  EXPECT_EQ(Fields(PatchMaison(current, patch, {"name"}, Context()).status()),
            std::vector<std::string>{"update_mask"});
  // A change is validated whole: moving the region without the point fails.
  EXPECT_EQ(Fields(PatchMaison(current, patch, {"region_code"}, Context()).status()),
            (std::vector<std::string>{"maison.province_code"}));
}

TEST(MaisonTest, NamesAreUuids) {
  EXPECT_EQ(MaisonId("maisons/00000000-0000-4000-8000-000000000001"),
            "00000000-0000-4000-8000-000000000001");
  EXPECT_FALSE(MaisonId("maisons/oriental"));
  EXPECT_FALSE(MaisonId("projects/00000000-0000-4000-8000-000000000001"));
}

}  // namespace
}  // namespace atlas::registry
