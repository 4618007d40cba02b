// The studies library: what a record must be, what an upload must be, and
// poppler read in a child with limits (the real pdftotext: poppler-utils).
#include "registry/domain/library.h"

#include <zlib.h>

#include "atlas/core/status.h"
#include "gtest/gtest.h"
#include "registry/store/pdf_text.h"

namespace atlas::registry {
namespace {

constexpr auto Fields = core::ViolatedFields;

// A PDF of `pages` pages that all draw the content stream `content`,
// optionally deflated.
std::string Pdf(const std::string& content, bool deflate = false, int pages = 1) {
  std::string stream = content;
  std::string filter;
  if (deflate) {
    uLongf size = compressBound(content.size());
    stream.assign(size, '\0');
    compress2(reinterpret_cast<Bytef*>(stream.data()), &size,
              reinterpret_cast<const Bytef*>(content.data()), content.size(), 9);
    stream.resize(size);
    filter = " /Filter /FlateDecode";
  }
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += std::to_string(5 + i) + " 0 R ";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      "<< /Length " + std::to_string(stream.size()) + filter + " >>\nstream\n" + stream +
          "\nendstream"};
  for (int i = 0; i < pages; ++i) {
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << "
        "/Font << /F1 3 0 R >> >> >>");
  }
  std::string out = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t o : offsets) {
    char line[32];
    snprintf(line, sizeof line, "%010zu 00000 n \n", o);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

v1::LibraryDocument Sample() {
  v1::LibraryDocument d;
  d.mutable_title()->set_fr("Étude sur les jeunes entrepreneurs MRE (démo)");
  d.mutable_abstract()->set_fr("Résumé.\nDeuxième ligne.");
  d.add_authors("Cabinet d'études (démo)");
  d.set_commissioned_by("Ministère (démo)");
  d.set_date("2025-06");
  d.set_kind(v1::STUDY);
  d.set_language("fr");
  d.set_access(v1::PUBLIC_DOCUMENT);
  d.add_region_codes("MA-02");
  d.add_projects("projects/00000000-0000-4000-8000-000000000001");
  d.add_datasets("datasets/undesa-2024");
  d.add_programmes("programmes/demo-101");
  d.add_evaluations(
      "projects/00000000-0000-4000-8000-000000000001/evaluations/"
      "00000000-0000-4000-8000-000000000002");
  return d;
}

TEST(LibraryTest, AValidRecordIsAccepted) {
  absl::Status s = ValidateDocument(Sample());
  EXPECT_TRUE(s.ok()) << s;
}

TEST(LibraryTest, EveryFieldIsChecked) {
  v1::LibraryDocument d = Sample();
  d.mutable_title()->set_fr("");
  d.mutable_abstract()->set_ar("<script>alert(1)</script>");
  d.set_date("2025-13");
  d.set_kind(v1::DOCUMENT_KIND_UNSPECIFIED);
  d.set_language("de");
  d.set_access(v1::DOCUMENT_ACCESS_UNSPECIFIED);
  d.add_region_codes("MA-99");
  d.add_projects("projects/not-a-uuid");
  d.add_datasets("datasets/Bad Id");
  d.add_evaluations("evaluations/1");
  absl::Status s = ValidateDocument(d);
  EXPECT_EQ(Fields(s),
            (std::vector<std::string>{"document.title.fr", "document.abstract.ar", "document.date",
                                      "document.kind", "document.language", "document.access",
                                      "document.projects[1]", "document.region_codes[1]",
                                      "document.datasets[1]", "document.evaluations[1]"}));
  EXPECT_NE(core::MessageIn(s, core::Lang::kAr).find("HTML"), std::string::npos);
}

TEST(LibraryTest, DownloadNamesAreSafe) {
  EXPECT_EQ(SafeFileName("étude 2025.pdf"), "tude_2025.pdf");
  EXPECT_EQ(SafeFileName("../../etc/passwd"), "etc_passwd.pdf");
  EXPECT_EQ(SafeFileName("a\"; filename=x.exe"), "a___filename_x.exe.pdf");
  EXPECT_EQ(SafeFileName(""), "document.pdf");
}

TEST(PdfTextTest, TheTextAndPagesOfARealPdf) {
  auto t = ExtractPdfText(
      Pdf("BT /F1 12 Tf 72 720 Td (Diagnostic des competences des MRE) Tj ET", true));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->pages, 1);
  EXPECT_NE(t->text.find("Diagnostic des competences des MRE"), std::string::npos) << t->text;
}

TEST(PdfTextTest, WhatIsNotAPdfIsRefusedNotCrashedOn) {
  EXPECT_FALSE(LooksLikePdf("PK\x03\x04 a zip"));
  EXPECT_TRUE(LooksLikePdf(Pdf("")));
  auto t = ExtractPdfText("%PDF-1.4\ngarbage, no objects, no trailer");
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PdfTextTest, ADecompressionBombStopsAtALimit) {
  // Lines of 500 characters at 1 pt on each of 200 pages sharing one
  // deflated stream: ~30 KiB that expand to ~10 MB of text (poppler reads
  // ~50 KB a page). The child's output cap (4 MiB, the default) ends it; the
  // caller gets a refusal.
  std::string page = "BT /F1 1 Tf 1.2 TL 20 780 Td ";
  const std::string line(500, 'x');
  for (int i = 0; i < 600; ++i) page += "(" + line + ") Tj T* ";
  page += "ET";
  const std::string bomb = Pdf(page, true, 200);
  ASSERT_LT(bomb.size(), size_t{64} << 10);
  auto small = ExtractPdfText(Pdf(page, true, 1));
  ASSERT_TRUE(small.ok()) << small.status();
  ASSERT_GT(small->text.size(), size_t{40000});  // one page: read whole
  auto t = ExtractPdfText(bomb);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument) << t.status();
}

TEST(PdfTextTest, AChildThatRunsTooLongIsKilled) {
  const auto begin = std::chrono::steady_clock::now();
  ChildResult r = RunChild({"sleep", "30"}, "", {.wall = std::chrono::milliseconds(300)});
  EXPECT_TRUE(r.over_limit);
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
  ChildResult ok = RunChild({"cat"}, "bonjour", {});
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(ok.output, "bonjour");
  EXPECT_EQ(RunChild({"/nonexistent/scanner"}, "x", {}).exit_code, 127);
}

}  // namespace
}  // namespace atlas::registry
