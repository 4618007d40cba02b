// PdP and RdP documents from the data, and their HTML.
#include "indicators/domain/report.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "atlas/core/text_formats.h"

namespace atlas::indicators {
namespace {

using report::Heading;
using report::Note;
using report::Paragraph;
using report::Subheading;
using report::TableBlock;

using core::Lang;
using core::Text;

std::string Say(const Text& text, Lang lang, const std::vector<std::string>& args = {}) {
  return core::Render(text, args).In(lang);
}

// --- vocabulary --------------------------------------------------------------

// Arabic writes a range of years with words ("من … إلى …"): two numbers
// around a dash are reordered in right-to-left text, and read back reversed.
constexpr Text kPdpTitle = {"Performance project {0}–{1}", "Projet de performance {0}–{1}",
                            "مشروع نجاعة الأداء من {0} إلى {1}"};
constexpr Text kRdpTitle = {"Performance report {0}", "Rapport de performance {0}",
                            "تقرير نجاعة الأداء {0}"};
constexpr Text kProgramme = {"Programme {0}: {1}", "Programme {0} : {1}", "البرنامج {0}: {1}"};
constexpr Text kVersion = {"Three-year budget programming {0}–{1}, version {2} ({3})",
                           "Programmation budgétaire triennale {0}–{1}, version {2} ({3})",
                           "البرمجة الميزانياتية لثلاث سنوات من {0} إلى {1}، النسخة {2} ({3})"};
constexpr Text kAdopted = {"adopted", "adoptée", "معتمدة"};
constexpr Text kDraft = {"draft", "projet", "مشروع"};
constexpr Text kDemo = {"Demo data — not the finance law's figures",
                        "Données de démonstration — ce ne sont pas les chiffres de la loi de "
                        "finances",
                        "بيانات تجريبية — ليست أرقام قانون المالية"};
constexpr Text kFooter = {"Sharaka Atlas — generated on {0} from programming version {1}",
                          "Sharaka Atlas — généré le {0} à partir de la version {1} de la "
                          "programmation",
                          "شراكة أطلس — أنشئ في {0} انطلاقا من النسخة {1} من البرمجة"};

constexpr Text kPresentation = {"1. The programme", "1. Présentation du programme",
                                "1. تقديم البرنامج"};
constexpr Text kResponsible = {"Programme manager: {0}", "Responsable du programme : {0}",
                               "مسؤول البرنامج: {0}"};
constexpr Text kNoStrategy = {"Strategy not written yet.", "Stratégie non renseignée.",
                              "لم تحرر الاستراتيجية بعد."};
constexpr Text kObjectives = {"2. Objectives and indicators", "2. Objectifs et indicateurs",
                              "2. الأهداف والمؤشرات"};
constexpr Text kObjective = {"Objective {0}: {1}", "Objectif {0} : {1}", "الهدف {0}: {1}"};
constexpr Text kIndicator = {"Indicator", "Indicateur", "المؤشر"};
constexpr Text kUnit = {"Unit", "Unité", "الوحدة"};
constexpr Text kBaseline = {"Baseline", "Référence", "القيمة المرجعية"};
constexpr Text kTarget = {"Target {0}", "Cible {0}", "المستهدف {0}"};
constexpr Text kSource = {"Source", "Source", "المصدر"};
constexpr Text kFormula = {"{0} is computed: {1}", "{0} est calculé : {1}", "{0} محسوب: {1}"};
constexpr Text kCreditsByChapter = {"3. Credits by chapter (MAD)", "3. Crédits par chapitre (MAD)",
                                    "3. الاعتمادات حسب الفصل (بالدرهم)"};
constexpr Text kCreditsByRegion = {"4. Credits by region (MAD)", "4. Crédits par région (MAD)",
                                   "4. الاعتمادات حسب الجهة (بالدرهم)"};
constexpr Text kChapter = {"Chapter", "Chapitre", "الفصل"};
constexpr Text kRegion = {"Region", "Région", "الجهة"};
constexpr Text kTotal = {"Total", "Total", "المجموع"};
constexpr Text kCreditsNote = {"CE: commitment credits; CP: payment credits.",
                               "CE : crédits d'engagement ; CP : crédits de paiement.",
                               "CE: اعتمادات الالتزام؛ CP: اعتمادات الأداء."};
constexpr Text kNoLines = {"No budget line in this version.",
                           "Aucune ligne budgétaire dans cette version.",
                           "لا يوجد أي سطر ميزانياتي في هذه النسخة."};

constexpr Text kResults = {"1. Indicator results {0}", "1. Résultats des indicateurs {0}",
                           "1. نتائج المؤشرات {0}"};
constexpr Text kAchieved = {"Achieved {0}", "Réalisé {0}", "المنجز {0}"};
constexpr Text kAchievement = {"Achievement", "Taux de réalisation", "نسبة الإنجاز"};
constexpr Text kTrend = {"Trend", "Tendance", "المنحى"};
constexpr Text kOnTrack = {"on track", "sur la trajectoire", "في المسار"};
constexpr Text kOffTrack = {"off track", "hors trajectoire", "خارج المسار"};
constexpr Text kProvisional = {"{0} (provisional)", "{0} (provisoire)", "{0} (مؤقت)"};
constexpr Text kExecution = {"2. Execution of the credits {0} (MAD)",
                             "2. Exécution des crédits {0} (MAD)",
                             "2. تنفيذ الاعتمادات {0} (بالدرهم)"};
constexpr Text kByChapter = {"By chapter", "Par chapitre", "حسب الفصل"};
constexpr Text kByRegion = {"By region", "Par région", "حسب الجهة"};
constexpr Text kCommitted = {"Committed", "Engagé", "الملتزم به"};
constexpr Text kPaid = {"Paid", "Payé", "المؤدى"};
constexpr Text kRate = {"Rate", "Taux", "النسبة"};
constexpr Text kNotReported = {"not reported", "non déclaré", "غير مصرح به"};
constexpr Text kGaps = {"3. Explanations of the gaps", "3. Explications des écarts",
                        "3. تفسير الفوارق"};
constexpr Text kGapValue = {"{0}: achieved {1} against a target of {2} ({3}).",
                            "{0} : réalisé {1} pour une cible de {2} ({3}).",
                            "{0}: المنجز {1} مقابل مستهدف {2} ({3})."};
constexpr Text kGapMissing = {"{0}: no value for {1} ({2}).", "{0} : aucune valeur pour {1} ({2}).",
                              "{0}: لا توجد قيمة لسنة {1} ({2})."};
constexpr Text kGapTrend = {"{0}: the trend of the values leads off the target of {1}.",
                            "{0} : la tendance des valeurs s'écarte de la cible de {1}.",
                            "{0}: منحى القيم يبتعد عن مستهدف {1}."};
constexpr Text kExplanation = {"Explanation: {0}", "Explication : {0}", "التفسير: {0}"};
constexpr Text kNoExplanation = {"No explanation recorded.", "Aucune explication saisie.",
                                 "لم يسجل أي تفسير."};
constexpr Text kNoGaps = {
    "Every indicator with a target for {0} reached at least {1} of it.",
    "Tous les indicateurs ayant une cible pour {0} en atteignent au moins {1}.",
    "بلغت كل المؤشرات التي لها مستهدف لسنة {0} ما لا يقل عن {1} منه."};

constexpr Text kNotMeasured = {"not measured", "non mesuré", "لم يقس"};
constexpr Text kNotAvailable = {"not available", "non disponible", "غير متوفر"};
constexpr Text kMissingInput = {"an input is missing", "donnée d'entrée manquante",
                                "معطى مدخل ناقص"};
constexpr Text kZeroDenominator = {"denominator is zero", "dénominateur nul", "المقام منعدم"};

const std::map<std::string, Text>& Units() {
  static const auto* units = new std::map<std::string, Text>{
      {"persons", {"persons", "personnes", "أشخاص"}},
      {"days", {"days", "jours", "أيام"}},
      {"projects", {"projects", "projets", "مشاريع"}},
      {"agreements", {"agreements", "conventions", "اتفاقيات"}},
      {"MAD", {"MAD", "MAD", "درهم"}},
  };
  return *units;
}

std::string UnitName(const std::string& unit, Lang lang) {
  auto it = Units().find(unit);
  return it == Units().end() ? unit : Say(it->second, lang);
}

std::string Missing(Basis b, Lang lang) {
  switch (b) {
    case Basis::kNotAvailable:
      return Say(kNotAvailable, lang);
    case Basis::kMissingInput:
      return Say(kMissingInput, lang);
    case Basis::kZeroDenominator:
      return Say(kZeroDenominator, lang);
    case Basis::kMeasured:
    case Basis::kComputed:
    case Basis::kNotMeasured:
      break;
  }
  return Say(kNotMeasured, lang);
}

std::string Value(double v, Lang lang) { return FormatNumber(v, v == std::floor(v) ? 0 : 1, lang); }

std::string Amount(int64_t mad, Lang lang) {
  return FormatNumber(static_cast<double>(mad), 0, lang);
}

ReportCell Num(std::string text) { return {.text = std::move(text), .number = true}; }
ReportCell Flag(std::string text) { return {.text = std::move(text), .flagged = true}; }

const char* LangTag(Lang lang) { return core::LanguageTag(lang); }

// Title, subtitle, demo notice, footer: shared by both reports.
ReportDoc Frame(const ReportData& data, std::string title, const std::string& kind, int year,
                Lang lang) {
  const Framework& f = data.dashboard.framework;
  const ProgrammingVersion& v = data.version;
  ReportDoc doc;
  doc.lang = lang;
  doc.title = std::move(title);
  doc.subtitle = Say(kProgramme, lang, {f.code, f.title.In(lang)}) + "\n" +
                 Say(kVersion, lang,
                     {std::to_string(v.first_year), std::to_string(v.first_year + 2),
                      std::to_string(v.id), Say(v.state == "adopted" ? kAdopted : kDraft, lang)});
  if (f.demo) doc.demo_notice = Say(kDemo, lang);
  doc.footer = Say(kFooter, lang, {data.generated, std::to_string(v.id)});
  doc.file_stem = kind + "-" + f.programme + "-" + std::to_string(year) + "-" + LangTag(lang);
  return doc;
}

struct Exec {
  int64_t ce = 0, cp = 0;
  std::optional<int64_t> committed, paid;  // none: no line reported it
};

void Add(Exec& e, const BudgetLine& l) {
  e.ce += l.ce;
  e.cp += l.cp;
  if (l.committed) e.committed = e.committed.value_or(0) + *l.committed;
  if (l.paid) e.paid = e.paid.value_or(0) + *l.paid;
}

std::vector<std::string> RegionOrder() {
  std::vector<std::string> out;
  for (int i = 1; i <= 12; ++i) {
    char code[8];
    std::snprintf(code, sizeof code, "MA-%02d", i);
    out.emplace_back(code);
  }
  out.emplace_back("central");
  return out;
}

std::vector<std::string> ChapterOrder() { return {std::begin(kChapters), std::end(kChapters)}; }

// Rows of `order` (those with lines) × the version's years, CE and CP each,
// and a total row.
ReportTable CreditsTable(const ReportData& data, const std::vector<std::string>& order,
                         bool by_region, const Text& first, Lang lang) {
  const int n = data.version.first_year;
  std::map<std::pair<std::string, int>, Exec> cells;
  std::map<int, Exec> totals;
  for (const BudgetLine& l : data.lines) {
    Add(cells[{by_region ? l.key.region : l.key.chapter, l.key.year}], l);
    Add(totals[l.key.year], l);
  }
  ReportTable t;
  t.header.push_back(Say(first, lang));
  for (int y = n; y < n + 3; ++y) {
    t.header.push_back("CE " + std::to_string(y));
    t.header.push_back("CP " + std::to_string(y));
  }
  for (const std::string& key : order) {
    bool any = false;
    for (int y = n; y < n + 3; ++y) any = any || cells.contains({key, y});
    if (!any) continue;
    std::vector<ReportCell> row = {
        {.text = by_region ? RegionName(key, lang) : ChapterName(key, lang)}};
    for (int y = n; y < n + 3; ++y) {
      const Exec& e = cells[{key, y}];
      row.push_back(Num(Amount(e.ce, lang)));
      row.push_back(Num(Amount(e.cp, lang)));
    }
    t.rows.push_back(std::move(row));
  }
  std::vector<ReportCell> total = {{.text = Say(kTotal, lang)}};
  for (int y = n; y < n + 3; ++y) {
    total.push_back(Num(Amount(totals[y].ce, lang)));
    total.push_back(Num(Amount(totals[y].cp, lang)));
  }
  t.rows.push_back(std::move(total));
  t.total_row = true;
  return t;
}

ReportCell Rate(std::optional<int64_t> done, int64_t planned, Lang lang) {
  if (!done) return Flag(Say(kNotReported, lang));
  if (planned == 0) return Num("—");
  return Num(FormatPercent(static_cast<double>(*done) / static_cast<double>(planned), lang));
}

ReportCell Done(std::optional<int64_t> v, Lang lang) {
  return v ? Num(Amount(*v, lang)) : Flag(Say(kNotReported, lang));
}

// Execution of `year` by chapter or region: CE, committed, rate, CP, paid, rate.
ReportTable ExecutionTable(const ReportData& data, int year, const std::vector<std::string>& order,
                           bool by_region, const Text& first, Lang lang) {
  std::map<std::string, Exec> cells;
  Exec total;
  for (const BudgetLine& l : data.lines) {
    if (l.key.year != year) continue;
    Add(cells[by_region ? l.key.region : l.key.chapter], l);
    Add(total, l);
  }
  ReportTable t;
  t.header = {Say(first, lang), "CE", Say(kCommitted, lang),
              Say(kRate, lang), "CP", Say(kPaid, lang),
              Say(kRate, lang)};
  auto row = [&](std::string label, const Exec& e) {
    return std::vector<ReportCell>{{.text = std::move(label)}, Num(Amount(e.ce, lang)),
                                   Done(e.committed, lang),    Rate(e.committed, e.ce, lang),
                                   Num(Amount(e.cp, lang)),    Done(e.paid, lang),
                                   Rate(e.paid, e.cp, lang)};
  };
  for (const std::string& key : order) {
    auto it = cells.find(key);
    if (it == cells.end()) continue;
    t.rows.push_back(row(by_region ? RegionName(key, lang) : ChapterName(key, lang), it->second));
  }
  t.rows.push_back(row(Say(kTotal, lang), total));
  t.total_row = true;
  return t;
}

std::string Title(const Framework& f, const std::string& id, Lang lang) {
  for (const Indicator& i : f.indicators) {
    if (i.id == id) return i.title.In(lang);
  }
  return id;
}

// The national measurement of `year`, if any (its comment explains a gap).
const Measurement* National(const Indicator& i, int year) {
  for (const Measurement& m : i.measurements) {
    if (m.year == year && m.region.empty() && m.sex == "_T") return &m;
  }
  return nullptr;
}

}  // namespace

std::string RegionName(const std::string& code, Lang lang) {
  static const auto* names = new std::map<std::string, Text>{
      {"MA-01", {"Tanger-Tetouan-Al Hoceima", "Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة"}},
      {"MA-02", {"Oriental", "L'Oriental", "الشرق"}},
      {"MA-03", {"Fes-Meknes", "Fès-Meknès", "فاس مكناس"}},
      {"MA-04", {"Rabat-Sale-Kenitra", "Rabat-Salé-Kénitra", "الرباط سلا القنيطرة"}},
      {"MA-05", {"Beni Mellal-Khenifra", "Béni Mellal-Khénifra", "بني ملال خنيفرة"}},
      {"MA-06", {"Casablanca-Settat", "Casablanca-Settat", "الدار البيضاء سطات"}},
      {"MA-07", {"Marrakech-Safi", "Marrakech-Safi", "مراكش آسفي"}},
      {"MA-08", {"Draa-Tafilalet", "Drâa-Tafilalet", "درعة تافيلالت"}},
      {"MA-09", {"Souss-Massa", "Souss-Massa", "سوس ماسة"}},
      {"MA-10", {"Guelmim-Oued Noun", "Guelmim-Oued Noun", "كلميم واد نون"}},
      {"MA-11", {"Laayoune-Sakia El Hamra", "Laâyoune-Sakia El Hamra", "العيون الساقية الحمراء"}},
      {"MA-12", {"Dakhla-Oued Ed-Dahab", "Dakhla-Oued Ed-Dahab", "الداخلة وادي الذهب"}},
      {"central", {"Central services", "Services centraux", "المصالح المركزية"}},
  };
  auto it = names->find(code);
  return it == names->end() ? code : Say(it->second, lang);
}

std::string ChapterName(const std::string& code, Lang lang) {
  static const auto* names = new std::map<std::string, Text>{
      {"PERSONNEL", {"Personnel", "Personnel", "الموظفون"}},
      {"MDD",
       {"Equipment and sundry expenses", "Matériel et dépenses diverses",
        "المعدات والنفقات المختلفة"}},
      {"INVESTISSEMENT", {"Investment", "Investissement", "الاستثمار"}},
  };
  auto it = names->find(code);
  return it == names->end() ? code : Say(it->second, lang);
}

ReportDoc BuildPdp(const ReportData& data, Lang lang) {
  const Framework& f = data.dashboard.framework;
  const int n = data.version.first_year;
  ReportDoc doc =
      Frame(data, Say(kPdpTitle, lang, {std::to_string(n), std::to_string(n + 2)}), "pdp", n, lang);
  doc.blocks.push_back(Heading(Say(kPresentation, lang)));
  if (!f.responsible.empty())
    doc.blocks.push_back(Paragraph(Say(kResponsible, lang, {f.responsible})));
  const std::string& strategy = f.strategy.In(lang);
  doc.blocks.push_back(strategy.empty() ? Note(Say(kNoStrategy, lang)) : Paragraph(strategy));

  doc.blocks.push_back(Heading(Say(kObjectives, lang)));
  std::map<std::string, const Indicator*> by_id;
  for (const Indicator& i : f.indicators) by_id[i.id] = &i;
  int number = 0;
  for (const Objective& o : f.objectives) {
    doc.blocks.push_back(
        Subheading(Say(kObjective, lang, {std::to_string(++number), o.title.In(lang)})));
    ReportTable t;
    t.header = {Say(kIndicator, lang), Say(kUnit, lang), Say(kBaseline, lang)};
    for (int y = n; y < n + 3; ++y) t.header.push_back(Say(kTarget, lang, {std::to_string(y)}));
    t.header.push_back(Say(kSource, lang));
    std::vector<std::string> formulas;
    for (const std::string& id : o.indicators) {
      const Indicator& i = *by_id.at(id);
      std::vector<ReportCell> row = {{.text = i.title.In(lang)}, {.text = UnitName(i.unit, lang)}};
      if (i.baseline) {
        row.push_back(Num(Value(*i.baseline, lang) + " (" + std::to_string(i.baseline_year) + ")"));
      } else {
        row.push_back(Flag(Say(kNotMeasured, lang)));
      }
      for (int y = n; y < n + 3; ++y) {
        auto target = i.targets.find(y);
        row.push_back(target == i.targets.end() ? Num("—") : Num(Value(target->second, lang)));
      }
      row.push_back({.text = i.source});
      t.rows.push_back(std::move(row));
      if (i.formula) {
        std::string expr = Title(f, i.formula->numerator, lang);
        if (!i.formula->denominator.empty()) expr += " / " + Title(f, i.formula->denominator, lang);
        if (i.formula->factor != 1) expr += " × " + Value(i.formula->factor, lang);
        formulas.push_back(Say(kFormula, lang, {i.title.In(lang), expr}));
      }
    }
    doc.blocks.push_back(TableBlock(std::move(t)));
    for (std::string& s : formulas) doc.blocks.push_back(Note(std::move(s)));
  }

  doc.blocks.push_back(Heading(Say(kCreditsByChapter, lang)));
  if (data.lines.empty()) {
    doc.blocks.push_back(Note(Say(kNoLines, lang)));
  } else {
    doc.blocks.push_back(TableBlock(CreditsTable(data, ChapterOrder(), false, kChapter, lang)));
    doc.blocks.push_back(Heading(Say(kCreditsByRegion, lang)));
    doc.blocks.push_back(TableBlock(CreditsTable(data, RegionOrder(), true, kRegion, lang)));
    doc.blocks.push_back(Note(Say(kCreditsNote, lang)));
  }
  return doc;
}

ReportDoc BuildRdp(const ReportData& data, int year, Lang lang) {
  const Framework& f = data.dashboard.framework;
  ReportDoc doc = Frame(data, Say(kRdpTitle, lang, {std::to_string(year)}), "rdp", year, lang);
  doc.blocks.push_back(Heading(Say(kResults, lang, {std::to_string(year)})));
  std::map<std::string, const Indicator*> by_id;
  for (const Indicator& i : f.indicators) by_id[i.id] = &i;
  std::vector<std::string> gaps;
  int number = 0;
  for (const Objective& o : f.objectives) {
    doc.blocks.push_back(
        Subheading(Say(kObjective, lang, {std::to_string(++number), o.title.In(lang)})));
    ReportTable t;
    t.header = {Say(kIndicator, lang),
                Say(kUnit, lang),
                Say(kTarget, lang, {std::to_string(year)}),
                Say(kAchieved, lang, {std::to_string(year)}),
                Say(kAchievement, lang),
                Say(kTrend, lang)};
    for (const std::string& id : o.indicators) {
      const Indicator& i = *by_id.at(id);
      const std::string title = i.title.In(lang);
      std::vector<ReportCell> row = {{.text = title}, {.text = UnitName(i.unit, lang)}};
      auto target = i.targets.find(year);
      row.push_back(target == i.targets.end() ? Num("—") : Num(Value(target->second, lang)));
      Point p;
      if (auto s = data.dashboard.series.find(id); s != data.dashboard.series.end()) {
        if (auto at = s->second.find(year); at != s->second.end()) p = at->second;
      }
      std::optional<double> rate;
      if (p.value) {
        const std::string v = Value(*p.value, lang);
        row.push_back(Num(p.provisional ? Say(kProvisional, lang, {v}) : v));
        rate = Achievement(i, *p.value, year);
        row.push_back(rate ? ReportCell{.text = FormatPercent(*rate, lang),
                                        .number = true,
                                        .flagged = *rate < kOffTrackBelow}
                           : Num("—"));
      } else {
        row.push_back(Flag(Missing(p.basis, lang)));
        row.push_back(Num("—"));
      }
      const Projection* proj = nullptr;
      if (auto pr = data.dashboard.projections.find(id); pr != data.dashboard.projections.end()) {
        proj = &pr->second;
      }
      if (proj && proj->value) {
        row.push_back(proj->off_track ? Flag(Say(kOffTrack, lang))
                                      : ReportCell{.text = Say(kOnTrack, lang)});
      } else {
        row.push_back({.text = "—"});
      }
      t.rows.push_back(std::move(row));

      // A gap: under the bar this year, no value where a target was set, or
      // a trend leading off the last target.
      std::string what;
      if (target != i.targets.end() && !p.value) {
        what = Say(kGapMissing, lang, {title, std::to_string(year), Missing(p.basis, lang)});
      } else if (rate && *rate < kOffTrackBelow) {
        what = Say(kGapValue, lang,
                   {title, Value(*p.value, lang), Value(target->second, lang),
                    FormatPercent(*rate, lang)});
      } else if (proj && proj->off_track) {
        what = Say(kGapTrend, lang, {title, std::to_string(proj->year)});
      }
      if (!what.empty()) {
        const Measurement* m = National(i, year);
        what += " " + (m && !m->comment.empty() ? Say(kExplanation, lang, {m->comment})
                                                : Say(kNoExplanation, lang));
        gaps.push_back(std::move(what));
      }
    }
    doc.blocks.push_back(TableBlock(std::move(t)));
  }

  doc.blocks.push_back(Heading(Say(kExecution, lang, {std::to_string(year)})));
  doc.blocks.push_back(Subheading(Say(kByChapter, lang)));
  doc.blocks.push_back(
      TableBlock(ExecutionTable(data, year, ChapterOrder(), false, kChapter, lang)));
  doc.blocks.push_back(Subheading(Say(kByRegion, lang)));
  doc.blocks.push_back(TableBlock(ExecutionTable(data, year, RegionOrder(), true, kRegion, lang)));
  doc.blocks.push_back(Note(Say(kCreditsNote, lang)));

  doc.blocks.push_back(Heading(Say(kGaps, lang)));
  if (gaps.empty()) {
    doc.blocks.push_back(
        Paragraph(Say(kNoGaps, lang, {std::to_string(year), FormatPercent(kOffTrackBelow, lang)})));
  }
  for (std::string& g : gaps) doc.blocks.push_back(Paragraph(std::move(g)));
  return doc;
}

std::string RenderHtml(const ReportDoc& doc) {
  using core::XmlEscape;
  const bool rtl = doc.lang == Lang::kAr;
  std::string out = "<!doctype html>\n<html lang=\"" + std::string(LangTag(doc.lang)) +
                    "\" dir=\"" + (rtl ? "rtl" : "ltr") + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>" + XmlEscape(doc.title) + "</title>\n";
  out +=
      "<style>\n"
      "@page { size: A4; margin: 16mm 14mm; }\n"
      "body { font-family: 'Noto Sans', 'Noto Sans Arabic', sans-serif; font-size: 10pt; "
      "color: #1a1a1a; max-width: 190mm; margin: 0 auto; }\n"
      "h1 { font-size: 18pt; margin: 0 0 4pt; color: #0b4f6c; }\n"
      ".subtitle { white-space: pre-line; color: #444; margin: 0 0 8pt; }\n"
      ".demo { border: 1px solid #b45309; color: #7c2d12; background: #fff7ed; padding: 4pt 6pt; "
      "font-weight: bold; }\n"
      "h2 { font-size: 13pt; color: #0b4f6c; margin: 14pt 0 4pt; break-after: avoid; }\n"
      "h3 { font-size: 11pt; margin: 10pt 0 3pt; break-after: avoid; }\n"
      "p.note { font-size: 8.5pt; color: #555; }\n"
      "table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 2pt 0 6pt; }\n"
      "th { background: #e6eef2; text-align: start; }\n"
      "th, td { border: 1px solid #c9d3d8; padding: 2pt 3pt; vertical-align: top; }\n"
      "td.num { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }\n"
      "td.flag { color: #9a3412; font-style: italic; }\n"
      "tr.total td { font-weight: bold; background: #f3f6f8; }\n"
      "footer { margin-top: 12pt; font-size: 8pt; color: #555; }\n"
      "</style>\n</head>\n<body>\n";
  out += "<h1>" + XmlEscape(doc.title) + "</h1>\n";
  out += "<p class=\"subtitle\">" + XmlEscape(doc.subtitle) + "</p>\n";
  if (!doc.demo_notice.empty()) out += "<p class=\"demo\">" + XmlEscape(doc.demo_notice) + "</p>\n";
  for (const ReportBlock& b : doc.blocks) {
    switch (b.kind) {
      case ReportBlock::Kind::kHeading:
        out += "<h2>" + XmlEscape(b.text) + "</h2>\n";
        break;
      case ReportBlock::Kind::kSubheading:
        out += "<h3>" + XmlEscape(b.text) + "</h3>\n";
        break;
      case ReportBlock::Kind::kParagraph:
        out += "<p>" + XmlEscape(b.text) + "</p>\n";
        break;
      case ReportBlock::Kind::kNote:
        out += "<p class=\"note\">" + XmlEscape(b.text) + "</p>\n";
        break;
      case ReportBlock::Kind::kTable: {
        out += "<table>\n<thead><tr>";
        for (const std::string& h : b.table.header)
          out += "<th scope=\"col\">" + XmlEscape(h) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (size_t r = 0; r < b.table.rows.size(); ++r) {
          const bool total = b.table.total_row && r + 1 == b.table.rows.size();
          out += total ? "<tr class=\"total\">" : "<tr>";
          for (const ReportCell& c : b.table.rows[r]) {
            std::string cls = c.number ? "num" : "";
            if (c.flagged) cls += cls.empty() ? "flag" : " flag";
            out += cls.empty() ? "<td>" : "<td class=\"" + cls + "\">";
            out += XmlEscape(c.text) + "</td>";
          }
          out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
        break;
      }
      case ReportBlock::Kind::kFigure:  // the PDF draws it; the page says what it shows
        out += "<p class=\"note\">" + XmlEscape(b.figure.caption) + "</p>\n";
        break;
    }
  }
  out += "<footer>" + XmlEscape(doc.footer) + "</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace atlas::indicators
