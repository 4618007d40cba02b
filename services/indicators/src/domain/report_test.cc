// PdP/RdP documents on a known programme: the figures, the missing values
// and the gaps they must show, in French and Arabic, and the HTML's escaping.
#include "indicators/domain/report.h"

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "indicators/domain/memory_performance_store.h"
#include "indicators/domain/memory_programming_store.h"
#include "indicators/domain/report_service.h"

namespace atlas::indicators {
namespace {

using core::Lang;

Framework Known() {
  Framework f{.programme = "p1",
              .code = "D101",
              .title = {.en = "Support <demo>", .fr = "Accompagnement <démo>", .ar = "مواكبة"},
              .responsible = "Mme X",
              .strategy = {.en = "", .fr = "Rapprocher l'action publique.", .ar = ""},
              .demo = true};
  f.objectives = {{.id = "o1",
                   .title = {.en = "Widen access", .fr = "Élargir l'accès", .ar = "توسيع الولوج"},
                   .indicators = {"i1", "i2"}}};
  Indicator i1{.id = "i1",
               .objective = "o1",
               .title = {.en = "Beneficiaries", .fr = "Bénéficiaires", .ar = "المستفيدون"},
               .unit = "persons",
               .source = "Registre (démo)",
               .baseline_year = 2022,
               .baseline = 100,
               .targets = {{2025, 200}, {2026, 250}, {2027, 300}}};
  i1.measurements = {{.year = 2024, .value = 120, .source = "s"},
                     {.year = 2025, .value = 150, .source = "s", .comment = "Recrutement retardé"}};
  Indicator i3{.id = "i3",
               .objective = "o1",
               .title = {.en = "Women", .fr = "Femmes", .ar = "النساء"},
               .unit = "persons"};
  Indicator i2{.id = "i2",
               .objective = "o1",
               .title = {.en = "Share", .fr = "Part des femmes", .ar = "حصة النساء"},
               .unit = "%",
               .formula = Formula{.numerator = "i3", .denominator = "i1", .factor = 100},
               .targets = {{2025, 40}}};
  f.indicators = {i1, i2, i3};
  return f;
}

std::vector<BudgetLine> Lines() {
  return {{.key = {"p1", "MA-01", "", "PERSONNEL", 2025},
           .ce = 1'000'000,
           .cp = 800'000,
           .committed = 900'000,
           .paid = 600'000},
          {.key = {"p1", "central", "", "INVESTISSEMENT", 2025}, .ce = 500'000, .cp = 200'000},
          {.key = {"p1", "central", "", "INVESTISSEMENT", 2026}, .ce = 700'000, .cp = 300'000}};
}

ReportData Data() {
  ReportData d;
  MemoryPerformanceStore store;
  store.Add(Known());
  PerformanceService performance(store);
  d.dashboard = *performance.Get("p1");
  d.version = {.id = 2, .first_year = 2025, .state = "adopted"};
  d.lines = Lines();
  d.generated = "2026-12-05";
  return d;
}

// Every text of the document, one per line (headings, cells, notes).
std::string Flat(const ReportDoc& doc) {
  std::string out = doc.title + "\n" + doc.subtitle + "\n" + doc.demo_notice + "\n";
  for (const ReportBlock& b : doc.blocks) {
    out += b.text + "\n";
    for (const std::string& h : b.table.header) out += h + " | ";
    for (const auto& row : b.table.rows) {
      for (const ReportCell& c : row) out += c.text + (c.flagged ? "[!]" : "") + " | ";
      out += "\n";
    }
  }
  return out + doc.footer;
}

const ReportTable* TableAfter(const ReportDoc& doc, const std::string& heading_part) {
  bool seen = false;
  for (const ReportBlock& b : doc.blocks) {
    if (b.text.find(heading_part) != std::string::npos) seen = true;
    if (seen && b.kind == ReportBlock::Kind::kTable) return &b.table;
  }
  return nullptr;
}

TEST(ReportTest, NumbersAreWrittenAsTheLanguageWritesThem) {
  EXPECT_EQ(FormatNumber(-1234.5, 1, Lang::kEn), "-1,234.5");
  EXPECT_EQ(FormatNumber(-1234.5, 1, Lang::kFr), "-1\u00a0234,5");
  EXPECT_EQ(FormatNumber(1500000, 0, Lang::kAr), "1\u00a0500\u00a0000");
  EXPECT_EQ(FormatNumber(999.96, 1, Lang::kFr), "1\u00a0000,0");
  EXPECT_EQ(FormatNumber(-0.01, 0, Lang::kEn), "0");
  EXPECT_EQ(FormatPercent(0.5, Lang::kFr), "50,0\u00a0%");
  EXPECT_EQ(FormatPercent(0.875, Lang::kEn), "87.5%");
}

TEST(ReportTest, PdpShowsStrategyTargetsAndCreditsByChapterAndRegion) {
  const ReportDoc doc = BuildPdp(Data(), Lang::kFr);
  EXPECT_EQ(doc.title, "Projet de performance 2025–2027");
  EXPECT_NE(doc.subtitle.find("Programme D101 : Accompagnement <démo>"), std::string::npos);
  EXPECT_NE(doc.subtitle.find("version 2 (adoptée)"), std::string::npos);
  EXPECT_NE(doc.demo_notice.find("démonstration"), std::string::npos);
  EXPECT_EQ(doc.file_stem, "pdp-p1-2025-fr");
  const std::string text = Flat(doc);
  EXPECT_NE(text.find("Responsable du programme : Mme X"), std::string::npos);
  EXPECT_NE(text.find("Rapprocher l'action publique."), std::string::npos);
  EXPECT_NE(text.find("Bénéficiaires | personnes | 100 (2022) | 200 | 250 | 300 | Registre (démo)"),
            std::string::npos)
      << text;
  // A formula says what it is computed from.
  EXPECT_NE(text.find("Part des femmes est calculé : Femmes / Bénéficiaires × 100"),
            std::string::npos);

  const ReportTable* chapters = TableAfter(doc, "Crédits par chapitre");
  ASSERT_NE(chapters, nullptr);
  ASSERT_EQ(chapters->header.size(), 7u);
  EXPECT_EQ(chapters->header[1], "CE 2025");
  ASSERT_EQ(chapters->rows.size(), 3u);  // personnel, investissement, total
  EXPECT_EQ(chapters->rows[0][0].text, "Personnel");
  EXPECT_EQ(chapters->rows[1][0].text, "Investissement");
  EXPECT_TRUE(chapters->total_row);
  EXPECT_EQ(chapters->rows[2][1].text, "1\u00a0500\u00a0000");  // CE 2025
  EXPECT_EQ(chapters->rows[2][2].text, "1\u00a0000\u00a0000");  // CP 2025
  EXPECT_EQ(chapters->rows[2][3].text, "700\u00a0000");         // CE 2026

  const ReportTable* regions = TableAfter(doc, "Crédits par région");
  ASSERT_NE(regions, nullptr);
  ASSERT_EQ(regions->rows.size(), 3u);
  EXPECT_EQ(regions->rows[0][0].text, "Tanger-Tétouan-Al Hoceïma");
  EXPECT_EQ(regions->rows[1][0].text, "Services centraux");
}

TEST(ReportTest, RdpShowsAchievementMissingValuesExecutionAndExplainsGaps) {
  const ReportDoc doc = BuildRdp(Data(), 2025, Lang::kFr);
  EXPECT_EQ(doc.title, "Rapport de performance 2025");
  const std::string text = Flat(doc);
  // 150 against 200 from a baseline of 100: half way, flagged.
  EXPECT_NE(text.find("Bénéficiaires | personnes | 200 | 150 | 50,0\u00a0%[!]"), std::string::npos)
      << text;
  // A formula with a missing input stays missing, and says why.
  EXPECT_NE(text.find("Part des femmes | % | 40 | donnée d'entrée manquante[!] | — |"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Bénéficiaires : réalisé 150 pour une cible de 200 (50,0\u00a0%). "
                      "Explication : Recrutement retardé"),
            std::string::npos);
  EXPECT_NE(text.find("Part des femmes : aucune valeur pour 2025 (donnée d'entrée manquante). "
                      "Aucune explication saisie."),
            std::string::npos);

  const ReportTable* chapters = TableAfter(doc, "Par chapitre");
  ASSERT_NE(chapters, nullptr);
  ASSERT_EQ(chapters->rows.size(), 3u);
  // Personnel: 900 000 committed of 1 000 000 (90 %), 600 000 paid of 800 000 (75 %).
  EXPECT_EQ(chapters->rows[0][2].text, "900\u00a0000");
  EXPECT_EQ(chapters->rows[0][3].text, "90,0\u00a0%");
  EXPECT_EQ(chapters->rows[0][6].text, "75,0\u00a0%");
  // Investment reported no execution: said so, never 0.
  EXPECT_EQ(chapters->rows[1][2].text, "non déclaré");
  EXPECT_TRUE(chapters->rows[1][2].flagged);
  // The total counts what was reported.
  EXPECT_EQ(chapters->rows[2][1].text, "1\u00a0500\u00a0000");
  EXPECT_EQ(chapters->rows[2][2].text, "900\u00a0000");
}

TEST(ReportTest, ArabicReportsAreRightToLeftWithArabicTitles) {
  const ReportDoc pdp = BuildPdp(Data(), Lang::kAr);
  EXPECT_EQ(pdp.title, "مشروع نجاعة الأداء من 2025 إلى 2027");
  EXPECT_EQ(pdp.file_stem, "pdp-p1-2025-ar");
  const std::string html = RenderHtml(pdp);
  EXPECT_NE(html.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  const ReportDoc rdp = BuildRdp(Data(), 2025, Lang::kAr);
  EXPECT_EQ(rdp.title, "تقرير نجاعة الأداء 2025");
  EXPECT_NE(Flat(rdp).find("طنجة تطوان الحسيمة"), std::string::npos);
  EXPECT_EQ(Flat(rdp).find("الشرق"), std::string::npos);  // no line in the Oriental
}

TEST(ReportTest, HtmlEscapesEveryText) {
  ReportData d = Data();
  d.dashboard.framework.responsible = "<script>alert(1)</script> & \"co\"";
  const std::string html = RenderHtml(BuildPdp(d, Lang::kFr));
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"),
            std::string::npos);
  EXPECT_NE(html.find("Accompagnement &lt;démo&gt;"), std::string::npos);
}

// The service: which version, which year, and the refusals.
class FakePdf final : public PdfRenderer {
 public:
  absl::StatusOr<std::string> Render(const ReportDoc& doc) override { return "%PDF " + doc.title; }
};

class ReportServiceTest : public ::testing::Test {
 protected:
  ReportServiceTest() {
    frameworks_.Add(Known());
    budget_.Add({.id = 1, .first_year = 2024, .state = "adopted"}, {});
    budget_.Add({.id = 2, .first_year = 2025, .state = "adopted"}, Lines());
    budget_.Add({.id = 3, .first_year = 2026, .state = "draft", .based_on = 2}, {});
  }
  MemoryPerformanceStore frameworks_;
  PerformanceService performance_{frameworks_};
  MemoryProgrammingStore budget_;
  ProgrammingService programming_{budget_};
  FakePdf pdf_;
  ReportService reports_{performance_, programming_, pdf_};
};

TEST_F(ReportServiceTest, UsesTheLatestAdoptedVersionAndTheLatestYearWithExecution) {
  auto html = reports_.Make({.programme = "p1", .kind = "rdp", .today = "2026-12-05"});
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_EQ(html->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(html->file_name, "rdp-p1-2025-fr.html");
  EXPECT_NE(html->body.find("Rapport de performance 2025"), std::string::npos);
  auto pdf = reports_.Make({.programme = "p1", .kind = "pdp", .format = "pdf", .lang = Lang::kAr});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(pdf->content_type, "application/pdf");
  EXPECT_EQ(pdf->file_name, "pdp-p1-2025-ar.pdf");
  EXPECT_EQ(pdf->body, "%PDF مشروع نجاعة الأداء من 2025 إلى 2027");
}

TEST_F(ReportServiceTest, AnRdpFindsTheVersionThatReportsExecution) {
  // A newer adopted version without execution yet: the PdP is its, the RdP
  // stays on the version where execution was reported, unless a year says otherwise.
  budget_.Add({.id = 4, .first_year = 2026, .state = "adopted", .based_on = 2},
              {{.key = {"p1", "MA-01", "", "PERSONNEL", 2026}, .ce = 10, .cp = 10}});
  auto pdp = reports_.Make({.programme = "p1", .kind = "pdp"});
  ASSERT_TRUE(pdp.ok()) << pdp.status();
  EXPECT_EQ(pdp->file_name, "pdp-p1-2026-fr.html");
  auto rdp = reports_.Make({.programme = "p1", .kind = "rdp"});
  ASSERT_TRUE(rdp.ok()) << rdp.status();
  EXPECT_EQ(rdp->file_name, "rdp-p1-2025-fr.html");
  auto later = reports_.Make({.programme = "p1", .kind = "rdp", .year = 2028});
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_NE(later->body.find("version 4"), std::string::npos);
  auto none = reports_.Make({.programme = "p1", .kind = "rdp", .year = 2031});
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ReportServiceTest, DraftsOnlyForThoseWhoSeeThem) {
  auto hidden = reports_.Make({.programme = "p1", .kind = "pdp", .version = 3});
  EXPECT_EQ(hidden.status().code(), absl::StatusCode::kNotFound);
  auto seen = reports_.Make({.programme = "p1", .kind = "pdp", .version = 3, .drafts = true});
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_NE(seen->body.find("version 3 (projet)"), std::string::npos);
}

TEST_F(ReportServiceTest, RefusesWhatCannotBeMade) {
  auto bad = reports_.Make({.programme = "p1", .kind = "budget", .format = "docx", .version = -1});
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : core::FieldViolations(bad.status())) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"kind", "format", "version"}));
  auto year = reports_.Make({.programme = "p1", .kind = "rdp", .version = 2, .year = 2030});
  ASSERT_EQ(year.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(core::FieldViolations(year.status())[0].description.fr,
            "doit être compris entre 2025 et 2027");
  EXPECT_EQ(reports_.Make({.programme = "nope", .kind = "pdp"}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(reports_.Make({.programme = "../x", .kind = "pdp"}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ReportServiceNoAdoptedTest, SaysNoVersionIsAdoptedYet) {
  MemoryPerformanceStore frameworks;
  frameworks.Add(Known());
  PerformanceService performance(frameworks);
  MemoryProgrammingStore budget;
  budget.Add({.id = 1, .first_year = 2025, .state = "draft"}, {});
  ProgrammingService programming(budget);
  FakePdf pdf;
  ReportService reports(performance, programming, pdf);
  auto s = reports.Make({.programme = "p1", .kind = "pdp"});
  EXPECT_EQ(s.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(core::MessageIn(s.status(), Lang::kFr).find("aucune version"), std::string::npos);
}

}  // namespace
}  // namespace atlas::indicators
