// The project sheet as a document: what it says, in which language, with
// which figures (the PDF itself is read back by pdftotext in
// tests/system/test_registry.py).
#include "registry/domain/project_sheet.h"

#include "gtest/gtest.h"

namespace atlas::registry {
namespace {

using report::ReportBlock;

v1::Project Sample() {
  v1::Project p;
  p.set_name("projects/00000000-0000-4000-8000-000000000001");
  p.set_original_language("fr");
  p.mutable_title()->set_fr("Incubateur Nador (démo)");
  p.mutable_summary()->set_fr("Résumé en français seulement.");
  p.mutable_title()->set_ar("حاضنة الناظور (تجريبي)");
  p.add_themes("entrepreneurship");
  p.add_region_codes("MA-02");
  p.set_currency("MAD");
  p.set_status(v1::IMPLEMENTATION);
  p.set_demo(true);
  auto* b = p.add_budget();
  b->set_year(2025);
  b->set_amount(5400000);
  p.mutable_planned_start()->set_year(2024);
  p.mutable_planned_end()->set_year(2026);
  auto* m = p.add_milestones();
  m->set_title("Lancement");
  m->mutable_planned_date()->set_year(2024);
  m->mutable_actual_date()->set_year(2024);
  p.mutable_location()->set_latitude(35.17);
  p.mutable_location()->set_longitude(-2.93);
  return p;
}

std::string All(const report::ReportDoc& d) {
  std::string s = d.title + "\n" + d.subtitle + "\n" + d.demo_notice + "\n";
  for (const ReportBlock& b : d.blocks) {
    s += b.text + "\n" + b.figure.caption + "\n";
    for (const auto& row : b.table.rows) {
      for (const auto& c : row) s += c.text + "\t";
    }
  }
  return s;
}

TEST(ProjectSheetTest, SaysTheProjectInTheReadersLanguageWithItsFigures) {
  const RegionOutlines outlines = {
      {"MA-02", {{{-2.0, 35.0}, {-1.0, 35.0}, {-1.0, 34.0}, {-2.0, 34.0}, {-2.0, 35.0}}}}};
  SheetInputs in{.outlines = &outlines, .generated = "2026-12-05"};
  (*in.rates.mutable_per_eur())["MAD"] = 10.8;
  (*in.rates.mutable_per_eur())["EUR"] = 1;
  in.rates.set_as_of("2026-11-29");
  const report::ReportDoc fr = BuildProjectSheet(Sample(), in, core::Lang::kFr);
  EXPECT_EQ(fr.title, "Incubateur Nador (démo)");
  EXPECT_NE(fr.subtitle.find("Entrepreneuriat"), std::string::npos) << fr.subtitle;
  EXPECT_NE(fr.demo_notice.find("fictif"), std::string::npos);
  const std::string text = All(fr);
  EXPECT_NE(text.find("5\u00a0400\u00a0000"), std::string::npos);
  EXPECT_NE(text.find("500\u00a0000 EUR (indicatif : taux fixes du 2026-11-29"), std::string::npos)
      << text;
  int figures = 0;
  for (const ReportBlock& b : fr.blocks) figures += b.kind == ReportBlock::Kind::kFigure;
  EXPECT_EQ(figures, 2) << "a timeline and a mini-map";

  const report::ReportDoc ar = BuildProjectSheet(Sample(), in, core::Lang::kAr);
  EXPECT_EQ(ar.title, "حاضنة الناظور (تجريبي)");
  const std::string ar_text = All(ar);
  // The summary exists only in French: shown, and said so.
  EXPECT_NE(ar_text.find("Résumé en français seulement."), std::string::npos);
  EXPECT_NE(ar_text.find("النص بلغته الأصلية، الفرنسية"), std::string::npos);
  for (const ReportBlock& b : ar.blocks) {
    if (b.kind == ReportBlock::Kind::kFigure && b.figure.height == 70) {
      EXPECT_TRUE(b.figure.mirror_in_rtl) << "the timeline runs from the right in Arabic";
    }
  }
}

TEST(ProjectSheetTest, WithoutOutlinesTheSheetSaysItsMapIsUnavailable) {
  const report::ReportDoc d = BuildProjectSheet(Sample(), {}, core::Lang::kEn);
  EXPECT_NE(All(d).find("The map is unavailable"), std::string::npos);
}

TEST(ProjectSheetTest, SimplifyKeepsTheEndsAndTheCorners) {
  Ring square;
  for (int i = 0; i <= 10; ++i) square.emplace_back(i * 0.1, 0);
  for (int i = 1; i <= 10; ++i) square.emplace_back(1, i * 0.1);
  for (int i = 9; i >= 0; --i) square.emplace_back(i * 0.1, 1);
  const Ring s = Simplify(square, 0.01);
  EXPECT_EQ(s, (Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}}));
}

}  // namespace
}  // namespace atlas::registry
