// Project validation.
#include "domain/project.h"

#include <algorithm>
#include <set>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/core/texts.h"

namespace atlas::registry {

bool CanSee(const Viewer& viewer, const Project& p) {
  return p.state == State::kPublished || viewer.sees_all ||
         (!viewer.organisation.empty() && viewer.organisation == p.organisation);
}

const std::vector<std::string>& ThemeCodes() {
  static const auto* codes =
      new std::vector<std::string>{"investment",        "skills",
                                   "entrepreneurship",  "return_reintegration",
                                   "culture_education", "social_protection",
                                   "consular_services", "women_youth",
                                   "research_data"};
  return *codes;
}

std::optional<size_t> Utf8Length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return std::nullopt;
    }
    i += len;
    ++n;
  }
  return n;
}

namespace {

constexpr core::Text kUnknownTheme = {"unknown theme \"{0}\"; expected one of: {1}",
                                      "thème inconnu « {0} » ; thèmes possibles : {1}",
                                      "موضوع غير معروف «{0}»؛ المواضيع الممكنة: {1}"};
constexpr core::Text kUnknownRegion = {
    "unknown region \"{0}\"; expected an ISO 3166-2 code MA-01 … MA-12",
    "région inconnue « {0} » ; attendu un code ISO 3166-2 de MA-01 à MA-12",
    "جهة غير معروفة «{0}»؛ المطلوب رمز ISO 3166-2 من MA-01 إلى MA-12"};
constexpr core::Text kRequestId = {"must be 1 to 64 letters, digits, '-' or '_'",
                                   "doit compter 1 à 64 lettres, chiffres, « - » ou « _ »",
                                   "يجب أن يتكون من 1 إلى 64 حرفًا أو رقمًا أو «-» أو «_»"};

bool HasControlChars(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char ch) {
    auto c = static_cast<unsigned char>(ch);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return c < 0x20 || c == 0x7F;
  });
}

void CheckText(std::string_view value, const std::string& field, size_t max, bool required,
               bool allow_newlines, std::vector<core::FieldViolation>& out) {
  auto len = Utf8Length(value);
  if (!len) {
    out.push_back(core::Violation(field, core::texts::kNotUtf8));
  } else if (required && value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.push_back(core::Violation(field, core::texts::kRequired));
  } else if (*len > max) {
    out.push_back(
        core::Violation(field, core::texts::kTooLong, {std::to_string(max), std::to_string(*len)}));
  } else if (HasControlChars(value, allow_newlines)) {
    out.push_back(core::Violation(field, core::texts::kControlCharacters));
  }
}

bool IsRegionCode(std::string_view c) {
  if (c.size() != 5 || c.substr(0, 3) != "MA-") return false;
  if (c[3] < '0' || c[3] > '1' || c[4] < '0' || c[4] > '9') return false;
  const int n = (c[3] - '0') * 10 + (c[4] - '0');
  return n >= 1 && n <= 12;
}

}  // namespace

std::vector<core::FieldViolation> ValidateNewProject(const Project& p, std::string_view prefix) {
  std::vector<core::FieldViolation> out;
  const std::string pre(prefix);
  CheckText(p.title, pre + "title", kMaxTitleChars, /*required=*/true, /*allow_newlines=*/false,
            out);
  CheckText(p.summary, pre + "summary", kMaxSummaryChars, false, true, out);
  const auto& themes = ThemeCodes();
  std::set<std::string> seen;
  for (size_t i = 0; i < p.themes.size(); ++i) {
    const std::string field = absl::StrCat(pre, "themes[", i, "]");
    if (std::find(themes.begin(), themes.end(), p.themes[i]) == themes.end()) {
      out.push_back(core::Violation(field, kUnknownTheme,
                                    {absl::CHexEscape(p.themes[i]), absl::StrJoin(themes, ", ")}));
    } else if (!seen.insert(p.themes[i]).second) {
      out.push_back(core::Violation(field, core::texts::kDuplicate, {p.themes[i]}));
    }
  }
  seen.clear();
  for (size_t i = 0; i < p.region_codes.size(); ++i) {
    const std::string field = absl::StrCat(pre, "region_codes[", i, "]");
    if (!IsRegionCode(p.region_codes[i])) {
      out.push_back(core::Violation(field, kUnknownRegion, {absl::CHexEscape(p.region_codes[i])}));
    } else if (!seen.insert(p.region_codes[i]).second) {
      out.push_back(core::Violation(field, core::texts::kDuplicate, {p.region_codes[i]}));
    }
  }
  if (p.location) {
    if (!(p.location->lat >= -90 && p.location->lat <= 90)) {
      out.push_back(
          core::Violation(pre + "location.latitude", core::texts::kBetween, {"-90", "90"}));
    }
    if (!(p.location->lng >= -180 && p.location->lng <= 180)) {
      out.push_back(
          core::Violation(pre + "location.longitude", core::texts::kBetween, {"-180", "180"}));
    }
  }
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

std::string EtagFor(int64_t revision) { return absl::StrCat("r", revision); }

std::optional<int64_t> RevisionOfEtag(std::string_view etag) {
  // Accept the HTTP forms too: "r7", "\"r7\"", W/"r7".
  if (etag.substr(0, 2) == "W/") etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  int64_t revision = 0;
  if (etag.size() < 2 || etag[0] != 'r' || etag.size() > 19 ||
      !absl::SimpleAtoi(std::string(etag.substr(1)), &revision) || revision < 1) {
    return std::nullopt;
  }
  return revision;
}

const std::vector<std::string>& UpdatableFields() {
  static const std::vector<std::string> fields = {"title", "summary", "themes", "region_codes",
                                                  "location"};
  return fields;
}

Project ApplyPatch(const Project& current, const Project& patch,
                   const std::vector<std::string>& fields) {
  Project out = current;
  for (const std::string& f : fields) {
    if (f == "title") out.title = patch.title;
    if (f == "summary") out.summary = patch.summary;
    if (f == "themes") out.themes = patch.themes;
    if (f == "region_codes") out.region_codes = patch.region_codes;
    if (f == "location") out.location = patch.location;
  }
  return out;
}

}  // namespace atlas::registry
