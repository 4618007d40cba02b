// Subscriptions: validation, matching, visibility, role defaults.
#include "notify/domain/subscription.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/texts.h"
#include "atlas/core/utf8.h"

namespace atlas::notify {
namespace {

namespace texts = core::texts;

constexpr core::Text kUnknownCode = {"unknown code «{0}»; known: {1}",
                                     "code inconnu « {0} » ; codes connus : {1}",
                                     "رمز غير معروف «{0}»؛ الرموز المعروفة: {1}"};
constexpr core::Text kBadValue = {"«{0}» is not {1}", "« {0} » n'est pas {1}", "«{0}» ليس {1}"};
constexpr core::Text kNotMail = {"«{0}» is not an e-mail address",
                                 "« {0} » n'est pas une adresse électronique",
                                 "«{0}» ليس عنوان بريد إلكتروني"};
constexpr core::Text kUnknownZone = {
    "unknown time zone «{0}» (an IANA name, e.g. Europe/Paris)",
    "fuseau horaire inconnu « {0} » (un nom IANA, p. ex. Europe/Paris)",
    "منطقة زمنية غير معروفة «{0}» (اسم IANA، مثل Europe/Paris)"};
constexpr core::Text kDigestEmailOnly = {
    "digests are sent by e-mail only; in-app and webhook notifications are immediate",
    "les résumés sont envoyés par courriel uniquement ; notifications et webhooks sont immédiats",
    "الملخصات تُرسل بالبريد الإلكتروني فقط؛ الإشعارات داخل التطبيق وخطافات الويب فورية"};
constexpr core::Text kQuietPair = {
    "quiet hours need a start and an end hour, different (or both -1 for none)",
    "les heures de silence demandent une heure de début et une de fin, différentes (ou -1 et -1)",
    "ساعات الهدوء تتطلب ساعة بداية وساعة نهاية مختلفتين (أو "
    "‎-1 "
    "لكليهما)"};
constexpr core::Text kNoInAppForService = {
    "a partner system's account has no bell: use a webhook endpoint",
    "un compte de système partenaire n'a pas de cloche : utilisez un point de terminaison webhook",
    "حساب نظام الشريك لا يملك جرس إشعارات: استعمل نقطة خطاف ويب"};
constexpr core::Text kTooMany = {"at most {0} values", "au plus {0} valeurs",
                                 "{0} قيمة على الأكثر"};

bool Has(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool IsStaff(const Reader& r) {
  return Has(r.roles, "validator") || Has(r.roles, "analyst") || Has(r.roles, "admin");
}

bool AllOf(std::string_view s, bool (*ok)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), ok);
}
bool IdChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// Whether `v` is a valid value of filter `key`, and what it should be.
bool ValidFilterValue(const std::string& key, const std::string& v, const char** expected) {
  auto named = [&](std::string_view prefix) {
    return v.size() > prefix.size() && v.size() <= 100 &&
           v.compare(0, prefix.size(), prefix) == 0 &&
           AllOf(std::string_view(v).substr(prefix.size()), IdChar);
  };
  if (key == "regions") {
    *expected = "a region code (MA-01 … MA-12)";
    return v.size() == 5 && v.compare(0, 3, "MA-") == 0 && v[3] >= '0' && v[3] <= '1' &&
           absl::ascii_isdigit(static_cast<unsigned char>(v[4])) && v != "MA-00" &&
           (v[3] == '0' || v[4] <= '2');
  }
  if (key == "provinces") {
    *expected = "a province code (e.g. MA-CAS)";
    return v.size() <= 12 && AllOf(v, [](char c) {
             return absl::ascii_isupper(static_cast<unsigned char>(c)) ||
                    absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-';
           });
  }
  if (key == "themes") {
    *expected = "a theme code (e.g. entrepreneurship)";
    return v.size() <= 60 && AllOf(v, [](char c) {
             return absl::ascii_islower(static_cast<unsigned char>(c)) ||
                    absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_';
           });
  }
  if (key == "diaspora_countries") {
    *expected = "an ISO 3166 alpha-2 country code (e.g. FR)";
    return v.size() == 2 && absl::ascii_isupper(static_cast<unsigned char>(v[0])) &&
           absl::ascii_isupper(static_cast<unsigned char>(v[1]));
  }
  if (key == "programmes") {
    *expected = "a programme name (programmes/…)";
    return named("programmes/");
  }
  if (key == "organisations") {
    *expected = "an organisation name (organisations/…)";
    return named("organisations/");
  }
  *expected = "a project name (projects/…)";
  return named("projects/");
}

}  // namespace

const std::vector<std::string>& EventKinds() {
  static const auto* kinds = new std::vector<std::string>{
      "project.submitted",   "project.published", "project.rejected",
      "project.commented",   "project.mentioned", "project.archived",
      "project.stale",       "dataset.released",  "indicator.measured",
      "indicator.off_track", "indicator.due",     "programming.adopted",
      "programming.rolled",  "deadline",          "document.published"};
  return *kinds;
}

std::string KindOfType(std::string_view type) {
  constexpr std::string_view kPrefix = "ma.sharaka.atlas.";
  if (type.substr(0, kPrefix.size()) != kPrefix) return "";
  std::string_view rest = type.substr(kPrefix.size());
  const size_t v = rest.rfind(".v");
  if (v == std::string_view::npos) return "";
  std::string kind(rest.substr(0, v));
  if (kind == "comment.created") return "project.commented";
  if (kind == "comment.mentioned") return "project.mentioned";
  if (kind == "document.created") return "document.published";
  return Has(EventKinds(), kind) ? kind : "";
}

const std::vector<std::string>& FilterKeys() {
  static const auto* keys = new std::vector<std::string>{
      "regions",  "provinces",         "themes", "programmes", "organisations",
      "projects", "diaspora_countries"};
  return *keys;
}

const char* ChannelName(Channel c) {
  switch (c) {
    case Channel::kEmail:
      return "email";
    case Channel::kWebhook:
      return "webhook";
    case Channel::kInApp:
      break;
  }
  return "in_app";
}

const char* CadenceName(Cadence c) {
  switch (c) {
    case Cadence::kDaily:
      return "daily";
    case Cadence::kWeekly:
      return "weekly";
    case Cadence::kImmediate:
      break;
  }
  return "immediate";
}

bool MayKnow(const Reader& reader, const EventFacts& facts) {
  switch (facts.visibility) {
    case Visibility::kPublic:
      return true;
    case Visibility::kOrganisation:
      return IsStaff(reader) ||
             (!reader.organisation.empty() && reader.organisation == facts.organisation);
    case Visibility::kStaff:
      break;
  }
  return IsStaff(reader);
}

bool Matches(const Subscription& s, const EventFacts& facts) {
  if (!s.active || facts.kind.empty() || !Has(s.kinds, facts.kind)) return false;
  if (!facts.actor.empty() && facts.actor == s.owner.subject) return false;
  if (facts.kind == "project.mentioned") {
    const bool me = !s.owner.username.empty() &&
                    facts.mentioned == "user:" + absl::AsciiStrToLower(s.owner.username);
    const bool us =
        !s.owner.organisation.empty() && facts.mentioned == "org:" + s.owner.organisation;
    if (!me && !us) return false;
  }
  for (const auto& [key, wanted] : s.filters) {
    if (wanted.empty()) continue;
    auto it = facts.values.find(key);
    if (it == facts.values.end()) return false;
    const bool any = std::any_of(wanted.begin(), wanted.end(),
                                 [&](const std::string& w) { return Has(it->second, w); });
    if (!any) return false;
  }
  return MayKnow(s.owner, facts);
}

bool IsMailAddress(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  const size_t at = a.rfind('@');
  if (at == 0 || at == std::string_view::npos || at > 64) return false;
  for (char c : a) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '<' || c == '>' || c == '(' || c == ')' ||
        c == ',' || c == ';' || c == ':' || c == '\\' || c == '[' || c == ']') {
      return false;
    }
  }
  if (a.substr(0, at).find('@') != std::string_view::npos) return false;
  const std::string_view domain = a.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return false;
  }
  return true;
}

absl::Status Validate(Subscription& s) {
  std::vector<core::FieldViolation> out;
  if (s.kinds.empty()) out.push_back(core::Violation("subscription.kinds", texts::kRequired));
  if (s.kinds.size() > EventKinds().size()) {
    out.push_back(
        core::Violation("subscription.kinds", kTooMany, {std::to_string(EventKinds().size())}));
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < s.kinds.size(); ++i) {
    const std::string field = "subscription.kinds[" + std::to_string(i) + "]";
    if (!Has(EventKinds(), s.kinds[i])) {
      std::string shown = core::IsUtf8(s.kinds[i]) ? s.kinds[i].substr(0, 40) : "?";
      out.push_back(
          core::Violation(field, kUnknownCode, {shown, absl::StrJoin(EventKinds(), ", ")}));
    } else if (!seen.insert(s.kinds[i]).second) {
      out.push_back(core::Violation(field, texts::kDuplicate, {s.kinds[i]}));
    }
  }
  for (auto& [key, values] : s.filters) {
    if (values.size() > 50) {
      out.push_back(core::Violation("subscription." + key, kTooMany, {"50"}));
      continue;
    }
    for (size_t i = 0; i < values.size(); ++i) {
      const char* expected = "";
      if (!ValidFilterValue(key, values[i], &expected)) {
        std::string shown = core::IsUtf8(values[i]) ? values[i].substr(0, 60) : "?";
        out.push_back(core::Violation("subscription." + key + "[" + std::to_string(i) + "]",
                                      kBadValue, {shown, expected}));
      }
    }
  }
  switch (s.channel) {
    case Channel::kEmail:
      if (!IsMailAddress(s.email)) {
        out.push_back(core::Violation("subscription.email", kNotMail,
                                      {core::IsUtf8(s.email) ? s.email.substr(0, 80) : "?"}));
      }
      break;
    case Channel::kWebhook:
      if (s.endpoint.empty())
        out.push_back(core::Violation("subscription.endpoint", texts::kRequired));
      break;
    case Channel::kInApp:
      if (s.owner.username.empty()) {
        out.push_back(core::Violation("subscription.channel", kNoInAppForService));
      }
      break;
  }
  if (s.channel != Channel::kEmail) s.email.clear();
  if (s.channel != Channel::kWebhook) s.endpoint.clear();
  if (s.language.empty()) s.language = "fr";
  if (s.language != "fr" && s.language != "ar" && s.language != "en") {
    out.push_back(core::Violation("subscription.language", texts::kOneOf, {"fr, ar, en"}));
  }
  if (s.cadence != Cadence::kImmediate && s.channel != Channel::kEmail) {
    out.push_back(core::Violation("subscription.cadence", kDigestEmailOnly));
  }
  if (s.digest_hour < 0 || s.digest_hour > 23) {
    out.push_back(core::Violation("subscription.digest_hour", texts::kBetween, {"0", "23"}));
  }
  if (s.digest_weekday == 0) s.digest_weekday = 1;
  if (s.digest_weekday < 1 || s.digest_weekday > 7) {
    out.push_back(core::Violation("subscription.digest_weekday", texts::kBetween, {"1", "7"}));
  }
  if (s.time_zone.empty()) s.time_zone = "Africa/Casablanca";
  absl::TimeZone tz;
  if (s.time_zone.size() > 64 || !core::IsUtf8(s.time_zone) ||
      !absl::LoadTimeZone(s.time_zone, &tz)) {
    out.push_back(core::Violation("subscription.time_zone", kUnknownZone,
                                  {core::IsUtf8(s.time_zone) ? s.time_zone.substr(0, 64) : "?"}));
  }
  const bool no_quiet = s.quiet_start_hour == -1 && s.quiet_end_hour == -1;
  const bool quiet = s.quiet_start_hour >= 0 && s.quiet_start_hour <= 23 && s.quiet_end_hour >= 0 &&
                     s.quiet_end_hour <= 23 && s.quiet_start_hour != s.quiet_end_hour;
  if (!no_quiet && !quiet)
    out.push_back(core::Violation("subscription.quiet_start_hour", kQuietPair));
  if (!out.empty()) return core::InvalidFields(out);
  return absl::OkStatus();
}

std::vector<Subscription> RoleDefaults(const Reader& owner) {
  std::vector<Subscription> out;
  if (owner.username.empty()) return out;  // a partner system has no bell
  auto add = [&](std::vector<std::string> kinds, Filters filters = {}) {
    Subscription s;
    s.owner = owner;
    s.kinds = std::move(kinds);
    s.filters = std::move(filters);
    s.default_for_role = true;
    out.push_back(std::move(s));
  };
  const auto& roles = owner.roles;
  if (Has(roles, "validator") || Has(roles, "admin")) add({"project.submitted"});
  if (Has(roles, "editor") && !owner.organisation.empty()) {
    add({"project.published", "project.rejected", "project.archived", "project.commented"},
        {{"organisations", {"organisations/" + owner.organisation}}});
  }
  if (Has(roles, "editor") || IsStaff(owner)) add({"project.mentioned"});
  if (Has(roles, "analyst")) add({"indicator.off_track", "indicator.due", "dataset.released"});
  return out;
}

}  // namespace atlas::notify
