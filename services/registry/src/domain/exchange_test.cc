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
  std::string xml = ToIatiXml({Sample()}, absl::FromUnixSeconds(0));
  EXPECT_NE(xml.find("Réseau &lt;MRE&gt; &amp; &quot;compétences&quot;"), std::string::npos);
  EXPECT_NE(xml.find("<narrative xml:lang=\"ar\">شبكة الكفاءات</narrative>"), std::string::npos);
  EXPECT_NE(xml.find("<iati-identifier>MA-GOV-MCMREAM-00000000-0000-4000-8000-000000000001<"),
            std::string::npos);
  EXPECT_NE(xml.find("<value currency=\"EUR\" value-date=\"2012-01-01\">1500.50</value>"),
            std::string::npos);
  Project own = Sample();
  own.content.set_iati_identifier("XM-DAC-41114-PRJ-1");
  EXPECT_EQ(IatiIdentifier(own), "XM-DAC-41114-PRJ-1");
}

TEST(CsvTest, QuotesAndDefusesFormulas) {
  Project p = Sample();
  p.content.mutable_title()->set_en("=HYPERLINK(\"http://evil\")");
  std::string csv = ToCsv({p});
  EXPECT_NE(csv.find("\"Réseau <MRE> & \"\"compétences\"\"\""), std::string::npos);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://evil\"\")\""), std::string::npos);
  EXPECT_NE(csv.find(",1500.50,"), std::string::npos);
  EXPECT_EQ(csv.substr(0, 5), "name,");
}

}  // namespace
}  // namespace atlas::registry
