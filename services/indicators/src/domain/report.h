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
#include "atlas/report/document.h"
#include "indicators/domain/performance_service.h"
#include "indicators/domain/programming.h"

namespace atlas::indicators {

// The document types are the platform's (libs/report), shared with the
// registry's project sheet.
using report::PdfRenderer;
using report::ReportBlock;
using report::ReportCell;
using report::ReportDoc;
using report::ReportTable;

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

using report::FormatNumber;
using report::FormatPercent;

// The 12 regions (ISO 3166-2:MA) and central services; the three chapters.
std::string RegionName(const std::string& code, core::Lang lang);
std::string ChapterName(const std::string& code, core::Lang lang);

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_REPORT_H_
