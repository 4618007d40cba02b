// PdP/RdP on request.
#include "indicators/domain/report_service.h"

#include <algorithm>

#include "atlas/core/status.h"
#include "atlas/core/texts.h"

namespace atlas::indicators {
namespace {

constexpr core::Text kNoAdopted = {
    "no programming version is adopted yet: ask for a draft version by its number",
    "aucune version de la programmation n'est encore adoptée : demandez une version projet par "
    "son numéro",
    "لم تعتمد أي نسخة من البرمجة بعد: اطلب نسخة مشروع برقمها"};

}  // namespace

absl::StatusOr<ReportFile> ReportService::Make(const ReportRequest& r) {
  std::vector<core::FieldViolation> bad;
  if (r.kind != "pdp" && r.kind != "rdp") {
    bad.push_back(core::Violation("kind", core::texts::kOneOf, {"pdp, rdp"}));
  }
  const std::string format = r.format.empty() ? "html" : r.format;
  if (format != "html" && format != "pdf") {
    bad.push_back(core::Violation("format", core::texts::kOneOf, {"html, pdf"}));
  }
  if (r.version < 0 || r.version > 1'000'000) {
    bad.push_back(core::Violation("version", core::texts::kBetween, {"0", "1000000"}));
  }
  if (r.year != 0 && (r.year < 2000 || r.year > 2100)) {
    bad.push_back(core::Violation("year", core::texts::kBetween, {"2000", "2100"}));
  }
  if (!bad.empty()) return core::InvalidFields(bad);

  ReportData data;
  data.generated = r.today;
  absl::StatusOr<Dashboard> dashboard = performance_.Get(r.programme);
  if (!dashboard.ok()) return dashboard.status();
  data.dashboard = *std::move(dashboard);

  // The version: the one asked for, else the latest adopted one — for an
  // RdP, the latest adopted one holding the year asked for, or with
  // execution reported for the programme.
  std::vector<ProgrammingVersion> candidates;
  if (r.version > 0) {
    absl::StatusOr<ProgrammingVersion> v = programming_.Version(r.version, r.drafts);
    if (!v.ok()) return v.status();
    candidates.push_back(*v);
  } else {
    absl::StatusOr<std::vector<ProgrammingVersion>> all = programming_.Versions(false);
    if (!all.ok()) return all.status();
    for (const ProgrammingVersion& v : *all) {
      if (v.state == "adopted") candidates.push_back(v);
    }
    if (candidates.empty()) return core::Error(absl::StatusCode::kFailedPrecondition, kNoAdopted);
    std::sort(candidates.begin(), candidates.end(),
              [](const ProgrammingVersion& a, const ProgrammingVersion& b) { return a.id > b.id; });
  }
  // Each candidate's lines for the programme, and its latest year with execution.
  auto load = [&](const ProgrammingVersion& v, int* executed) -> absl::Status {
    absl::StatusOr<std::vector<BudgetLine>> lines = programming_.Lines(v.id, r.programme, r.drafts);
    if (!lines.ok()) return lines.status();
    data.version = v;
    data.lines = *std::move(lines);
    *executed = 0;
    for (const BudgetLine& l : data.lines) {
      if (l.committed || l.paid) *executed = std::max(*executed, l.key.year);
    }
    return absl::OkStatus();
  };
  int year = r.year, executed = 0;
  const ProgrammingVersion* pick = &candidates.front();
  if (r.kind == "rdp" && r.year != 0) {
    for (const ProgrammingVersion& v : candidates) {
      if (r.year >= v.first_year && r.year <= v.first_year + 2) {
        pick = &v;
        break;
      }
    }
  } else if (r.kind == "rdp" && candidates.size() > 1) {
    for (const ProgrammingVersion& v : candidates) {
      if (absl::Status s = load(v, &executed); !s.ok()) return s;
      if (executed != 0) {
        pick = &v;
        break;
      }
    }
    if (executed == 0) pick = &candidates.front();  // none reported any: the latest
  }
  if (data.version.id != pick->id || data.lines.empty()) {
    if (absl::Status s = load(*pick, &executed); !s.ok()) return s;
  }
  if (r.kind == "rdp" && year == 0) year = executed != 0 ? executed : pick->first_year;
  const int first = data.version.first_year;
  if (r.kind == "rdp" && (year < first || year > first + 2)) {
    return core::InvalidFields({core::Violation(
        "year", core::texts::kBetween, {std::to_string(first), std::to_string(first + 2)})});
  }

  const ReportDoc doc = r.kind == "pdp" ? BuildPdp(data, r.lang) : BuildRdp(data, year, r.lang);
  ReportFile out;
  if (format == "html") {
    out.content_type = "text/html; charset=utf-8";
    out.file_name = doc.file_stem + ".html";
    out.body = RenderHtml(doc);
  } else {
    absl::StatusOr<std::string> pdf = pdf_.Render(doc);
    if (!pdf.ok()) return pdf.status();
    out.content_type = "application/pdf";
    out.file_name = doc.file_stem + ".pdf";
    out.body = *std::move(pdf);
  }
  return out;
}

}  // namespace atlas::indicators
