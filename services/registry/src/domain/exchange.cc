// IATI XML and CSV exports.
#include "registry/domain/exchange.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "atlas/core/text_formats.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {
namespace {

std::string Xml(std::string_view s) { return core::XmlEscape(s); }

std::string IsoDate(const google::type::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

bool DateSet(const google::type::Date& d) { return d.year() != 0; }

std::string Amount(double x) { return absl::StrFormat("%.2f", x); }

// <narrative xml:lang="..">…</narrative> per language present.
std::string Narratives(const v1::LocalizedText& t) {
  std::string out;
  for (const auto& [lang, text] : {std::pair{"fr", t.fr()}, {"ar", t.ar()}, {"en", t.en()}}) {
    if (!text.empty())
      absl::StrAppend(&out, "<narrative xml:lang=\"", lang, "\">", Xml(text), "</narrative>");
  }
  return out;
}

std::string Narrative(std::string_view text) {
  return absl::StrCat("<narrative>", Xml(text), "</narrative>");
}

void Activity(const Project& p, const ReportingOrg& reporting, std::string& out) {
  const v1::Project& c = p.content;
  const std::string lang = c.original_language().empty() ? "fr" : c.original_language();
  const std::string currency = c.currency().empty() ? "MAD" : c.currency();
  absl::StrAppend(&out, "<iati-activity xml:lang=\"", lang, "\" default-currency=\"", currency,
                  p.demo ? "\" atlas:demo=\"true" : "", "\" last-updated-datetime=\"",
                  absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMicros(p.update_time_us),
                                   absl::UTCTimeZone()),
                  "\">");
  absl::StrAppend(&out, "<iati-identifier>", Xml(IatiIdentifier(p, reporting)),
                  "</iati-identifier>");
  absl::StrAppend(&out, "<reporting-org ref=\"", Xml(reporting.ref), "\" type=\"10\">",
                  Narrative(reporting.name), "</reporting-org>");
  absl::StrAppend(&out, "<title>", Narratives(c.title()), "</title>");
  // Description type 1 (general) is required: the summary, else the title.
  absl::StrAppend(&out, "<description type=\"1\">",
                  Narratives(IsEmpty(c.summary()) ? c.title() : c.summary()), "</description>");
  if (!IsEmpty(c.objectives())) {
    absl::StrAppend(&out, "<description type=\"2\">", Narratives(c.objectives()), "</description>");
  }
  if (!IsEmpty(c.expected_results())) {
    absl::StrAppend(&out, "<description type=\"4\">", Narratives(c.expected_results()),
                    "</description>");
  }
  // At least one participating organisation: the owner takes the
  // accountable role when none is listed.
  if (c.participating_organisations().empty()) {
    absl::StrAppend(&out, "<participating-org role=\"2\">", Narrative(p.organisation),
                    "</participating-org>");
  }
  for (const auto& o : c.participating_organisations()) {
    absl::StrAppend(&out, "<participating-org role=\"", static_cast<int>(o.role()), "\"");
    if (!o.iati_ref().empty()) absl::StrAppend(&out, " ref=\"", Xml(o.iati_ref()), "\"");
    if (!o.type().empty()) absl::StrAppend(&out, " type=\"", Xml(o.type()), "\"");
    absl::StrAppend(&out, ">", Narrative(o.name()), "</participating-org>");
  }
  const int status =
      c.status() == v1::ACTIVITY_STATUS_UNSPECIFIED ? 1 : static_cast<int>(c.status());
  absl::StrAppend(&out, "<activity-status code=\"", status, "\"/>");
  // Activity dates: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
  bool any_date = false;
  for (const auto& [type, d] : {std::pair{1, &c.planned_start()},
                                {2, &c.actual_start()},
                                {3, &c.planned_end()},
                                {4, &c.actual_end()}}) {
    if (!DateSet(*d)) continue;
    any_date = true;
    absl::StrAppend(&out, "<activity-date type=\"", type, "\" iso-date=\"", IsoDate(*d), "\"/>");
  }
  if (!any_date) {
    absl::StrAppend(
        &out, "<activity-date type=\"1\" iso-date=\"",
        absl::FormatTime("%Y-%m-%d", absl::FromUnixMicros(p.create_time_us), absl::UTCTimeZone()),
        "\"/>");
  }
  absl::StrAppend(&out, "<activity-scope code=\"", c.region_codes_size() == 1 ? 6 : 4, "\"/>");
  absl::StrAppend(&out, "<recipient-country code=\"MA\" percentage=\"100\"/>");
  for (const auto& r : c.region_codes()) {
    const Term* t = FindTerm(Regions(), r);
    absl::StrAppend(&out, "<location ref=\"", Xml(r), "\"><name>",
                    Narrative(t != nullptr ? t->fr : r), "</name><description>",
                    Narrative(absl::StrCat("ISO 3166-2 ", r)), "</description></location>");
  }
  for (const auto& pl : c.places()) {
    absl::StrAppend(&out, "<location>", "<name>", Narrative(pl.name()), "</name>",
                    "<point srsName=\"http://www.opengis.net/def/crs/EPSG/0/4326\"><pos>",
                    absl::StrFormat("%.6f %.6f", pl.point().latitude(), pl.point().longitude()),
                    "</pos></point><exactness code=\"1\"/></location>");
  }
  // Themes as sectors of the reporting organisation's own vocabulary (98).
  const auto themes = Themes();
  for (const auto& th : c.themes()) {
    const Term* t = FindTerm(*themes, th);
    absl::StrAppend(&out, "<sector vocabulary=\"98\" code=\"", Xml(th), "\">",
                    Narrative(t != nullptr ? t->fr : th), "</sector>");
  }
  // Diaspora countries and target groups as tags of our own vocabulary (99).
  for (const auto& k : c.diaspora_countries()) {
    const Term* t = FindTerm(Countries(), k);
    absl::StrAppend(&out, "<tag vocabulary=\"99\" code=\"diaspora-", Xml(k), "\">",
                    Narrative(absl::StrCat("Diaspora : ", t != nullptr ? t->fr : k)), "</tag>");
  }
  for (const auto& g : c.target_groups()) {
    const Term* t = FindTerm(TargetGroups(), g);
    absl::StrAppend(&out, "<tag vocabulary=\"99\" code=\"target-", Xml(g), "\">",
                    Narrative(t != nullptr ? t->fr : g), "</tag>");
  }
  // Budget lines: original (1), indicative (1) per calendar year.
  for (const auto& b : c.budget()) {
    absl::StrAppend(&out, "<budget type=\"1\" status=\"1\"><period-start iso-date=\"", b.year(),
                    "-01-01\"/><period-end iso-date=\"", b.year(), "-12-31\"/><value currency=\"",
                    currency, "\" value-date=\"", b.year(), "-01-01\">", Amount(b.amount()),
                    "</value></budget>");
  }
  for (const auto& d : c.documents()) {
    absl::StrAppend(&out, "<document-link url=\"", Xml(d.url()), "\" format=\"text/html\"><title>",
                    Narrative(d.title()), "</title>");
    if (!d.category().empty())
      absl::StrAppend(&out, "<category code=\"", Xml(d.category()), "\"/>");
    if (!d.language().empty())
      absl::StrAppend(&out, "<language code=\"", Xml(d.language()), "\"/>");
    absl::StrAppend(&out, "</document-link>");
  }
  absl::StrAppend(&out, "</iati-activity>\n");
}

std::string Csv(std::string_view s) { return core::CsvTextField(s); }

template <typename List>
std::string Joined(const List& list) {
  return absl::StrJoin(list, ";");
}

std::string DateText(const google::type::Date& d) { return DateSet(d) ? IsoDate(d) : ""; }

}  // namespace

std::string IatiIdentifier(const Project& p, const ReportingOrg& reporting) {
  if (!p.content.iati_identifier().empty()) return p.content.iati_identifier();
  return absl::StrCat(reporting.ref, "-", p.id);
}

std::string ToIatiXml(const ShownProjects& projects, absl::Time now,
                      const ReportingOrg& reporting) {
  std::string out = absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
      "<!-- Sharaka Atlas: published M&D projects. Activities with atlas:demo=\"true\" are ",
      "generated demonstration data, not real initiatives. -->\n",
      reporting.configured ? ""
                           : "<!-- Unconfigured publisher: the reporting organisation and the "
                             "generated identifiers are placeholders until an operator sets "
                             "ATLAS_IATI_REPORTING_ORG_REF and ATLAS_IATI_REPORTING_ORG_NAME. "
                             "-->\n",
      "<iati-activities version=\"2.03\" xmlns:atlas=\"", kAtlasIatiNamespace,
      "\" generated-datetime=\"", absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", now, absl::UTCTimeZone()),
      "\">\n");
  for (const auto& p : projects) Activity(*p, reporting, out);
  out += "</iati-activities>\n";
  return out;
}

bool IsIatiIdentifier(std::string_view s) {
  return !s.empty() && s.size() <= 150 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
}

std::string ToCsv(const ShownProjects& projects, const ReportingOrg& reporting) {
  std::string out =
      "name,iati_identifier,title_fr,title_ar,title_en,original_language,organisation,state,"
      "status,themes,mechanism,region_codes,province_codes,diaspora_countries,target_groups,"
      "currency,total_budget,planned_start,planned_end,actual_start,actual_end,beneficiaries,"
      "good_practice,demo\r\n";
  for (const auto& shown : projects) {
    const Project& p = *shown;
    const v1::Project& c = p.content;
    std::vector<std::string> cells = {"projects/" + p.id,
                                      IatiIdentifier(p, reporting),
                                      c.title().fr(),
                                      c.title().ar(),
                                      c.title().en(),
                                      c.original_language(),
                                      "organisations/" + p.organisation,
                                      v1::ProjectState_Name(static_cast<v1::ProjectState>(p.state)),
                                      v1::ActivityStatus_Name(c.status()),
                                      Joined(c.themes()),
                                      c.mechanism(),
                                      Joined(c.region_codes()),
                                      Joined(c.province_codes()),
                                      Joined(c.diaspora_countries()),
                                      Joined(c.target_groups()),
                                      c.currency(),
                                      Amount(TotalBudget(c)),
                                      DateText(c.planned_start()),
                                      DateText(c.planned_end()),
                                      DateText(c.actual_start()),
                                      DateText(c.actual_end()),
                                      std::to_string(c.beneficiaries()),
                                      p.good_practice ? "true" : "false",
                                      p.demo ? "true" : "false"};
    out +=
        absl::StrJoin(cells, ",", [](std::string* o, const std::string& s) { o->append(Csv(s)); });
    out += "\r\n";
  }
  return out;
}

}  // namespace atlas::registry
