// Gateway message catalogue.
#include "api/i18n.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace atlas::gateway {
namespace {

struct Entry {
  Msg msg;
  const char* en;
  const char* fr;
  const char* ar;
};

constexpr Entry kCatalogue[] = {
    {Msg::kRouteNotFound, "No resource at {0}", "Aucune ressource à l'adresse {0}",
     "لا يوجد مورد في العنوان {0}"},
    {Msg::kMethodNotAllowed, "Method {0} is not allowed on {1}; allowed: {2}",
     "La méthode {0} n'est pas permise sur {1} ; méthodes permises : {2}",
     "الطريقة {0} غير مسموح بها على {1}؛ الطرق المسموح بها: {2}"},
    {Msg::kBodyTooLarge, "The request body exceeds the limit of {0} bytes",
     "Le corps de la requête dépasse la limite de {0} octets",
     "يتجاوز محتوى الطلب الحد المسموح به وهو {0} بايت"},
    {Msg::kHeadersTooLarge, "The request headers are too large",
     "Les en-têtes de la requête sont trop volumineux", "ترويسات الطلب كبيرة جدًا"},
    {Msg::kMalformedRequest, "The HTTP request is malformed", "La requête HTTP est mal formée",
     "طلب HTTP غير صحيح البنية"},
    {Msg::kMalformedQuery, "The URL or its query string is malformed",
     "L'URL ou ses paramètres sont mal formés", "عنوان URL أو معاملاته غير صحيحة البنية"},
    {Msg::kUnsupportedMediaType, "The request body must be JSON (Content-Type: application/json)",
     "Le corps de la requête doit être du JSON (Content-Type: application/json)",
     "يجب أن يكون محتوى الطلب بصيغة JSON (Content-Type: application/json)"},
    {Msg::kBackendUnavailable, "The {0} service is unavailable; please try again shortly",
     "Le service {0} est indisponible ; veuillez réessayer dans un instant",
     "خدمة {0} غير متاحة حاليًا؛ يرجى إعادة المحاولة بعد قليل"},
    {Msg::kInvalidRequest, "The request is invalid", "La requête n'est pas valide",
     "الطلب غير صالح"},
    {Msg::kInternal, "An internal error occurred", "Une erreur interne s'est produite",
     "حدث خطأ داخلي"},
};

}  // namespace

Lang PickLanguage(std::string_view header) {
  Lang best = Lang::kEn;
  double best_q = -1;
  for (absl::string_view item : absl::StrSplit(std::string(header), ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, ';');
    std::string tag = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
    double q = 1.0;
    for (size_t i = 1; i < parts.size(); ++i) {
      absl::string_view p = absl::StripAsciiWhitespace(parts[i]);
      if (absl::ConsumePrefix(&p, "q=")) q = std::atof(std::string(p).c_str());
    }
    std::string primary = tag.substr(0, tag.find('-'));
    Lang lang;
    if (primary == "fr")
      lang = Lang::kFr;
    else if (primary == "ar")
      lang = Lang::kAr;
    else if (primary == "en")
      lang = Lang::kEn;
    else
      continue;
    if (q > best_q) {
      best_q = q;
      best = lang;
    }
  }
  return best;
}

const char* LanguageTag(Lang lang) {
  switch (lang) {
    case Lang::kFr:
      return "fr";
    case Lang::kAr:
      return "ar";
    case Lang::kEn:
      return "en";
  }
  return "en";
}

std::string Translate(Lang lang, Msg msg, const std::vector<std::string>& args) {
  std::string text;
  for (const Entry& e : kCatalogue) {
    if (e.msg == msg) text = lang == Lang::kFr ? e.fr : lang == Lang::kAr ? e.ar : e.en;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string key = "{" + std::to_string(i) + "}";
    for (size_t pos; (pos = text.find(key)) != std::string::npos;)
      text.replace(pos, key.size(), args[i]);
  }
  return text;
}

}  // namespace atlas::gateway
