// A printable document in one language — headings, paragraphs, notes,
// tables, vector figures — that services build from their data and a
// renderer lays out (PDF: atlas/report/pdf_renderer.h). Plain data: no
// layout, no I/O. Used by the indicators' PdP/RdP and the registry's project
// sheet.
#ifndef ATLAS_REPORT_DOCUMENT_H_
#define ATLAS_REPORT_DOCUMENT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"

namespace atlas::report {

struct ReportCell {
  std::string text = {};
  bool number = false;   // aligned to the end of the column, never wrapped
  bool flagged = false;  // missing, or off target: shown so it cannot be missed
};

struct ReportTable {
  std::vector<std::string> header = {};
  std::vector<std::vector<ReportCell>> rows = {};
  bool total_row = false;  // the last row sums the others (bold)
};

// A colour, 0-1 per channel.
struct Rgb {
  double r = 0, g = 0, b = 0;
};

// A drawing in a box of the content's width and `height` points: shapes in
// box coordinates (x, y from 0 to 1, y downwards). A right-to-left document
// mirrors a figure that says so (a timeline), never a map.
struct ReportShape {
  enum class Kind { kPolygon, kPolyline, kCircle, kText };
  Kind kind = Kind::kPolygon;
  std::vector<std::pair<double, double>> points = {};  // polygon/polyline; circle and text: [0]
  double radius = 0;                                   // circle, in points
  bool filled = true;
  Rgb fill = {};
  Rgb stroke = {};
  double line_width = 0.5;  // 0: no stroke
  std::string text = {};    // kText, drawn at points[0] (its start, top)
  double text_size = 7.5;
};

// The width a figure's box takes on the page (A4 less the margins), in points.
inline constexpr double kFigureWidth = 511.276;

struct ReportFigure {
  double height = 120;  // points
  bool mirror_in_rtl = false;
  std::string caption = {};  // said under it (and what a reader of the text gets)
  std::vector<ReportShape> shapes = {};
};

struct ReportBlock {
  enum class Kind { kHeading, kSubheading, kParagraph, kNote, kTable, kFigure };
  Kind kind = Kind::kParagraph;
  std::string text = {};
  ReportTable table = {};
  ReportFigure figure = {};
};

inline ReportBlock Heading(std::string text) {
  return {.kind = ReportBlock::Kind::kHeading, .text = std::move(text)};
}
inline ReportBlock Subheading(std::string text) {
  return {.kind = ReportBlock::Kind::kSubheading, .text = std::move(text)};
}
inline ReportBlock Paragraph(std::string text) {
  return {.kind = ReportBlock::Kind::kParagraph, .text = std::move(text)};
}
inline ReportBlock Note(std::string text) {
  return {.kind = ReportBlock::Kind::kNote, .text = std::move(text)};
}
inline ReportBlock TableBlock(ReportTable table) {
  return {.kind = ReportBlock::Kind::kTable, .table = std::move(table)};
}

struct ReportDoc {
  core::Lang lang = core::Lang::kFr;
  std::string title = {};
  std::string subtitle = {};
  std::string demo_notice = {};  // non-empty for demo data: on every page
  std::vector<ReportBlock> blocks = {};
  std::string footer = {};
  std::string file_stem = {};  // e.g. "pdp-demo-101-2025-fr"
};

// Numbers as the language writes them: fr and ar group thousands with a
// no-break space and use a decimal comma (Western digits, as Moroccan
// administrative documents do); en uses 1,234.5. Not finite: "—".
std::string FormatNumber(double value, int decimals, core::Lang lang);
std::string FormatPercent(double ratio, core::Lang lang);  // 0.875 → "87,5 %"

// Lays a document out as PDF (Pango/Cairo in pdf_renderer.h; a fake in tests).
class PdfRenderer {
 public:
  virtual ~PdfRenderer() = default;
  virtual absl::StatusOr<std::string> Render(const ReportDoc& doc) = 0;
};

}  // namespace atlas::report

#endif  // ATLAS_REPORT_DOCUMENT_H_
