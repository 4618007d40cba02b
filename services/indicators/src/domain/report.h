// The performance reports of a programme under LOF 130-13, made from the
// data: the performance project (PdP — strategy, objectives, indicators with
// their targets, credits by chapter and region for the three years of a
// programming version) and the performance report (RdP — achieved against
// targets for one year, execution rates, explanations of the gaps). A report
// is first a language-bound document (headings, paragraphs, tables); HTML is
// rendered here, PDF by a renderer behind the PdfRenderer port. Pure: no
// transport, no SQL, no clock (the caller says when it was generated).
#ifndef ATLAS_INDICATORS_DOMAIN_REPORT_H_
#define ATLAS_INDICATORS_DOMAIN_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "indicators/domain/performance_service.h"
#include "indicators/domain/programming.h"

namespace atlas::indicators {

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

struct ReportBlock {
  enum class Kind { kHeading, kSubheading, kParagraph, kNote, kTable };
  Kind kind = Kind::kParagraph;
  std::string text = {};
  ReportTable table = {};
};

struct ReportDoc {
  core::Lang lang = core::Lang::kFr;
  std::string title = {};
  std::string subtitle = {};
  std::string demo_notice = {};  // non-empty for demo data: on every page
  std::vector<ReportBlock> blocks = {};
  std::string footer = {};
  std::string file_stem = {};  // e.g. "pdp-demo-101-2025-fr"
};

// What a report is made from: a programme's dashboard (framework and
// evaluated series), a programming version and the programme's lines in it.
struct ReportData {
  Dashboard dashboard = {};
  ProgrammingVersion version = {};
  std::vector<BudgetLine> lines = {};  // the programme's lines in `version`
  std::string generated = {};          // YYYY-MM-DD
};

ReportDoc BuildPdp(const ReportData& data, core::Lang lang);
// The RdP of `year` (a year of the version).
ReportDoc BuildRdp(const ReportData& data, int year, core::Lang lang);

// A standalone, printable HTML page (lang and dir set; every text escaped).
std::string RenderHtml(const ReportDoc& doc);

// Lays a report out as PDF (Pango/Cairo in render/; a fake in tests).
class PdfRenderer {
 public:
  virtual ~PdfRenderer() = default;
  virtual absl::StatusOr<std::string> Render(const ReportDoc& doc) = 0;
};

// Numbers as the language writes them: fr and ar group thousands with a
// no-break space and use a decimal comma (Western digits, as Moroccan
// administrative documents do); en uses 1,234.5.
std::string FormatNumber(double value, int decimals, core::Lang lang);
std::string FormatPercent(double ratio, core::Lang lang);  // 0.875 → "87,5 %"

// The 12 regions (ISO 3166-2:MA) and central services; the three chapters.
std::string RegionName(const std::string& code, core::Lang lang);
std::string ChapterName(const std::string& code, core::Lang lang);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_REPORT_H_
