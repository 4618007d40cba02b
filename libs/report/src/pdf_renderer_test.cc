// The PDF renderer, read back by a program someone else wrote: poppler's
// pdftotext must find the French and Arabic titles and figures, in logical
// order, in the PDFs the bundled fonts make.
#include "atlas/report/pdf_renderer.h"

#include <unistd.h>

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace atlas::report {
namespace {

// pdftotext's text of `pdf` (UTF-8), with no-break spaces as spaces and
// without the bidi embedding marks it wraps right-to-left lines and numbers
// in (U+202A…U+202E).
std::string PdfText(const std::string& pdf) {
  char path[] = "/tmp/atlas-report-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path, std::ios::binary) << pdf;
  const std::string command = std::string("pdftotext -q -enc UTF-8 ") + path + " -";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  char buf[4096];
  size_t n = 0;
  while (pipe && (n = fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  unlink(path);
  for (size_t at = 0; (at = out.find("\u00a0", at)) != std::string::npos;) out.replace(at, 2, " ");
  for (const char* mark : {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}) {
    for (size_t at = 0; (at = out.find(mark, at)) != std::string::npos;) out.erase(at, 3);
  }
  return out;
}

// True if `parts` occur in `text` in this order.
bool InOrder(const std::string& text, const std::vector<std::string>& parts) {
  size_t at = 0;
  for (const std::string& p : parts) {
    at = text.find(p, at);
    if (at == std::string::npos) return false;
    at += p.size();
  }
  return true;
}

// The PDF's content streams, inflated.
std::string Inflated(const std::string& pdf) {
  std::string out;
  for (size_t at = 0; (at = pdf.find("stream\n", at)) != std::string::npos;) {
    at += 7;
    const size_t end = pdf.find("endstream", at);
    if (end == std::string::npos) break;
    std::string buf(1 << 20, '\0');
    uLongf size = buf.size();
    if (uncompress(reinterpret_cast<Bytef*>(buf.data()), &size,
                   reinterpret_cast<const Bytef*>(pdf.data() + at), end - at) == Z_OK) {
      out.append(buf.data(), size);
    }
    at = end;
  }
  return out;
}

ReportDoc Doc(core::Lang lang) {
  const bool ar = lang == core::Lang::kAr;
  ReportDoc doc;
  doc.lang = lang;
  doc.title = ar ? "مشروع نجاعة الأداء من 2025 إلى 2027" : "Projet de performance 2025–2027";
  doc.subtitle = ar ? "البرنامج D101: مواكبة مغاربة العالم" : "Programme D101 : Accompagnement";
  doc.demo_notice = ar ? "بيانات تجريبية" : "Données de démonstration";
  doc.footer = "Sharaka Atlas";
  doc.blocks.push_back({.kind = ReportBlock::Kind::kHeading,
                        .text = ar ? "الاعتمادات حسب الفصل" : "Crédits par chapitre"});
  ReportTable t{.header = {ar ? "الفصل" : "Chapitre", "CE 2025", "CP 2025"}};
  for (int i = 0; i < 90; ++i) {  // long enough to break across pages
    t.rows.push_back({{.text = (ar ? "الموظفون " : "Personnel ") + std::to_string(i)},
                      {.text = FormatNumber(1'234'567 + i, 0, lang), .number = true},
                      {.text = FormatNumber(987'654, 0, lang), .number = true}});
  }
  t.rows.push_back({{.text = ar ? "المجموع" : "Total"},
                    {.text = FormatNumber(111'213'141, 0, lang), .number = true},
                    {.text = "non déclaré", .flagged = true}});
  t.total_row = true;
  doc.blocks.push_back({.kind = ReportBlock::Kind::kTable, .table = t});
  return doc;
}

TEST(PdfRendererTest, FrenchTextAndFiguresAreExtractable) {
  PangoPdfRenderer renderer(DefaultFontsDir());
  ASSERT_TRUE(renderer.Ready().ok()) << renderer.Ready();
  absl::StatusOr<std::string> pdf = renderer.Render(Doc(core::Lang::kFr));
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("Projet de performance 2025–2027"), std::string::npos) << text;
  EXPECT_NE(text.find("Crédits par chapitre"), std::string::npos);
  EXPECT_NE(text.find("1 234 567"), std::string::npos);
  EXPECT_NE(text.find("111 213 141"), std::string::npos);
  // The table broke across pages: the header again, the demo notice and
  // "page / pages" on every page.
  const auto pages = std::count(text.begin(), text.end(), '\f');
  ASSERT_GE(pages, 2);
  const size_t second = text.find('\f') + 1;
  EXPECT_NE(text.find("CE 2025", second), std::string::npos);
  EXPECT_NE(text.find("Données de démonstration", second), std::string::npos);
  std::string compact = text;  // pdftotext reads "1 / 3" at 7.5 pt as "1/3"
  std::erase(compact, ' ');
  for (int p = 1; p <= pages; ++p) {
    const std::string number = std::to_string(p) + "/" + std::to_string(pages);
    EXPECT_NE(compact.find(number), std::string::npos) << number;
  }
}

TEST(PdfRendererTest, ArabicIsShapedRightToLeftAndReadsInLogicalOrder) {
  PangoPdfRenderer renderer(DefaultFontsDir());
  absl::StatusOr<std::string> pdf = renderer.Render(Doc(core::Lang::kAr));
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const std::string text = PdfText(*pdf);
  // Logical order: the shaped letters read back as the words typed, the
  // years in reading order, the figures whole.
  EXPECT_NE(text.find("مشروع نجاعة"), std::string::npos) << text;
  EXPECT_TRUE(InOrder(text, {"مشروع نجاعة", "من", "2025", "2027"}));
  EXPECT_NE(text.find("حسب الفصل"), std::string::npos);
  EXPECT_NE(text.find("البرنامج"), std::string::npos);
  EXPECT_NE(text.find("مواكبة مغاربة العالم"), std::string::npos);
  EXPECT_NE(text.find("بيانات تجريبية"), std::string::npos);
  EXPECT_NE(text.find("1 234 567"), std::string::npos);
  EXPECT_NE(text.find("111 213 141"), std::string::npos);
  // A lam-alef ligature is one glyph for two letters: the PDF carries them in
  // logical order as /ActualText (lam U+0644, then alef with hamza U+0623).
  // pdftotext 22.12 prints the two swapped ("األداء"; lam + alef maqsura
  // too), as it does for Chromium's PDF of the same page; so those letters
  // are checked in the file, and the words above avoid these ligatures.
  EXPECT_NE(Inflated(*pdf).find("/ActualText <feff06440623>"), std::string::npos);
}

TEST(PdfRendererTest, WithoutFontsItSaysSoInsteadOfGuessing) {
  PangoPdfRenderer renderer("/nonexistent/fonts");
  EXPECT_EQ(renderer.Ready().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(renderer.Render(Doc(core::Lang::kFr)).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace atlas::report
