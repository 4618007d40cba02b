#include "registry/domain/exchange.h"

#include "gtest/gtest.h"

namespace atlas::registry {
namespace {

Project Sample() {
  Project p;
  p.id = "00000000-0000-4000-8000-000000000001";
  p.organisation = "assoc-oujda";
  p.state = State::kPublished;
  p.content.mutable_title()->set_fr("Réseau <MRE> & \"compétences\"");
  p.content.mutable_title()->set_ar("شبكة الكفاءات");
  p.content.add_themes("skills");
  p.content.set_currency("EUR");
  auto* b = p.content.add_budget();
  b->set_year(2012);
  b->set_amount(1500.5);
  return p;
}

TEST(IatiTest, EscapesTextAndUsesTheOwnOrGeneratedIdentifier) {
  std::string xml =
      ToIatiXml({std::make_shared<const Project>(Sample())}, absl::FromUnixSeconds(0));
  EXPECT_NE(xml.find("Réseau &lt;MRE&gt; &amp; &quot;compétences&quot;"), std::string::npos);
  EXPECT_NE(xml.find("<narrative xml:lang=\"ar\">شبكة الكفاءات</narrative>"), std::string::npos);
  // No publisher configured: the file says so, and names no real organisation.
  EXPECT_NE(xml.find("<iati-identifier>XX-UNCONFIGURED-00000000-0000-4000-8000-000000000001<"),
            std::string::npos);
  EXPECT_NE(xml.find("<!-- Unconfigured publisher"), std::string::npos);
  EXPECT_NE(xml.find("<narrative>Éditeur non configuré (unconfigured publisher)</narrative>"),
            std::string::npos);
  EXPECT_EQ(xml.find("Ministère"), std::string::npos);
  EXPECT_NE(xml.find("<value currency=\"EUR\" value-date=\"2012-01-01\">1500.50</value>"),
            std::string::npos);
  Project own = Sample();
  own.content.set_iati_identifier("XM-DAC-41114-PRJ-1");
  EXPECT_EQ(IatiIdentifier(own), "XM-DAC-41114-PRJ-1");
}

TEST(IatiTest, AConfiguredPublisherAndDemoActivitiesAreSaidSo) {
  Project demo = Sample();
  demo.demo = true;
  const ReportingOrg ministry = {
      .ref = "XM-EXAMPLE-1", .name = "Ministère (test)", .configured = true};
  std::string xml =
      ToIatiXml({std::make_shared<const Project>(Sample()), std::make_shared<const Project>(demo)},
                absl::FromUnixSeconds(0), ministry);
  EXPECT_EQ(xml.find("Unconfigured"), std::string::npos);
  EXPECT_NE(
      xml.find("<reporting-org ref=\"XM-EXAMPLE-1\" type=\"10\"><narrative>Ministère (test)<"),
      std::string::npos);
  EXPECT_NE(xml.find("xmlns:atlas=\"https://atlas.sharaka.ma/ns/iati\""), std::string::npos);
  // Exactly the demo activity (the second) carries the attribute.
  const size_t one = xml.find("<iati-activity ");
  const size_t two = xml.find("<iati-activity ", one + 1);
  const size_t first = xml.find(" atlas:demo=\"true\"", one);
  ASSERT_NE(first, std::string::npos);
  EXPECT_GT(first, two);
  EXPECT_EQ(xml.find(" atlas:demo=\"true\"", first + 1), std::string::npos);
}

TEST(CsvTest, QuotesAndDefusesFormulas) {
  Project p = Sample();
  p.content.mutable_title()->set_en("=HYPERLINK(\"http://evil\")");
  std::string csv = ToCsv({std::make_shared<const Project>(p)});
  EXPECT_NE(csv.find("\"Réseau <MRE> & \"\"compétences\"\"\""), std::string::npos);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://evil\"\")\""), std::string::npos);
  EXPECT_NE(csv.find(",1500.50,"), std::string::npos);
  EXPECT_EQ(csv.substr(0, 5), "name,");
}

}  // namespace
}  // namespace atlas::registry
