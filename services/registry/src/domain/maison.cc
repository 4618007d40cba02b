// The Maisons des Marocains du Monde: validation, changes, exports.
#include "registry/domain/maison.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <regex>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "atlas/core/ids.h"
#include "atlas/core/json.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/text_formats.h"
#include "atlas/core/texts.h"
#include "nlohmann/json.hpp"
#include "registry/domain/etag_check.h"
#include "registry/domain/patch.h"
#include "registry/domain/vocabulary.h"

namespace atlas::registry {
namespace {

constexpr core::Text kNotInMorocco = {
    "must be a point in Morocco (latitude 20.5 to 36.1, longitude -17.5 to -0.9)",
    "doit être un point au Maroc (latitude 20,5 à 36,1, longitude -17,5 à -0,9)",
    "يجب أن تكون نقطة داخل المغرب (خط العرض 20,5 إلى 36,1، خط الطول -17,5 إلى -0,9)"};
constexpr core::Text kNotInRegion = {"is not inside the region {0}", "n'est pas dans la région {0}",
                                     "ليست داخل الجهة {0}"};
constexpr core::Text kNotProvinceOf = {"is not a province of the region {0}",
                                       "n'est pas une province de la région {0}",
                                       "ليست إقليما من أقاليم الجهة {0}"};
constexpr core::Text kBadTime = {"must be a time written HH:MM (00:00 to 23:59)",
                                 "doit être une heure écrite HH:MM (00:00 à 23:59)",
                                 "يجب أن يكون وقتا مكتوبا HH:MM (من 00:00 إلى 23:59)"};
constexpr core::Text kClosesBeforeOpening = {"must be after the opening time {0}",
                                             "doit suivre l'heure d'ouverture {0}",
                                             "يجب أن يكون بعد وقت الفتح {0}"};
constexpr core::Text kOverlap = {"overlaps another period of the same day",
                                 "chevauche une autre période du même jour",
                                 "يتداخل مع فترة أخرى من اليوم نفسه"};
constexpr core::Text kBadPhone = {
    "must be a telephone number (digits, spaces and + ( ) . -; 6 to 30 characters)",
    "doit être un numéro de téléphone (chiffres, espaces et + ( ) . - ; 6 à 30 caractères)",
    "يجب أن يكون رقم هاتف (أرقام ومسافات و+ ( ) . -؛ من 6 إلى 30 حرفا)"};
constexpr core::Text kBadEmail = {"must be an e-mail address", "doit être une adresse e-mail",
                                  "يجب أن يكون عنوان بريد إلكتروني"};
constexpr char kPaths[] =
    "title, title.fr, title.ar, title.en, region_code, province_code, address, location, hours, "
    "services, contacts, activity, demo, source";

constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxAddress = 300;
constexpr size_t kMaxSource = 300;
constexpr int kMaxPeriods = 14;
constexpr int kMaxYears = 30;
constexpr int kMaxFigure = 10'000'000;

// Minutes since midnight of "HH:MM", or nullopt.
std::optional<int> Minutes(const std::string& hhmm) {
  static const std::regex kTime("([01][0-9]|2[0-3]):([0-5][0-9])");
  std::smatch m;
  if (!std::regex_match(hhmm, m, kTime)) return std::nullopt;
  return std::stoi(m[1].str()) * 60 + std::stoi(m[2].str());
}

void CheckLocation(const v1::Maison& m, const MaisonContext& context,
                   std::vector<core::FieldViolation>& out) {
  const double lat = m.location().latitude();
  const double lon = m.location().longitude();
  if (!m.has_location() || !std::isfinite(lat) || !std::isfinite(lon) || lat < 20.5 || lat > 36.1 ||
      lon < -17.5 || lon > -0.9) {
    out.push_back(core::Violation("maison.location", kNotInMorocco));
    return;
  }
  if (context.outlines == nullptr) return;
  auto rings = context.outlines->find(m.region_code());
  if (rings != context.outlines->end() && !InsideRings(rings->second, lon, lat)) {
    out.push_back(core::Violation("maison.location", kNotInRegion, {m.region_code()}));
  }
}

void CheckHours(const v1::Maison& m, std::vector<core::FieldViolation>& out) {
  if (m.hours_size() > kMaxPeriods) {
    out.push_back(
        core::Violation("maison.hours", core::texts::kBetween, {"0", std::to_string(kMaxPeriods)}));
    return;
  }
  std::map<int, std::vector<std::pair<int, int>>> days;
  for (int i = 0; i < m.hours_size(); ++i) {
    const v1::OpeningPeriod& p = m.hours(i);
    const std::string field = absl::StrCat("maison.hours[", i, "]");
    if (p.day() < 1 || p.day() > 7) {
      out.push_back(core::Violation(field + ".day", core::texts::kBetween, {"1", "7"}));
    }
    const std::optional<int> opens = Minutes(p.opens());
    const std::optional<int> closes = Minutes(p.closes());
    if (!opens) out.push_back(core::Violation(field + ".opens", kBadTime));
    if (!closes) out.push_back(core::Violation(field + ".closes", kBadTime));
    if (!opens || !closes || p.day() < 1 || p.day() > 7) continue;
    if (*closes <= *opens) {
      out.push_back(core::Violation(field + ".closes", kClosesBeforeOpening, {p.opens()}));
      continue;
    }
    for (const auto& [o, c] : days[p.day()]) {
      if (*opens < c && o < *closes) {
        out.push_back(core::Violation(field, kOverlap));
        break;
      }
    }
    days[p.day()].emplace_back(*opens, *closes);
  }
}

void CheckServices(const v1::Maison& m, std::vector<core::FieldViolation>& out) {
  std::set<std::string> seen;
  for (int i = 0; i < m.services_size(); ++i) {
    const std::string field = absl::StrCat("maison.services[", i, "]");
    if (!IsTerm(MaisonServices(), m.services(i))) {
      out.push_back(core::Violation(field, core::texts::kOneOf, {Codes(MaisonServices())}));
    } else if (!seen.insert(m.services(i)).second) {
      out.push_back(core::Violation(field, core::texts::kDuplicate, {m.services(i)}));
    }
  }
}

void CheckContacts(const v1::MaisonContacts& c, std::vector<core::FieldViolation>& out) {
  static const std::regex kPhone("[+]?[0-9 ().-]{6,30}");
  static const std::regex kEmail("[^@\\s<>\"]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
  if (!c.phone().empty() && (c.phone().size() > 30 || !std::regex_match(c.phone(), kPhone))) {
    out.push_back(core::Violation("maison.contacts.phone", kBadPhone));
  }
  if (!c.email().empty() && (c.email().size() > 254 || !std::regex_match(c.email(), kEmail))) {
    out.push_back(core::Violation("maison.contacts.email", kBadEmail));
  }
  core::CheckPlainText(c.person(), "maison.contacts.person", 120, false, out);
}

void CheckActivity(const v1::Maison& m, int this_year, std::vector<core::FieldViolation>& out) {
  if (m.activity_size() > kMaxYears) {
    out.push_back(core::Violation("maison.activity", core::texts::kBetween,
                                  {"0", std::to_string(kMaxYears)}));
    return;
  }
  std::set<int> years;
  for (int i = 0; i < m.activity_size(); ++i) {
    const v1::MaisonActivity& a = m.activity(i);
    const std::string field = absl::StrCat("maison.activity[", i, "]");
    if (a.year() < 2000 || a.year() > this_year) {
      out.push_back(core::Violation(field + ".year", core::texts::kBetween,
                                    {"2000", std::to_string(this_year)}));
    } else if (!years.insert(a.year()).second) {
      out.push_back(
          core::Violation(field + ".year", core::texts::kDuplicate, {std::to_string(a.year())}));
    }
    if (a.has_visitors() && (a.visitors() < 0 || a.visitors() > kMaxFigure)) {
      out.push_back(core::Violation(field + ".visitors", core::texts::kBetween,
                                    {"0", std::to_string(kMaxFigure)}));
    }
    std::set<std::string> services;
    for (int j = 0; j < a.files_size(); ++j) {
      const std::string f = absl::StrCat(field, ".files[", j, "]");
      if (!IsTerm(MaisonServices(), a.files(j).service())) {
        out.push_back(
            core::Violation(f + ".service", core::texts::kOneOf, {Codes(MaisonServices())}));
      } else if (!services.insert(a.files(j).service()).second) {
        out.push_back(
            core::Violation(f + ".service", core::texts::kDuplicate, {a.files(j).service()}));
      }
      if (a.files(j).files() < 0 || a.files(j).files() > kMaxFigure) {
        out.push_back(core::Violation(f + ".files", core::texts::kBetween,
                                      {"0", std::to_string(kMaxFigure)}));
      }
    }
    core::CheckPlainText(a.source(), field + ".source", kMaxSource, true, out);
  }
}

// The latest reported year of `m`, or null.
const v1::MaisonActivity* Latest(const v1::Maison& m) {
  const v1::MaisonActivity* latest = nullptr;
  for (const auto& a : m.activity()) {
    if (latest == nullptr || a.year() > latest->year()) latest = &a;
  }
  return latest;
}

std::string HoursText(const v1::Maison& m) {
  static constexpr const char* kDays[] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  std::vector<std::string> parts;
  for (const auto& p : m.hours()) {
    if (p.day() >= 1 && p.day() <= 7) {
      parts.push_back(absl::StrCat(kDays[p.day()], " ", p.opens(), "-", p.closes()));
    }
  }
  return absl::StrJoin(parts, "; ");
}

// Degrees to the metre or so.
std::string Degrees(double v) { return absl::StrFormat("%.6f", v); }

}  // namespace

bool InsideRings(const std::vector<Ring>& rings, double lon, double lat) {
  bool inside = false;
  for (const Ring& ring : rings) {
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const auto& [xi, yi] = ring[i];
      const auto& [xj, yj] = ring[j];
      if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
  }
  return inside;
}

absl::Status ValidateMaison(const v1::Maison& m, const MaisonContext& context) {
  std::vector<core::FieldViolation> out;
  CheckLocalized(m.title(), "maison.title", kMaxTitle, {.fr = true, .ar = true}, out);
  if (!IsTerm(Regions(), m.region_code())) {
    out.push_back(core::Violation("maison.region_code", core::texts::kOneOf, {Codes(Regions())}));
  } else {
    if (!m.province_code().empty() && RegionOfProvince(m.province_code()) != m.region_code()) {
      out.push_back(core::Violation("maison.province_code", kNotProvinceOf, {m.region_code()}));
    }
    CheckLocation(m, context, out);
  }
  CheckLocalized(m.address(), "maison.address", kMaxAddress, {}, out);
  CheckHours(m, out);
  CheckServices(m, out);
  CheckContacts(m.contacts(), out);
  CheckActivity(m, context.year, out);
  core::CheckPlainText(m.source(), "maison.source", kMaxSource, false, out);
  return out.empty() ? absl::OkStatus() : core::InvalidFields(out);
}

absl::StatusOr<v1::Maison> PatchMaison(v1::Maison current, const v1::Maison& patch,
                                       const std::vector<std::string>& paths,
                                       const MaisonContext& context) {
  std::vector<core::FieldViolation> out;
  if (paths.empty()) out.push_back(core::Violation("update_mask", core::texts::kRequired));
  for (const std::string& path : paths) {
    if (PatchLocalized(path, "title", current.mutable_title(), patch.title())) {
    } else if (path == "region_code") {
      current.set_region_code(patch.region_code());
    } else if (path == "province_code") {
      current.set_province_code(patch.province_code());
    } else if (path == "address") {
      *current.mutable_address() = patch.address();
    } else if (path == "location") {
      *current.mutable_location() = patch.location();
    } else if (path == "hours") {
      *current.mutable_hours() = patch.hours();
    } else if (path == "services") {
      *current.mutable_services() = patch.services();
    } else if (path == "contacts") {
      *current.mutable_contacts() = patch.contacts();
    } else if (path == "activity") {
      *current.mutable_activity() = patch.activity();
    } else if (path == "demo") {
      current.set_demo(patch.demo());
    } else if (path == "source") {
      current.set_source(patch.source());
    } else {
      out.push_back(
          core::Violation("update_mask", core::texts::kCannotChange, {path.substr(0, 60), kPaths}));
    }
  }
  if (!out.empty()) return core::InvalidFields(out);
  if (absl::Status s = ValidateMaison(current, context); !s.ok()) return s;
  return current;
}

v1::Maison PublicMaison(v1::Maison m) {
  m.clear_contacts();
  m.clear_updated_by();
  return m;
}

std::optional<std::string> MaisonId(const std::string& name) {
  auto id = core::IdOf(name, "maisons/");
  if (!id || !core::IsCanonicalUuid(*id)) return std::nullopt;
  return *id;
}

std::string MaisonsCsv(const std::vector<v1::Maison>& maisons) {
  std::string out =
      "id,demo,title_fr,title_ar,title_en,region_code,province_code,address_fr,address_ar,"
      "latitude,longitude,services,opening_hours,latest_year,visitors,files_handled,"
      "activity_source,location_source\r\n";
  for (const v1::Maison& m : maisons) {
    const v1::MaisonActivity* latest = Latest(m);
    std::string files;
    if (latest != nullptr && latest->files_size() > 0) {
      int64_t total = 0;
      for (const auto& f : latest->files()) total += f.files();
      files = std::to_string(total);
    }
    std::vector<std::string> services(m.services().begin(), m.services().end());
    const std::vector<std::string> cells = {
        MaisonId(m.name()).value_or(""),
        m.demo() ? "true" : "false",
        core::CsvTextField(m.title().fr()),
        core::CsvTextField(m.title().ar()),
        core::CsvTextField(m.title().en()),
        m.region_code(),
        m.province_code(),
        core::CsvTextField(m.address().fr()),
        core::CsvTextField(m.address().ar()),
        Degrees(m.location().latitude()),
        Degrees(m.location().longitude()),
        core::CsvField(absl::StrJoin(services, " ")),
        core::CsvField(HoursText(m)),
        latest != nullptr ? std::to_string(latest->year()) : "",
        latest != nullptr && latest->has_visitors() ? std::to_string(latest->visitors()) : "",
        files,
        latest != nullptr ? core::CsvTextField(latest->source()) : "",
        core::CsvTextField(m.source())};
    out += absl::StrJoin(cells, ",") + "\r\n";
  }
  return out;
}

std::string MaisonsGeoJson(const std::vector<v1::Maison>& maisons) {
  nlohmann::json features = nlohmann::json::array();
  for (const v1::Maison& m : maisons) {
    nlohmann::json activity = nlohmann::json::array();
    for (const auto& a : m.activity()) {
      nlohmann::json files = nlohmann::json::object();
      for (const auto& f : a.files()) files[f.service()] = f.files();
      activity.push_back(
          {{"year", a.year()},
           {"visitors", a.has_visitors() ? nlohmann::json(a.visitors()) : nlohmann::json(nullptr)},
           {"files", files},
           {"source", a.source()}});
    }
    nlohmann::json hours = nlohmann::json::array();
    for (const auto& p : m.hours()) {
      hours.push_back({{"day", p.day()}, {"opens", p.opens()}, {"closes", p.closes()}});
    }
    features.push_back(
        {{"type", "Feature"},
         {"id", m.name()},
         {"geometry",
          {{"type", "Point"},
           {"coordinates", {m.location().longitude(), m.location().latitude()}}}},
         {"properties",
          {{"name", m.name()},
           {"demo", m.demo()},
           {"title", {{"fr", m.title().fr()}, {"ar", m.title().ar()}, {"en", m.title().en()}}},
           {"regionCode", m.region_code()},
           {"provinceCode", m.province_code()},
           {"address", {{"fr", m.address().fr()}, {"ar", m.address().ar()}}},
           {"services", std::vector<std::string>(m.services().begin(), m.services().end())},
           {"hours", hours},
           {"activity", activity},
           {"source", m.source()}}}});
  }
  return core::DumpJson({{"type", "FeatureCollection"}, {"features", features}});
}

namespace {

absl::StatusOr<std::string> IdOfName(const std::string& name) {
  auto id = MaisonId(name);
  if (!id) return core::Error(absl::StatusCode::kNotFound, kMaisonNotFound, {name.substr(0, 80)});
  return *id;
}

absl::Status Worded(const absl::Status& s, const std::string& id) {
  if (s.code() != absl::StatusCode::kNotFound) return s;
  return core::Error(absl::StatusCode::kNotFound, kMaisonNotFound, {"maisons/" + id});
}

// A change is never blind: the etag is required.
absl::Status CheckEtag(const v1::Maison& current, const std::string& etag) {
  return registry::CheckEtag(current.etag(), etag, "maison.etag", current.name(), true);
}

}  // namespace

MaisonContext MaisonDirectory::Context() const {
  MaisonContext c = context_;
  if (c.year == 0) {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    c.year = utc.tm_year + 1900;
  }
  return c;
}

absl::StatusOr<std::vector<v1::Maison>> MaisonDirectory::List(const std::string& region_code,
                                                              const std::string& service,
                                                              bool signed_in) {
  std::vector<core::FieldViolation> bad;
  if (!region_code.empty() && !IsTerm(Regions(), region_code)) {
    bad.push_back(core::Violation("region_code", core::texts::kOneOf, {Codes(Regions())}));
  }
  if (!service.empty() && !IsTerm(MaisonServices(), service)) {
    bad.push_back(core::Violation("service", core::texts::kOneOf, {Codes(MaisonServices())}));
  }
  if (!bad.empty()) return core::InvalidFields(bad);
  auto all = store_.List(region_code, service);
  if (!all.ok() || signed_in) return all;
  for (v1::Maison& m : *all) m = PublicMaison(std::move(m));
  return all;
}

absl::StatusOr<v1::Maison> MaisonDirectory::Get(const std::string& name, bool signed_in) {
  auto id = IdOfName(name);
  if (!id.ok()) return id.status();
  auto m = store_.Get(*id);
  if (!m.ok()) return Worded(m.status(), *id);
  return signed_in ? *std::move(m) : PublicMaison(*std::move(m));
}

absl::StatusOr<v1::Maison> MaisonDirectory::Create(const v1::Maison& m,
                                                   const std::string& request_id,
                                                   const std::string& actor) {
  if (absl::Status s = ValidateMaison(m, Context()); !s.ok()) return s;
  std::vector<core::FieldViolation> bad;
  core::CheckText(request_id, "request_id", 100, false, false, bad);
  if (!bad.empty()) return core::InvalidFields(bad);
  return store_.Insert(m, request_id, actor);
}

absl::StatusOr<v1::Maison> MaisonDirectory::Update(const v1::Maison& patch,
                                                   const std::vector<std::string>& paths,
                                                   const std::string& etag,
                                                   const std::string& actor) {
  auto id = IdOfName(patch.name());
  if (!id.ok()) return id.status();
  auto updated =
      store_.Modify(*id, actor, [&](const v1::Maison& current) -> absl::StatusOr<v1::Maison> {
        if (absl::Status e = CheckEtag(current, etag); !e.ok()) return e;
        return PatchMaison(current, patch, paths, Context());
      });
  if (!updated.ok()) return Worded(updated.status(), *id);
  return updated;
}

absl::Status MaisonDirectory::Delete(const std::string& name, const std::string& etag,
                                     const std::string& actor) {
  auto id = IdOfName(name);
  if (!id.ok()) return id.status();
  return Worded(store_.Remove(*id, actor,
                              [&](const v1::Maison& current) { return CheckEtag(current, etag); }),
                *id);
}

}  // namespace atlas::registry
