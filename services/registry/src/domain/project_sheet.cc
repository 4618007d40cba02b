// The project sheet as a document.
#include "registry/domain/project_sheet.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {
namespace {

using core::Lang;
using report::Heading;
using report::Note;
using report::Paragraph;
using report::ReportBlock;
using report::ReportCell;
using report::ReportDoc;
using report::ReportFigure;
using report::ReportShape;
using report::ReportTable;
using report::Rgb;

constexpr core::Text kSheet = {"Project sheet", "Fiche projet", "بطاقة المشروع"};
constexpr core::Text kSummary = {"Summary", "Résumé", "ملخص"};
constexpr core::Text kObjectives = {"Objectives", "Objectifs", "الأهداف"};
constexpr core::Text kExpected = {"Expected results", "Résultats attendus", "النتائج المنتظرة"};
constexpr core::Text kAchieved = {"Results achieved", "Résultats obtenus", "النتائج المحققة"};
constexpr core::Text kActors = {"Actors", "Acteurs", "الفاعلون"};
constexpr core::Text kName = {"Organisation", "Organisation", "الهيئة"};
constexpr core::Text kRole = {"Role", "Rôle", "الدور"};
constexpr core::Text kFunding = {"Funding", "Financement", "التمويل"};
constexpr core::Text kYear = {"Year", "Année", "السنة"};
constexpr core::Text kAmount = {"Amount ({0})", "Montant ({0})", "المبلغ ({0})"};
constexpr core::Text kTotal = {"Total", "Total", "المجموع"};
constexpr core::Text kNoBudget = {"No budget reported.", "Aucun budget déclaré.",
                                  "لم يُصرّح بأي ميزانية."};
constexpr core::Text kEur = {
    "About {0} EUR (indicative: fixed rates of {1}, {2}; not accounting figures).",
    "Soit environ {0} EUR (indicatif : taux fixes du {1}, {2} ; pas des montants comptables).",
    "أي حوالي {0} يورو (تقريبي: أسعار صرف ثابتة بتاريخ {1}، {2}؛ وليست مبالغ محاسبية)."};
constexpr core::Text kTimeline = {"Timeline", "Calendrier", "الجدول الزمني"};
constexpr core::Text kPlanned = {"planned", "prévu", "متوقع"};
constexpr core::Text kActual = {"actual", "réel", "فعلي"};
constexpr core::Text kTimelineCaption = {
    "Planned {0} – {1}; actual {2} – {3}; {4} milestone(s), {5} reached (filled dots).",
    "Prévu {0} – {1} ; réel {2} – {3} ; {4} jalon(s), dont {5} atteint(s) (points pleins).",
    "متوقع {0} – {1}؛ فعلي {2} – {3}؛ {4} مرحلة، منها {5} منجزة (نقاط ممتلئة)."};
constexpr core::Text kNoDate = {"not set", "non renseigné", "غير محدد"};
constexpr core::Text kPlaces = {"Places", "Lieux", "الأماكن"};
constexpr core::Text kMapCaption = {"Regions: {0}. Point: {1}.", "Régions : {0}. Point : {1}.",
                                    "الجهات: {0}. النقطة: {1}."};
constexpr core::Text kNoPoint = {"none", "aucun", "لا توجد"};
constexpr core::Text kNoMap = {"The map is unavailable (no reference geography on this server).",
                               "La carte n'est pas disponible (pas de géographie de référence "
                               "sur ce serveur).",
                               "الخريطة غير متاحة (لا توجد جغرافيا مرجعية على هذا الخادم)."};
constexpr core::Text kMapSource = {
    "Boundaries © OpenStreetMap contributors (ODbL), via morocco-map.",
    "Limites © contributeurs OpenStreetMap (ODbL), via morocco-map.",
    "الحدود © مساهمو OpenStreetMap ‏(ODbL)، عبر morocco-map."};
constexpr core::Text kDiaspora = {"Diaspora involved", "Diaspora concernée", "الجالية المعنية"};
constexpr core::Text kTargets = {"Target groups", "Publics cibles", "الفئات المستهدفة"};
constexpr core::Text kOriginal = {"(text in its original language, {0}: not translated yet)",
                                  "(texte en langue originale, {0} : pas encore traduit)",
                                  "(النص بلغته الأصلية، {0}: لم يترجم بعد)"};
constexpr core::Text kDemo = {
    "Demo data: this project is fictitious (generated to illustrate the atlas); it describes "
    "no real initiative.",
    "Données de démonstration : ce projet est fictif (généré pour illustrer l'atlas) ; il ne "
    "décrit aucune initiative réelle.",
    "بيانات تجريبية: هذا المشروع وهمي (أُنشئ لتوضيح الأطلس)؛ لا يصف أي مبادرة حقيقية."};
constexpr core::Text kFooter = {"Sharaka Atlas — project sheet — generated on {0} {1}",
                                "Atlas Sharaka — fiche projet — générée le {0} {1}",
                                "أطلس شراكة — بطاقة المشروع — أُنشئت بتاريخ {0} {1}"};

constexpr Rgb kMuted = {0.40, 0.40, 0.40};
constexpr Rgb kPlannedFill = {0.80, 0.90, 0.86};
constexpr Rgb kActualFill = {0.04, 0.43, 0.31};
constexpr Rgb kRegionFill = {0.87, 0.93, 0.89};
constexpr Rgb kRegionLine = {0.35, 0.45, 0.40};
constexpr Rgb kPoint = {0.76, 0.25, 0.05};
constexpr Rgb kSea = {0.83, 0.90, 0.95};

std::string Say(const core::Text& t, Lang lang, const std::vector<std::string>& args = {}) {
  return core::Render(t, args).In(lang);
}

const char* LangName(const std::string& tag, Lang lang) {
  static const std::map<std::string, core::Text> names = {
      {"fr", {"French", "français", "الفرنسية"}},
      {"ar", {"Arabic", "arabe", "العربية"}},
      {"en", {"English", "anglais", "الإنجليزية"}}};
  auto it = names.find(tag);
  if (it == names.end()) return "";
  return lang == Lang::kEn ? it->second.en : lang == Lang::kFr ? it->second.fr : it->second.ar;
}

// The text in `lang`, else the original language's, else any; and in which.
std::pair<std::string, std::string> Pick(const v1::LocalizedText& t, const std::string& original,
                                         Lang lang) {
  const std::map<std::string, std::string> by = {{"fr", t.fr()}, {"ar", t.ar()}, {"en", t.en()}};
  const std::string want = core::LanguageTag(lang);
  if (!by.at(want).empty()) return {by.at(want), want};
  for (const std::string& l : {original, std::string("fr"), std::string("ar"), std::string("en")}) {
    auto it = by.find(l);
    if (it != by.end() && !it->second.empty()) return {it->second, l};
  }
  return {"", want};
}

std::string TermName(const std::vector<Term>& terms, const std::string& code, Lang lang) {
  const Term* t = FindTerm(terms, code);
  if (t == nullptr) return code;
  return lang == Lang::kEn ? t->en : lang == Lang::kFr ? t->fr : t->ar;
}

std::string StatusName(v1::ActivityStatus s, Lang lang) {
  static const std::map<int, core::Text> names = {
      {v1::PIPELINE, {"pipeline", "en préparation", "قيد الإعداد"}},
      {v1::IMPLEMENTATION, {"implementation", "en cours", "في طور الإنجاز"}},
      {v1::FINALISATION, {"finalisation", "en finalisation", "في طور الاستكمال"}},
      {v1::CLOSED, {"closed", "clôturé", "مغلق"}},
      {v1::CANCELLED, {"cancelled", "annulé", "ملغى"}},
      {v1::SUSPENDED, {"suspended", "suspendu", "معلق"}}};
  auto it = names.find(s);
  return it == names.end() ? "" : Say(it->second, lang);
}

std::string RoleName(v1::OrganisationRole r, Lang lang) {
  static const std::map<int, core::Text> names = {
      {v1::FUNDING, {"funding", "bailleur", "ممول"}},
      {v1::ACCOUNTABLE, {"accountable", "responsable", "مسؤول"}},
      {v1::EXTENDING, {"extending", "intermédiaire", "وسيط"}},
      {v1::IMPLEMENTING, {"implementing", "exécutant", "منفذ"}}};
  auto it = names.find(r);
  return it == names.end() ? "" : Say(it->second, lang);
}

std::string DateText(const google::type::Date& d, Lang lang) {
  if (d.year() == 0) return Say(kNoDate, lang);
  if (d.month() == 0) return std::to_string(d.year());
  return d.day() == 0 ? absl::StrFormat("%02d/%04d", d.month(), d.year())
                      : absl::StrFormat("%02d/%02d/%04d", d.day(), d.month(), d.year());
}

// A date as a fractional year (undated: none).
std::optional<double> YearOf(const google::type::Date& d) {
  if (d.year() == 0) return std::nullopt;
  return d.year() + (std::max(d.month(), 1) - 1) / 12.0 + (std::max(d.day(), 1) - 1) / 365.0;
}

// A text section (heading and paragraph) if the project has the text.
void Section(std::vector<ReportBlock>& out, const core::Text& title, const v1::LocalizedText& t,
             const std::string& original, Lang lang) {
  auto [text, in] = Pick(t, original, lang);
  if (text.empty()) return;
  out.push_back(Heading(Say(title, lang)));
  out.push_back(Paragraph(text));
  if (in != core::LanguageTag(lang))
    out.push_back(Note(Say(kOriginal, lang, {LangName(in, lang)})));
}

ReportShape Text(double x, double y, std::string text, double size = 7.5, Rgb colour = kMuted) {
  return {.kind = ReportShape::Kind::kText,
          .points = {{x, y}},
          .stroke = colour,
          .text = std::move(text),
          .text_size = size};
}

ReportShape Bar(double x0, double x1, double y0, double y1, Rgb fill) {
  return {.kind = ReportShape::Kind::kPolygon,
          .points = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}},
          .fill = fill,
          .stroke = kActualFill,
          .line_width = 0.4};
}

// Planned and actual spans as bars on a year axis, milestones as dots
// (filled when reached); mirrored in Arabic.
std::optional<ReportFigure> Timeline(const v1::Project& c, Lang lang) {
  std::vector<double> years;
  for (const auto* d : {&c.planned_start(), &c.planned_end(), &c.actual_start(), &c.actual_end()}) {
    if (auto y = YearOf(*d)) years.push_back(*y);
  }
  for (const auto& m : c.milestones()) {
    if (auto y = YearOf(m.planned_date())) years.push_back(*y);
    if (auto y = YearOf(m.actual_date())) years.push_back(*y);
  }
  if (years.empty()) return std::nullopt;
  const double lo = std::floor(*std::min_element(years.begin(), years.end()));
  const double hi = std::floor(*std::max_element(years.begin(), years.end())) + 1;
  auto x = [&](double year) { return 0.03 + 0.94 * (year - lo) / std::max(hi - lo, 1.0); };
  ReportFigure f{.height = 70, .mirror_in_rtl = true};
  // The axis: a tick and a label per year (every other one beyond twelve).
  f.shapes.push_back({.kind = ReportShape::Kind::kPolyline,
                      .points = {{x(lo), 0.82}, {x(hi), 0.82}},
                      .filled = false,
                      .stroke = kMuted,
                      .line_width = 0.5});
  const int step = hi - lo > 12 ? 2 : 1;
  for (int y = static_cast<int>(lo); y <= static_cast<int>(hi); y += step) {
    f.shapes.push_back({.kind = ReportShape::Kind::kPolyline,
                        .points = {{x(y), 0.80}, {x(y), 0.85}},
                        .filled = false,
                        .stroke = kMuted,
                        .line_width = 0.5});
    f.shapes.push_back(Text(x(y) - 0.015, 0.86, std::to_string(y), 6.5));
  }
  auto span = [&](const google::type::Date& a, const google::type::Date& b, double y0, double y1,
                  Rgb fill, const core::Text& label) {
    auto from = YearOf(a);
    auto to = YearOf(b);
    if (!from && !to) return;
    const double s = x(from.value_or(*to));
    const double e = x(to.value_or(*from)) + (to ? 0 : 0.01);
    f.shapes.push_back(Bar(s, std::max(e, s + 0.005), y0, y1, fill));
    f.shapes.push_back(Text(x(hi) + 0.005, y0, Say(label, lang), 6.5));
  };
  span(c.planned_start(), c.planned_end(), 0.05, 0.25, kPlannedFill, kPlanned);
  span(c.actual_start(), c.actual_end(), 0.32, 0.52, kActualFill, kActual);
  for (const auto& m : c.milestones()) {
    const auto at = YearOf(m.actual_date()) ? YearOf(m.actual_date()) : YearOf(m.planned_date());
    if (!at) continue;
    f.shapes.push_back({.kind = ReportShape::Kind::kCircle,
                        .points = {{x(*at), 0.66}},
                        .radius = 3,
                        .filled = m.actual_date().year() != 0,
                        .fill = kActualFill,
                        .stroke = kActualFill,
                        .line_width = 0.8});
  }
  int reached = 0;
  for (const auto& m : c.milestones()) reached += m.actual_date().year() != 0;
  f.caption = Say(kTimelineCaption, lang,
                  {DateText(c.planned_start(), lang), DateText(c.planned_end(), lang),
                   DateText(c.actual_start(), lang), DateText(c.actual_end(), lang),
                   std::to_string(c.milestones_size()), std::to_string(reached)});
  return f;
}

std::string PointText(double lat, double lng, Lang lang) {
  static const core::Text kNorth = {"N", "N", "شمالا"}, kSouth = {"S", "S", "جنوبا"},
                          kEast = {"E", "E", "شرقا"}, kWest = {"W", "O", "غربا"};
  std::string s =
      absl::StrFormat("%.2f° %s, %.2f° %s", std::fabs(lat), Say(lat >= 0 ? kNorth : kSouth, lang),
                      std::fabs(lng), Say(lng >= 0 ? kEast : kWest, lang));
  if (lang != Lang::kEn) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

// The project's regions and its point, framed with a margin, on the left
// of the figure's box (north up, longitudes scaled by the cosine of the
// latitude); never mirrored.
ReportFigure MiniMap(const v1::Project& c, const RegionOutlines& outlines, Lang lang) {
  ReportFigure f{.height = 170};
  std::vector<const std::vector<Ring>*> mine;
  std::vector<std::string> names;
  for (const auto& code : c.region_codes()) {
    names.push_back(TermName(Regions(), code, lang));
    auto it = outlines.find(code);
    if (it != outlines.end()) mine.push_back(&it->second);
  }
  std::optional<std::pair<double, double>> point;  // lng, lat
  if (c.has_location()) {
    point = {c.location().longitude(), c.location().latitude()};
  } else {
    for (const auto& pl : c.places()) {
      if (pl.has_point()) {
        point = {pl.point().longitude(), pl.point().latitude()};
        break;
      }
    }
  }
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  auto grow = [&](double lng, double lat) {
    x0 = std::min(x0, lng), x1 = std::max(x1, lng), y0 = std::min(y0, lat), y1 = std::max(y1, lat);
  };
  for (const auto* rings : mine) {
    for (const Ring& r : *rings) {
      for (const auto& [lng, lat] : r) grow(lng, lat);
    }
  }
  if (point) grow(point->first, point->second);
  f.caption = Say(kMapCaption, lang,
                  {names.empty() ? Say(kNoPoint, lang) : absl::StrJoin(names, ", "),
                   point ? PointText(point->second, point->first, lang) : Say(kNoPoint, lang)}) +
              " " + Say(kMapSource, lang);
  if (x0 > x1) return f;  // nothing to draw
  const double pad = std::max({x1 - x0, y1 - y0, 0.5}) * 0.08;
  x0 -= pad, x1 += pad, y0 -= pad, y1 += pad;
  const double k = std::cos((y0 + y1) / 2 * 3.14159265358979 / 180);
  // The frame: at most 240 × 160 points, keeping the shape.
  const double w_deg = (x1 - x0) * k;
  const double h_deg = y1 - y0;
  const double scale = std::min(240 / w_deg, 160 / h_deg);
  const double w = w_deg * scale / report::kFigureWidth;  // as a share of the box's width
  const double h = h_deg * scale / f.height;
  auto at = [&](double lng, double lat) {
    return std::pair<double, double>{(lng - x0) * k * scale / report::kFigureWidth,
                                     (y1 - lat) * scale / f.height};
  };
  f.shapes.push_back(Bar(0, w, 0, h, kSea));
  f.shapes.back().line_width = 0.3;
  for (const auto* rings : mine) {
    for (const Ring& r : *rings) {
      ReportShape s{.kind = ReportShape::Kind::kPolygon,
                    .fill = kRegionFill,
                    .stroke = kRegionLine,
                    .line_width = 0.6};
      for (const auto& [lng, lat] : r) s.points.push_back(at(lng, lat));
      f.shapes.push_back(std::move(s));
    }
  }
  if (point) {
    f.shapes.push_back({.kind = ReportShape::Kind::kCircle,
                        .points = {at(point->first, point->second)},
                        .radius = 3.5,
                        .fill = kPoint,
                        .stroke = {1, 1, 1},
                        .line_width = 1});
  }
  return f;
}

double PerpendicularDistance(std::pair<double, double> p, std::pair<double, double> a,
                             std::pair<double, double> b) {
  const double dx = b.first - a.first, dy = b.second - a.second;
  const double len = std::hypot(dx, dy);
  if (len == 0) return std::hypot(p.first - a.first, p.second - a.second);
  return std::fabs(dy * p.first - dx * p.second + b.first * a.second - b.second * a.first) / len;
}

void Keep(const Ring& r, size_t first, size_t last, double tolerance, std::vector<bool>& kept) {
  if (last <= first + 1) return;
  double worst = 0;
  size_t at = first;
  for (size_t i = first + 1; i < last; ++i) {
    const double d = PerpendicularDistance(r[i], r[first], r[last]);
    if (d > worst) worst = d, at = i;
  }
  if (worst <= tolerance) return;
  kept[at] = true;
  Keep(r, first, at, tolerance, kept);
  Keep(r, at, last, tolerance, kept);
}

}  // namespace

Ring Simplify(const Ring& ring, double tolerance) {
  if (ring.size() < 4) return ring;
  std::vector<bool> kept(ring.size(), false);
  kept.front() = kept.back() = true;
  Keep(ring, 0, ring.size() - 1, tolerance, kept);
  Ring out;
  for (size_t i = 0; i < ring.size(); ++i) {
    if (kept[i]) out.push_back(ring[i]);
  }
  return out;
}

ReportDoc BuildProjectSheet(const v1::Project& p, const SheetInputs& in, Lang lang) {
  ReportDoc doc{.lang = lang};
  const std::string original = p.original_language().empty() ? "fr" : p.original_language();
  doc.title = Pick(p.title(), original, lang).first;
  std::vector<std::string> sub = {Say(kSheet, lang)};
  if (const std::string s = StatusName(p.status(), lang); !s.empty()) sub.push_back(s);
  const auto themes = Themes();
  for (const auto& t : p.themes()) sub.push_back(TermName(*themes, t, lang));
  doc.subtitle = absl::StrJoin(sub, " · ");
  if (p.demo()) doc.demo_notice = Say(kDemo, lang);
  doc.file_stem = absl::StrCat("project-", p.name().substr(p.name().find('/') + 1), "-",
                               core::LanguageTag(lang));
  doc.footer = Say(kFooter, lang, {in.generated, in.url});
  auto& b = doc.blocks;
  Section(b, kSummary, p.summary(), original, lang);
  Section(b, kObjectives, p.objectives(), original, lang);
  Section(b, kExpected, p.expected_results(), original, lang);
  Section(b, kAchieved, p.achieved_results(), original, lang);
  if (!p.participating_organisations().empty()) {
    ReportTable actors{.header = {Say(kName, lang), Say(kRole, lang)}};
    for (const auto& o : p.participating_organisations()) {
      actors.rows.push_back({{.text = o.name()}, {.text = RoleName(o.role(), lang)}});
    }
    b.push_back(Heading(Say(kActors, lang)));
    b.push_back(report::TableBlock(std::move(actors)));
  }
  // The budget by year in its currency, its total, and the EUR equivalent.
  const std::string currency = p.currency().empty() ? "MAD" : p.currency();
  b.push_back(Heading(Say(kFunding, lang)));
  if (p.budget().empty()) {
    b.push_back(Paragraph(Say(kNoBudget, lang)));
  } else {
    ReportTable budget{.header = {Say(kYear, lang), Say(kAmount, lang, {currency})},
                       .total_row = true};
    double total = 0;
    for (const auto& line : p.budget()) {
      budget.rows.push_back(
          {{.text = std::to_string(line.year())},
           {.text = report::FormatNumber(line.amount(), 0, lang), .number = true}});
      total += line.amount();
    }
    budget.rows.push_back({{.text = Say(kTotal, lang)},
                           {.text = report::FormatNumber(total, 0, lang), .number = true}});
    b.push_back(report::TableBlock(std::move(budget)));
    auto rate = in.rates.per_eur().find(currency);
    if (currency != "EUR" && rate != in.rates.per_eur().end() && rate->second > 0) {
      std::vector<std::string> pairs;
      for (const auto& [code, per] :
           std::map<std::string, double>(in.rates.per_eur().begin(), in.rates.per_eur().end())) {
        if (code != "EUR") {
          pairs.push_back(absl::StrCat("1 EUR = ", report::FormatNumber(per, 2, lang), " ", code));
        }
      }
      b.push_back(Note(Say(kEur, lang,
                           {report::FormatNumber(total / rate->second, 0, lang), in.rates.as_of(),
                            absl::StrJoin(pairs, " ; ")})));
    }
  }
  if (auto timeline = Timeline(p, lang)) {
    b.push_back(Heading(Say(kTimeline, lang)));
    b.push_back({.kind = ReportBlock::Kind::kFigure, .figure = *std::move(timeline)});
  }
  b.push_back(Heading(Say(kPlaces, lang)));
  if (in.outlines == nullptr) {
    b.push_back(Note(Say(kNoMap, lang)));
  } else {
    b.push_back({.kind = ReportBlock::Kind::kFigure, .figure = MiniMap(p, *in.outlines, lang)});
  }
  if (!p.diaspora_countries().empty()) {
    std::vector<std::string> names;
    for (const auto& c : p.diaspora_countries()) names.push_back(TermName(Countries(), c, lang));
    b.push_back(Heading(Say(kDiaspora, lang)));
    b.push_back(Paragraph(absl::StrJoin(names, ", ")));
  }
  if (!p.target_groups().empty()) {
    std::vector<std::string> names;
    for (const auto& g : p.target_groups()) names.push_back(TermName(TargetGroups(), g, lang));
    b.push_back(Heading(Say(kTargets, lang)));
    b.push_back(Paragraph(absl::StrJoin(names, ", ")));
  }
  return doc;
}

}  // namespace atlas::registry
