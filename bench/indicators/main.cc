// atlas-indicators on a programming the size of the whole state after the
// LOF reform (benchmark data, generated, demo): 131 programmes, 400
// objectives, 800 indicators, 12 regions + central, 5 000 actions, 3
// chapters, 3 years, CE and CP — 45 000 lines per version. Version 1
// (2025–2027, adopted) and version 2 (its roll, 2026–2028, with one line in
// twenty changed, adopted). Through ProgrammingService on an in-memory store
// (adopted versions are served from its cache, as in the service):
//   roll  — indicators::Roll of version 1 (the lines the roll writes);
//   diff  — ProgrammingService::Compare(1, 2);
//   totals — the programme × region × year totals of version 1.
// And the PdP of one programme as PDF (Pango/Cairo, bundled fonts) in French
// and Arabic, with its HTML written for the Chromium peer.
// Writes STATE/v1.csv and STATE/v2.csv for PostgreSQL, STATE/pdp-{fr,ar}.html;
// prints one JSON line of medians in ms.
//   atlas-bench-indicators STATE RUNS
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "indicators/domain/memory_performance_store.h"
#include "indicators/domain/memory_programming_store.h"
#include "indicators/domain/programming_service.h"
#include "indicators/domain/report.h"
#include "indicators/render/pdf_renderer.h"

namespace {

using namespace atlas::indicators;
using Clock = std::chrono::steady_clock;

constexpr int kProgrammes = 131, kObjectives = 400, kIndicators = 800, kActions = 5000;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename Fn>
double TimeMs(int runs, Fn&& fn) {
  std::vector<double> ms;
  fn();  // warm-up
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return Median(ms);
}

std::string Programme(int p) { return "bench-" + std::to_string(100 + p); }

std::string Region(int i) {
  if (i == 12) return "central";
  char code[8];
  std::snprintf(code, sizeof code, "MA-%02d", i + 1);
  return code;
}

// Version 1: every action has a line per chapter and year in its region.
std::vector<BudgetLine> Version1() {
  std::mt19937 rng(13013);
  std::uniform_int_distribution<int> amount(1, 5000);
  std::vector<BudgetLine> out;
  out.reserve(kActions * 9);
  for (int a = 0; a < kActions; ++a) {
    const int p = a % kProgrammes;
    const std::string action = Programme(p) + "-a" + std::to_string(a);
    const std::string region = Region(a % 13);
    for (const char* chapter : kChapters) {
      for (int y = 2025; y <= 2027; ++y) {
        const int64_t ce = int64_t{amount(rng)} * 1000;
        out.push_back({.key = {Programme(p), region, action, chapter, y},
                       .ce = ce,
                       .cp = ce * amount(rng) / 5000});
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const BudgetLine& x, const BudgetLine& y) { return x.key < y.key; });
  return out;
}

void WriteCsv(const std::string& path, int version, const std::vector<BudgetLine>& lines) {
  std::ofstream out(path);
  for (const BudgetLine& l : lines) {
    out << version << ',' << l.key.programme << ',' << l.key.region << ',' << l.key.action << ','
        << l.key.chapter << ',' << l.key.year << ',' << l.ce << ',' << l.cp << '\n';
  }
}

// One programme's framework: its share of the 400 objectives and 800 indicators.
Framework BenchFramework() {
  Framework f{.programme = Programme(0),
              .code = "B100",
              .title = {.en = "Benchmark programme (demo)",
                        .fr = "Programme de banc d'essai (démo)",
                        .ar = "برنامج اختبار الأداء (تجريبي)"},
              .responsible = "Responsable (démo)",
              .strategy = {.en = "Benchmark data.",
                           .fr = "Données de banc d'essai, générées.",
                           .ar = "بيانات اختبار مولدة."},
              .demo = true};
  const int objectives = (kObjectives + kProgrammes - 1) / kProgrammes;  // 4
  const int per = kIndicators / kObjectives;                             // 2
  for (int o = 0; o < objectives; ++o) {
    Objective obj{
        .id = "o" + std::to_string(o),
        .title = {.en = "Objective", .fr = "Objectif de démonstration", .ar = "هدف تجريبي"}};
    for (int i = 0; i < per; ++i) {
      Indicator ind{.id = obj.id + "-i" + std::to_string(i),
                    .objective = obj.id,
                    .title = {.en = "Indicator",
                              .fr = "Bénéficiaires des services (démo)",
                              .ar = "المستفيدون من الخدمات (تجريبي)"},
                    .unit = "persons",
                    .source = "Données générées (banc d'essai)",
                    .baseline_year = 2022,
                    .baseline = 1000,
                    .targets = {{2025, 1500}, {2026, 1700}, {2027, 1900}}};
      for (int y = 2022; y <= 2025; ++y) {
        ind.measurements.push_back({.year = y, .value = 1000.0 + 120 * (y - 2022), .source = "s"});
      }
      obj.indicators.push_back(ind.id);
      f.indicators.push_back(std::move(ind));
    }
    f.objectives.push_back(std::move(obj));
  }
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s STATE RUNS\n", argv[0]);
    return 2;
  }
  const std::string state = argv[1];
  const int runs = std::max(1, std::atoi(argv[2]));

  const std::vector<BudgetLine> v1 = Version1();
  const ProgrammingVersion version1{.id = 1, .first_year = 2025, .state = "adopted"};
  std::vector<BudgetLine> v2 = Roll(version1, v1);
  for (size_t i = 0; i < v2.size(); i += 20) v2[i].ce += 1000;  // one line in twenty changed
  WriteCsv(state + "/v1.csv", 1, v1);
  WriteCsv(state + "/v2.csv", 2, v2);

  MemoryProgrammingStore store;
  store.Add(version1, v1);
  store.Add({.id = 2, .first_year = 2026, .state = "adopted", .based_on = 1}, v2);
  ProgrammingService service(store);

  size_t rolled = 0, changes = 0, groups = 0;
  const double roll_ms = TimeMs(runs, [&] { rolled = Roll(version1, v1).size(); });
  const double diff_ms = TimeMs(runs, [&] { changes = service.Compare(1, 2, false)->size(); });
  const double totals_ms =
      TimeMs(runs, [&] { groups = TotalsByProgrammeRegion(*service.Lines(1, "", false)).size(); });

  // The PdP of one programme: its framework and its lines of version 1.
  MemoryPerformanceStore frameworks;
  frameworks.Add(BenchFramework());
  PerformanceService performance(frameworks);
  ReportData data{.dashboard = *performance.Get(Programme(0)),
                  .version = version1,
                  .lines = *service.Lines(1, Programme(0), false),
                  .generated = "2026-12-05"};
  PangoPdfRenderer pdf(DefaultFontsDir());
  if (!pdf.Ready().ok()) {
    std::fprintf(stderr, "%s\n", pdf.Ready().ToString().c_str());
    return 1;
  }
  double pdf_ms[2] = {0, 0};
  size_t pdf_bytes[2] = {0, 0};
  const atlas::core::Lang langs[2] = {atlas::core::Lang::kFr, atlas::core::Lang::kAr};
  for (int k = 0; k < 2; ++k) {
    const ReportDoc doc = BuildPdp(data, langs[k]);
    std::ofstream(state + "/pdp-" + (k == 0 ? "fr" : "ar") + ".html") << RenderHtml(doc);
    std::ofstream(state + "/pdp-" + (k == 0 ? "fr" : "ar") + ".pdf") << *pdf.Render(doc);
    pdf_ms[k] = TimeMs(runs, [&] { pdf_bytes[k] = pdf.Render(BuildPdp(data, langs[k]))->size(); });
  }
  std::printf(
      "{\"lines\": %zu, \"rolled\": %zu, \"changes\": %zu, \"groups\": %zu, "
      "\"roll_ms\": %.3f, \"diff_ms\": %.3f, \"totals_ms\": %.3f, "
      "\"pdf_fr_ms\": %.2f, \"pdf_ar_ms\": %.2f, \"pdf_fr_bytes\": %zu, \"pdf_ar_bytes\": %zu}\n",
      v1.size(), rolled, changes, groups, roll_ms, diff_ms, totals_ms, pdf_ms[0], pdf_ms[1],
      pdf_bytes[0], pdf_bytes[1]);
  return 0;
}
