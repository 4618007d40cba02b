#include "registry/domain/iati_import.h"

#include "gtest/gtest.h"
#include "registry/domain/exchange.h"

namespace atlas::registry {
namespace {

TEST(IatiImportTest, ReadsBackWhatTheExportWrites) {
  Project p;
  p.id = "00000000-0000-4000-8000-000000000001";
  p.organisation = "assoc-oujda";
  v1::Project& c = p.content;
  c.set_iati_identifier("XM-TEST-1");
  c.mutable_title()->set_fr("Réseau des compétences");
  c.mutable_title()->set_ar("شبكة الكفاءات");
  c.mutable_summary()->set_fr("Résumé");
  c.mutable_objectives()->set_fr("Objectifs");
  c.add_themes("skills");
  c.add_region_codes("MA-02");
  c.add_diaspora_countries("ESP");
  c.add_target_groups("youth");
  c.set_currency("EUR");
  c.set_status(v1::FINALISATION);
  c.mutable_planned_start()->set_year(2012);
  c.mutable_planned_start()->set_month(3);
  c.mutable_planned_start()->set_day(1);
  auto* b = c.add_budget();
  b->set_year(2012);
  b->set_amount(1500.5);
  auto* o = c.add_participating_organisations();
  o->set_name("Union européenne (test)");
  o->set_role(v1::FUNDING);
  o->set_type("40");
  auto* pl = c.add_places();
  pl->set_name("Berkane");
  pl->mutable_point()->set_latitude(34.92);
  pl->mutable_point()->set_longitude(-2.32);
  auto file = ParseIatiActivities(
      ToIatiXml({std::make_shared<const Project>(p)}, absl::FromUnixSeconds(0)));
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->activities.size(), 1U);
  const v1::Project& back = file->activities[0].content;
  EXPECT_EQ(back.iati_identifier(), "XM-TEST-1");
  EXPECT_EQ(back.title().ar(), "شبكة الكفاءات");
  EXPECT_EQ(back.summary().fr(), "Résumé");
  EXPECT_EQ(back.objectives().fr(), "Objectifs");
  EXPECT_EQ(back.themes(0), "skills");
  EXPECT_EQ(back.region_codes(0), "MA-02");
  EXPECT_EQ(back.diaspora_countries(0), "ESP");
  EXPECT_EQ(back.target_groups(0), "youth");
  EXPECT_EQ(back.status(), v1::FINALISATION);
  EXPECT_EQ(back.planned_start().month(), 3);
  EXPECT_EQ(back.budget(0).amount(), 1500.5);
  EXPECT_EQ(back.participating_organisations(0).role(), v1::FUNDING);
  EXPECT_EQ(back.places(0).name(), "Berkane");
  EXPECT_DOUBLE_EQ(back.places(0).point().longitude(), -2.32);
  // The export's own extras (reporting org, Morocco as recipient, scope) are
  // understood; only the activity scope has no place in the record.
  for (const auto& i : file->issues) EXPECT_EQ(i.element, "activity-scope") << i.message.en;
}

TEST(IatiImportTest, ReportsWhatItCannotMapAndKeepsTheRest) {
  const char* xml = R"(<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="fr" default-currency="GBP">
  <iati-identifier>XM-TEST-2</iati-identifier>
  <title><narrative>Projet importé</narrative><narrative xml:lang="es">Proyecto</narrative></title>
  <sector vocabulary="1" code="15110"/>
  <sector vocabulary="98" code="investment"/>
  <tag vocabulary="99" code="diaspora-XYZ"/>
  <location ref="MA-99"/>
  <policy-marker vocabulary="1" code="1" significance="1"/>
  <activity-status code="9"/>
 </iati-activity>
</iati-activities>)";
  auto file = ParseIatiActivities(xml);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->activities.size(), 1U);
  EXPECT_EQ(file->activities[0].content.title().fr(), "Projet importé");
  EXPECT_EQ(file->activities[0].content.themes(0), "investment");
  std::vector<std::string> elements;
  for (const auto& i : file->issues) {
    EXPECT_EQ(i.activity, "XM-TEST-2");
    elements.push_back(i.element);
  }
  EXPECT_EQ(elements, (std::vector<std::string>{
                          "@default-currency", "title/narrative[@xml:lang='es']",
                          "sector[@code='15110']", "tag[@code='diaspora-XYZ']",
                          "location[@ref='MA-99']", "policy-marker", "activity-status/@code"}));
  EXPECT_EQ(file->issues[0].message.fr, "le code « GBP » n'a pas d'équivalent ici ; non importé");
}

TEST(IatiImportTest, MalformedXmlAndForeignRootsAreInvalid) {
  for (const char* xml : {"<iati-activities><iati-activity>", "not xml", "<html></html>", ""}) {
    auto file = ParseIatiActivities(xml);
    EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument) << xml;
  }
}

TEST(IatiImportTest, AnyDoctypeIsRefusedSoNoEntityIsRead) {
  // External entities (a file of the server) and internal ones (one entity
  // referenced a thousand times: 13 KB in, 10 MB out) alike.
  std::string laugh = R"(<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY x ")" +
                      std::string(10000, 'x') + R"(">]>
<iati-activities><iati-activity><iati-identifier>X-1</iati-identifier><title><narrative>)";
  for (int i = 0; i < 1000; ++i) laugh += "&x;";
  laugh += "</narrative></title></iati-activity></iati-activities>";
  for (const std::string& xml :
       {std::string(R"(<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities><iati-activity><iati-identifier>X-1</iati-identifier>
<title><narrative xml:lang="fr">&secret;</narrative></title></iati-activity></iati-activities>)"),
        laugh, std::string("<!DOCTYPE iati-activities><iati-activities/>")}) {
    auto file = ParseIatiActivities(xml);
    ASSERT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
    auto v = core::FieldViolations(file.status());
    ASSERT_EQ(v.size(), 1U);
    EXPECT_EQ(v[0].field, "iati_xml");
    EXPECT_NE(v[0].description.en.find("DOCTYPE"), std::string::npos) << v[0].description.en;
  }
}

TEST(IatiImportTest, OneDocumentHoldsABoundedNumberOfActivities) {
  auto doc = [](size_t n) {
    std::string xml = "<iati-activities>";
    for (size_t i = 0; i < n; ++i) {
      xml += "<iati-activity><iati-identifier>X-" + std::to_string(i) +
             "</iati-identifier></iati-activity>";
    }
    return xml + "</iati-activities>";
  };
  auto ok = ParseIatiActivities(doc(kMaxIatiActivities));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->activities.size(), kMaxIatiActivities);
  auto over = ParseIatiActivities(doc(kMaxIatiActivities + 1));
  ASSERT_EQ(over.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(core::FieldViolations(over.status())[0].description.en.find("2001"), std::string::npos);
}

}  // namespace
}  // namespace atlas::registry
