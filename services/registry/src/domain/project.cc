// Project validation, patches and diffs.
#include "registry/domain/project.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "atlas/core/ids.h"
#include "atlas/core/texts.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "registry/domain/exchange.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {

using google::protobuf::FieldDescriptor;

bool CanSeeWorking(const Viewer& viewer, const Project& p) {
  return viewer.sees_all || (!viewer.organisation.empty() && viewer.organisation == p.organisation);
}

bool HasPublicVersion(const Project& p) {
  return p.published.has_value() && p.state != State::kArchived;
}

bool CanSee(const Viewer& viewer, const Project& p) {
  return HasPublicVersion(p) || CanSeeWorking(viewer, p);
}

namespace {

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

constexpr core::Text kUnknownCode = {"unknown code \"{0}\"; expected one of: {1}",
                                     "code inconnu « {0} » ; codes possibles : {1}",
                                     "رمز غير معروف «{0}»؛ الرموز الممكنة: {1}"};
constexpr core::Text kUnknownRegion = {
    "unknown region \"{0}\"; expected an ISO 3166-2 code MA-01 … MA-12",
    "région inconnue « {0} » ; attendu un code ISO 3166-2 de MA-01 à MA-12",
    "جهة غير معروفة «{0}»؛ المطلوب رمز ISO 3166-2 من MA-01 إلى MA-12"};
constexpr core::Text kUnknownProvince = {
    "unknown province or prefecture \"{0}\"; expected an ISO 3166-2:MA code such as MA-OUJ",
    "province ou préfecture inconnue « {0} » ; attendu un code ISO 3166-2:MA comme MA-OUJ",
    "إقليم أو عمالة غير معروفة «{0}»؛ المطلوب رمز ISO 3166-2:MA مثل MA-OUJ"};
constexpr core::Text kUnknownCountry = {
    "unknown country \"{0}\"; expected an ISO 3166-1 alpha-3 code such as FRA",
    "pays inconnu « {0} » ; attendu un code ISO 3166-1 alpha-3 comme FRA",
    "بلد غير معروف «{0}»؛ المطلوب رمز ISO 3166-1 alpha-3 مثل FRA"};
constexpr core::Text kTooMany = {"at most {0} entries (got {1})",
                                 "au plus {0} éléments ({1} reçus)",
                                 "على الأكثر {0} عنصرًا (الوارد: {1})"};
constexpr core::Text kTitleRequired = {
    "a title is required in at least one language (fr, ar or en)",
    "un titre est requis dans au moins une langue (fr, ar ou en)",
    "العنوان مطلوب بلغة واحدة على الأقل (fr أو ar أو en)"};
constexpr core::Text kOriginalWithoutTitle = {"the original language \"{0}\" has no title",
                                              "la langue d'origine « {0} » n'a pas de titre",
                                              "لا عنوان باللغة الأصلية «{0}»"};
constexpr core::Text kInvalidDate = {"is not a valid date (year 1900–2100)",
                                     "n'est pas une date valide (année 1900–2100)",
                                     "ليس تاريخًا صالحًا (السنة 1900–2100)"};
constexpr core::Text kEndBeforeStart = {"must not be before {0}", "ne doit pas précéder {0}",
                                        "يجب ألا يسبق {0}"};
constexpr core::Text kNotUrl = {"must be an http or https URL", "doit être une URL http ou https",
                                "يجب أن يكون رابط http أو https"};
constexpr core::Text kNotEmail = {"is not an e-mail address", "n'est pas une adresse électronique",
                                  "ليس عنوان بريد إلكتروني"};
constexpr core::Text kBadIdentifier = {
    "must be 1 to 150 letters, digits or . _ : - (an IATI identifier)",
    "doit compter 1 à 150 lettres, chiffres ou . _ : - (un identifiant IATI)",
    "يجب أن يتكون من 1 إلى 150 حرفًا أو رقمًا أو . _ : - (معرف IATI)"};
constexpr core::Text kSharesOver100 = {"the funding shares add up to {0} %, more than 100 %",
                                       "les parts de financement totalisent {0} %, plus de 100 %",
                                       "مجموع حصص التمويل {0}٪، أكثر من 100٪"};
constexpr core::Text kAllCriteria = {
    "every DAC criterion must be scored once: relevance, coherence, effectiveness, efficiency, "
    "impact, sustainability",
    "chaque critère du CAD doit être noté une fois : pertinence, cohérence, efficacité, "
    "efficience, impact, durabilité",
    "يجب تنقيط كل معيار من معايير لجنة المساعدة الإنمائية مرة واحدة: الملاءمة، الاتساق، الفعالية، "
    "الكفاءة، الأثر، الاستدامة"};
constexpr core::Text kRequestId = {"must be 1 to 64 letters, digits, '-' or '_'",
                                   "doit compter 1 à 64 lettres, chiffres, « - » ou « _ »",
                                   "يجب أن يتكون من 1 إلى 64 حرفًا أو رقمًا أو «-» أو «_»"};
constexpr core::Text kBadOrganisation = {"must be organisations/{id}",
                                         "doit être de la forme organisations/{id}",
                                         "يجب أن يكون على شكل organisations/{id}"};

using Violations = std::vector<core::FieldViolation>;

void CheckLocalized(const v1::LocalizedText& t, const std::string& field, size_t max,
                    bool multiline, Violations& out) {
  CheckText(t.fr(), field + ".fr", max, false, multiline, out);
  CheckText(t.ar(), field + ".ar", max, false, multiline, out);
  CheckText(t.en(), field + ".en", max, false, multiline, out);
}

// A list: at most `max` entries (one violation, no per-entry checks beyond),
// else `each(i, field)` per entry.
template <typename List, typename Each>
void CheckList(const List& list, const std::string& field, int max, Violations& out, Each each) {
  if (list.size() > max) {
    out.push_back(
        core::Violation(field, kTooMany, {std::to_string(max), std::to_string(list.size())}));
    return;
  }
  for (int i = 0; i < list.size(); ++i) each(i, absl::StrCat(field, "[", i, "]"));
}

// Codes from a vocabulary (or checked by `known`), no duplicates.
template <typename Known>
void CheckCodes(const google::protobuf::RepeatedPtrField<std::string>& codes,
                const std::string& field, int max, const core::Text& unknown, bool list_codes,
                const std::vector<Term>* terms, Violations& out, Known known) {
  std::set<std::string> seen;
  CheckList(codes, field, max, out, [&](int i, const std::string& f) {
    const std::string& c = codes[i];
    if (!known(c)) {
      std::vector<std::string> args = {absl::CHexEscape(c.substr(0, 40))};
      if (list_codes && terms != nullptr) args.push_back(Codes(*terms));
      out.push_back(core::Violation(f, unknown, args));
    } else if (!seen.insert(c).second) {
      out.push_back(core::Violation(f, core::texts::kDuplicate, {c}));
    }
  });
}

void CheckVocabulary(const google::protobuf::RepeatedPtrField<std::string>& codes,
                     const std::string& field, const std::vector<Term>& terms, Violations& out) {
  CheckCodes(codes, field, static_cast<int>(terms.size()), kUnknownCode, true, &terms, out,
             [&](const std::string& c) { return IsTerm(terms, c); });
}

bool DateSet(const google::type::Date& d) {
  return d.year() != 0 || d.month() != 0 || d.day() != 0;
}

bool DateValid(const google::type::Date& d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year() < 1900 || d.year() > 2100 || d.month() < 1 || d.month() > 12 || d.day() < 1) {
    return false;
  }
  const bool leap = (d.year() % 4 == 0 && d.year() % 100 != 0) || d.year() % 400 == 0;
  return d.day() <= kDays[d.month() - 1] - (d.month() == 2 && !leap ? 1 : 0);
}

int DateKey(const google::type::Date& d) { return d.year() * 10000 + d.month() * 100 + d.day(); }

// Checks a date if set; true if set and valid.
bool CheckDate(const google::type::Date& d, const std::string& field, Violations& out) {
  if (!DateSet(d)) return false;
  if (!DateValid(d)) {
    out.push_back(core::Violation(field, kInvalidDate));
    return false;
  }
  return true;
}

void CheckRange(const google::type::Date& start, const google::type::Date& end,
                const std::string& pre, const std::string& start_name, const std::string& end_name,
                Violations& out) {
  const bool s = CheckDate(start, pre + start_name, out);
  const bool e = CheckDate(end, pre + end_name, out);
  if (s && e && DateKey(end) < DateKey(start)) {
    out.push_back(core::Violation(pre + end_name, kEndBeforeStart, {start_name}));
  }
}

void CheckPoint(const google::type::LatLng& p, const std::string& field, Violations& out) {
  if (!(p.latitude() >= -90 && p.latitude() <= 90)) {
    out.push_back(core::Violation(field + ".latitude", core::texts::kBetween, {"-90", "90"}));
  }
  if (!(p.longitude() >= -180 && p.longitude() <= 180)) {
    out.push_back(core::Violation(field + ".longitude", core::texts::kBetween, {"-180", "180"}));
  }
}

bool IsRegionCode(std::string_view c) { return IsTerm(Regions(), c); }

bool IsUrl(std::string_view s) {
  const bool scheme = s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0;
  return scheme && s.size() > 10 && s.size() <= 2000 &&
         std::none_of(s.begin(), s.end(), [](char c) {
           auto u = static_cast<unsigned char>(c);
           return u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>';
         });
}

bool IsEmail(std::string_view s) {
  const size_t at = s.find('@');
  return s.size() <= 254 && at != std::string_view::npos && at > 0 && at == s.rfind('@') &&
         s.find('.', at) != std::string_view::npos && s.back() != '.' &&
         std::none_of(s.begin(), s.end(), [](char c) {
           auto u = static_cast<unsigned char>(c);
           return u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '"';
         });
}

bool IsFiniteInRange(double x, double lo, double hi) {
  return std::isfinite(x) && x >= lo && x <= hi;
}

}  // namespace

std::vector<core::FieldViolation> ValidateContent(const v1::Project& c, std::string_view prefix) {
  Violations out;
  const std::string pre(prefix);
  // Texts.
  if (Blank(c.title().fr()) && Blank(c.title().ar()) && Blank(c.title().en())) {
    out.push_back(core::Violation(pre + "title", kTitleRequired));
  }
  CheckLocalized(c.title(), pre + "title", kMaxTitleChars, false, out);
  CheckLocalized(c.summary(), pre + "summary", kMaxTextChars, true, out);
  CheckLocalized(c.objectives(), pre + "objectives", kMaxTextChars, true, out);
  CheckLocalized(c.expected_results(), pre + "expected_results", kMaxTextChars, true, out);
  CheckLocalized(c.achieved_results(), pre + "achieved_results", kMaxTextChars, true, out);
  const std::string& lang = c.original_language();
  if (!lang.empty() && lang != "fr" && lang != "ar" && lang != "en") {
    out.push_back(core::Violation(pre + "original_language", core::texts::kOneOf, {"fr, ar, en"}));
  } else if (!lang.empty()) {
    const std::string& t = lang == "fr"   ? c.title().fr()
                           : lang == "ar" ? c.title().ar()
                                          : c.title().en();
    if (Blank(t))
      out.push_back(core::Violation(pre + "original_language", kOriginalWithoutTitle, {lang}));
  }
  if (!c.iati_identifier().empty() && !IsIatiIdentifier(c.iati_identifier())) {
    out.push_back(core::Violation(pre + "iati_identifier", kBadIdentifier));
  }
  // Classification.
  CheckVocabulary(c.themes(), pre + "themes", *Themes(), out);
  if (!c.mechanism().empty() && !IsTerm(Mechanisms(), c.mechanism())) {
    out.push_back(
        core::Violation(pre + "mechanism", kUnknownCode,
                        {absl::CHexEscape(c.mechanism().substr(0, 40)), Codes(Mechanisms())}));
  }
  CheckVocabulary(c.target_groups(), pre + "target_groups", TargetGroups(), out);
  if (!v1::ActivityStatus_IsValid(c.status())) {
    out.push_back(core::Violation(pre + "status", core::texts::kBetween, {"0", "6"}));
  }
  if (c.beneficiaries() < 0 || c.beneficiaries() > 1000000000) {
    out.push_back(
        core::Violation(pre + "beneficiaries", core::texts::kBetween, {"0", "1000000000"}));
  }
  // Actors and money.
  CheckList(
      c.participating_organisations(), pre + "participating_organisations", 50, out,
      [&](int i, const std::string& f) {
        const auto& o = c.participating_organisations(i);
        CheckText(o.name(), f + ".name", kMaxTitleChars, true, false, out);
        if (o.role() == v1::ORGANISATION_ROLE_UNSPECIFIED ||
            !v1::OrganisationRole_IsValid(o.role())) {
          out.push_back(core::Violation(f + ".role", core::texts::kOneOf,
                                        {"FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING"}));
        }
        if (!o.organisation().empty() &&
            !core::IsOrganisationId(core::IdOf(o.organisation(), "organisations/").value_or(""))) {
          out.push_back(core::Violation(f + ".organisation", kBadOrganisation));
        }
        if (!o.iati_ref().empty() && !IsIatiIdentifier(o.iati_ref())) {
          out.push_back(core::Violation(f + ".iati_ref", kBadIdentifier));
        }
        if (o.type().size() > 3 || !std::all_of(o.type().begin(), o.type().end(), ::isdigit)) {
          out.push_back(core::Violation(f + ".type", core::texts::kBetween, {"10", "90"}));
        }
      });
  const std::string& cur = c.currency();
  if (!cur.empty() && cur != "MAD" && cur != "EUR" && cur != "USD") {
    out.push_back(core::Violation(pre + "currency", core::texts::kOneOf, {"MAD, EUR, USD"}));
  }
  std::set<int> years;
  CheckList(c.budget(), pre + "budget", 50, out, [&](int i, const std::string& f) {
    const auto& b = c.budget(i);
    if (b.year() < 1990 || b.year() > 2100) {
      out.push_back(core::Violation(f + ".year", core::texts::kBetween, {"1990", "2100"}));
    } else if (!years.insert(b.year()).second) {
      out.push_back(
          core::Violation(f + ".year", core::texts::kDuplicate, {std::to_string(b.year())}));
    }
    if (!IsFiniteInRange(b.amount(), 0, 1e13)) {
      out.push_back(core::Violation(f + ".amount", core::texts::kBetween, {"0", "10000000000000"}));
    }
  });
  double shares = 0;
  CheckList(c.funding_shares(), pre + "funding_shares", 50, out, [&](int i, const std::string& f) {
    const auto& s = c.funding_shares(i);
    CheckText(s.donor(), f + ".donor", kMaxTitleChars, true, false, out);
    if (!IsFiniteInRange(s.percent(), 0, 100) || s.percent() <= 0) {
      out.push_back(core::Violation(f + ".percent", core::texts::kBetween, {"0", "100"}));
    } else {
      shares += s.percent();
    }
  });
  if (shares > 100.0001) {
    out.push_back(core::Violation(pre + "funding_shares", kSharesOver100,
                                  {absl::StrCat(std::round(shares * 100) / 100)}));
  }
  // Dates.
  CheckRange(c.planned_start(), c.planned_end(), pre, "planned_start", "planned_end", out);
  CheckRange(c.actual_start(), c.actual_end(), pre, "actual_start", "actual_end", out);
  // Places.
  CheckCodes(c.region_codes(), pre + "region_codes", 12, kUnknownRegion, false, nullptr, out,
             IsRegionCode);
  CheckCodes(c.province_codes(), pre + "province_codes", 75, kUnknownProvince, false, nullptr, out,
             [](const std::string& p) { return !RegionOfProvince(p).empty(); });
  CheckCodes(c.diaspora_countries(), pre + "diaspora_countries", 60, kUnknownCountry, false,
             nullptr, out, [](const std::string& x) { return IsTerm(Countries(), x); });
  CheckList(c.places(), pre + "places", 200, out, [&](int i, const std::string& f) {
    const auto& p = c.places(i);
    CheckText(p.name(), f + ".name", 200, true, false, out);
    if (!p.has_point()) {
      out.push_back(core::Violation(f + ".point", core::texts::kRequired));
    } else {
      CheckPoint(p.point(), f + ".point", out);
    }
    if (!p.province_code().empty() && RegionOfProvince(p.province_code()).empty()) {
      out.push_back(core::Violation(f + ".province_code", kUnknownProvince,
                                    {absl::CHexEscape(p.province_code().substr(0, 40))}));
    }
  });
  if (c.has_location()) CheckPoint(c.location(), pre + "location", out);
  // Chronogramme, documents, contacts.
  CheckList(c.milestones(), pre + "milestones", 100, out, [&](int i, const std::string& f) {
    const auto& m = c.milestones(i);
    CheckText(m.title(), f + ".title", kMaxTitleChars, true, false, out);
    CheckDate(m.planned_date(), f + ".planned_date", out);
    CheckDate(m.actual_date(), f + ".actual_date", out);
  });
  CheckList(c.documents(), pre + "documents", 100, out, [&](int i, const std::string& f) {
    const auto& d = c.documents(i);
    CheckText(d.title(), f + ".title", kMaxTitleChars, true, false, out);
    if (!IsUrl(d.url())) out.push_back(core::Violation(f + ".url", kNotUrl));
    const std::string& cat = d.category();
    if (!cat.empty() && !(cat.size() == 3 && (cat[0] == 'A' || cat[0] == 'B') &&
                          std::isdigit(static_cast<unsigned char>(cat[1])) &&
                          std::isdigit(static_cast<unsigned char>(cat[2])))) {
      out.push_back(
          core::Violation(f + ".category", core::texts::kOneOf, {"A01 … A12, B01 … B18"}));
    }
    if (!d.language().empty() &&
        (d.language().size() != 2 ||
         !std::all_of(d.language().begin(), d.language().end(), ::islower))) {
      out.push_back(core::Violation(f + ".language", core::texts::kOneOf, {"fr, ar, en, es, …"}));
    }
  });
  CheckList(c.contacts(), pre + "contacts", 20, out, [&](int i, const std::string& f) {
    const auto& k = c.contacts(i);
    CheckText(k.name(), f + ".name", 200, true, false, out);
    CheckText(k.role(), f + ".role", 200, false, false, out);
    if (!k.email().empty() && !IsEmail(k.email()))
      out.push_back(core::Violation(f + ".email", kNotEmail));
    if (k.phone().size() > 40 || !std::all_of(k.phone().begin(), k.phone().end(), [](char ch) {
          return std::isdigit(static_cast<unsigned char>(ch)) || ch == ' ' || ch == '+' ||
                 ch == '(' || ch == ')' || ch == '-' || ch == '.';
        })) {
      out.push_back(core::Violation(f + ".phone", core::texts::kOneOf, {"0-9 + ( ) - ."}));
    }
  });
  return out;
}

std::optional<core::FieldViolation> ValidateRequestId(std::string_view id) {
  if (id.empty()) return std::nullopt;
  bool ok = id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '_';
            });
  if (ok) return std::nullopt;
  return core::Violation("request_id", kRequestId);
}

const std::vector<std::string>& ContentFields() {
  static const auto* fields = new std::vector<std::string>{"iati_identifier",
                                                           "original_language",
                                                           "title",
                                                           "summary",
                                                           "objectives",
                                                           "expected_results",
                                                           "achieved_results",
                                                           "themes",
                                                           "mechanism",
                                                           "participating_organisations",
                                                           "currency",
                                                           "budget",
                                                           "funding_shares",
                                                           "planned_start",
                                                           "planned_end",
                                                           "actual_start",
                                                           "actual_end",
                                                           "status",
                                                           "region_codes",
                                                           "province_codes",
                                                           "places",
                                                           "location",
                                                           "diaspora_countries",
                                                           "target_groups",
                                                           "beneficiaries",
                                                           "milestones",
                                                           "documents",
                                                           "contacts"};
  return *fields;
}

namespace {

bool IsLocalizedField(std::string_view f) {
  const FieldDescriptor* d = v1::Project::descriptor()->FindFieldByName(std::string(f));
  return d != nullptr && d->message_type() == v1::LocalizedText::descriptor();
}

}  // namespace

bool IsUpdatablePath(std::string_view path) {
  const size_t dot = path.find('.');
  const std::string_view top = path.substr(0, dot);
  const auto& fields = ContentFields();
  if (std::find(fields.begin(), fields.end(), top) == fields.end()) return false;
  if (dot == std::string_view::npos) return true;
  const std::string_view sub = path.substr(dot + 1);
  return IsLocalizedField(top) && (sub == "fr" || sub == "ar" || sub == "en");
}

v1::Project ApplyPatch(const v1::Project& current, const v1::Project& patch,
                       const std::vector<std::string>& paths) {
  v1::Project out = current;
  google::protobuf::FieldMask mask;
  for (const auto& p : paths) mask.add_paths(p);
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(patch, mask, options, &out);
  return out;
}

v1::Project ContentOf(const v1::Project& p) {
  google::protobuf::FieldMask mask;
  for (const auto& name : ContentFields()) mask.add_paths(name);
  v1::Project content;
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(p, mask, {}, &content);
  return content;
}

v1::Project WithoutContacts(v1::Project p) {
  p.clear_contacts();
  return p;
}

namespace {

// The proto3 JSON of field `f` of `m` alone ("" when unset).
std::string FieldJson(const google::protobuf::Message& m, const FieldDescriptor* f) {
  std::unique_ptr<google::protobuf::Message> one(m.New());
  const auto* r = m.GetReflection();
  if (f->is_repeated() ? r->FieldSize(m, f) == 0 : !r->HasField(m, f)) return "";
  google::protobuf::FieldMask mask;
  mask.add_paths(f->name());
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(m, mask, {}, one.get());
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(*one, &json);
  // {"name":VALUE} -> VALUE
  const size_t colon = json.find(':');
  if (colon == std::string::npos || json.size() < colon + 2) return "";
  return json.substr(colon + 1, json.size() - colon - 2);
}

bool SameField(const google::protobuf::Message& a, const google::protobuf::Message& b,
               const FieldDescriptor* f) {
  google::protobuf::util::MessageDifferencer diff;
  // Compare just `f`.
  std::vector<const FieldDescriptor*> only = {f};
  return diff.CompareWithFields(a, b, only, only);
}

}  // namespace

std::vector<FieldChange> Diff(const v1::Project& before, const v1::Project& after) {
  std::vector<FieldChange> out;
  const auto* d = v1::Project::descriptor();
  for (const auto& name : ContentFields()) {
    const FieldDescriptor* f = d->FindFieldByName(name);
    if (SameField(before, after, f)) continue;
    if (f->message_type() == v1::LocalizedText::descriptor()) {
      const auto& a =
          static_cast<const v1::LocalizedText&>(before.GetReflection()->GetMessage(before, f));
      const auto& b =
          static_cast<const v1::LocalizedText&>(after.GetReflection()->GetMessage(after, f));
      for (const char* lang : {"fr", "ar", "en"}) {
        const FieldDescriptor* lf = v1::LocalizedText::descriptor()->FindFieldByName(lang);
        const std::string& x = a.GetReflection()->GetString(a, lf);
        const std::string& y = b.GetReflection()->GetString(b, lf);
        if (x != y) out.push_back({name + "." + lang, x, y});
      }
      continue;
    }
    out.push_back({name, FieldJson(before, f), FieldJson(after, f)});
  }
  return out;
}

std::vector<std::string> ChangedFields(const v1::Project& before, const v1::Project& after) {
  std::vector<std::string> out;
  const auto* d = v1::Project::descriptor();
  for (const auto& name : ContentFields()) {
    if (!SameField(before, after, d->FindFieldByName(name))) out.push_back(name);
  }
  return out;
}

std::vector<core::FieldViolation> ValidateEvaluation(const v1::Evaluation& e,
                                                     std::string_view prefix) {
  Violations out;
  const std::string pre(prefix);
  std::set<int> seen;
  CheckList(e.scores(), pre + "scores", 6, out, [&](int i, const std::string& f) {
    const auto& s = e.scores(i);
    if (s.criterion() == v1::DAC_CRITERION_UNSPECIFIED ||
        !v1::DacCriterion_IsValid(s.criterion())) {
      out.push_back(core::Violation(f + ".criterion", core::texts::kOneOf,
                                    {"RELEVANCE, COHERENCE, EFFECTIVENESS, EFFICIENCY, IMPACT, "
                                     "SUSTAINABILITY"}));
    } else if (!seen.insert(s.criterion()).second) {
      out.push_back(core::Violation(f + ".criterion", core::texts::kDuplicate,
                                    {v1::DacCriterion_Name(s.criterion())}));
    }
    if (s.score() < 1 || s.score() > 4) {
      out.push_back(core::Violation(f + ".score", core::texts::kBetween, {"1", "4"}));
    }
    CheckText(s.narrative(), f + ".narrative", kMaxTextChars, false, true, out);
  });
  if (e.scores_size() <= 6 && seen.size() != 6) {
    out.push_back(core::Violation(pre + "scores", kAllCriteria));
  }
  CheckLocalized(e.lessons_learned(), pre + "lessons_learned", kMaxTextChars, true, out);
  CheckLocalized(e.replicability_notes(), pre + "replicability_notes", kMaxTextChars, true, out);
  if (e.replicability() == v1::REPLICABILITY_UNSPECIFIED ||
      !v1::Replicability_IsValid(e.replicability())) {
    out.push_back(
        core::Violation(pre + "replicability", core::texts::kOneOf, {"LOW, MEDIUM, HIGH"}));
  }
  CheckText(e.evaluator(), pre + "evaluator", kMaxTitleChars, true, false, out);
  if (!DateSet(e.evaluation_date())) {
    out.push_back(core::Violation(pre + "evaluation_date", core::texts::kRequired));
  } else {
    CheckDate(e.evaluation_date(), pre + "evaluation_date", out);
  }
  return out;
}

std::vector<std::string> Mentions(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '@' ||
        (i > 0 && !std::isspace(static_cast<unsigned char>(text[i - 1])) && text[i - 1] != '(')) {
      continue;  // an e-mail address is not a mention
    }
    size_t j = i + 1;
    while (j < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '-' || text[j] == '_' ||
            text[j] == '.' || text[j] == '/')) {
      ++j;
    }
    std::string handle(text.substr(i + 1, j - i - 1));
    while (!handle.empty() && (handle.back() == '.' || handle.back() == '/')) handle.pop_back();
    if (!handle.empty() && handle.size() <= 100 &&
        std::find(out.begin(), out.end(), handle) == out.end()) {
      out.push_back(handle);
    }
    i = j;
  }
  return out;
}

double TotalBudget(const v1::Project& c) {
  double total = 0;
  for (const auto& b : c.budget()) total += b.amount();
  return total;
}

}  // namespace atlas::registry
