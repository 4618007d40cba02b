// Making a programme's PdP or RdP on request: which version and year, the
// data gathered through the performance and programming services (so the
// same visibility rules hold: drafts only for analysts), then HTML or PDF.
#ifndef ATLAS_INDICATORS_DOMAIN_REPORT_SERVICE_H_
#define ATLAS_INDICATORS_DOMAIN_REPORT_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "atlas/core/i18n.h"
#include "indicators/domain/performance_service.h"
#include "indicators/domain/programming_service.h"
#include "indicators/domain/report.h"

namespace atlas::indicators {

struct ReportRequest {
  std::string programme = {};  // id
  std::string kind = {};       // pdp | rdp
  std::string format = {};     // html (default) | pdf
  int version = 0;             // 0: the latest adopted version
  int year = 0;                // RdP: 0 for the latest year with execution reported
  core::Lang lang = core::Lang::kFr;
  bool drafts = false;     // the caller may see draft versions
  std::string today = {};  // YYYY-MM-DD, printed in the footer
};

struct ReportFile {
  std::string content_type = {};
  std::string file_name = {};
  std::string body = {};
};

class ReportService final {
 public:
  ReportService(PerformanceService& performance, ProgrammingService& programming, PdfRenderer& pdf)
      : performance_(performance), programming_(programming), pdf_(pdf) {}

  // INVALID_ARGUMENT naming kind, format, version or year (a year outside
  // the version); NOT_FOUND for an unknown programme or version (or a draft
  // the caller may not see); FAILED_PRECONDITION when no version is adopted yet.
  absl::StatusOr<ReportFile> Make(const ReportRequest& request);

 private:
  PerformanceService& performance_;
  ProgrammingService& programming_;
  PdfRenderer& pdf_;
};

}  // namespace atlas::indicators

#endif  // ATLAS_INDICATORS_DOMAIN_REPORT_SERVICE_H_
