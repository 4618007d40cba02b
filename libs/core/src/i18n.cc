// Language choice and message rendering.
#include "atlas/core/i18n.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace atlas::core {

Lang PickLanguage(std::string_view header) {
  Lang best = Lang::kEn;
  double best_q = 0;
  for (absl::string_view item : absl::StrSplit(std::string(header), ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, ';');
    std::string tag = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
    double q = 1.0;
    for (size_t i = 1; i < parts.size(); ++i) {
      absl::string_view p = absl::StripAsciiWhitespace(parts[i]);
      if (absl::ConsumePrefix(&p, "q=")) q = std::atof(std::string(p).c_str());
    }
    const std::string primary = tag.substr(0, tag.find('-'));
    Lang lang;
    if (primary == "fr") {
      lang = Lang::kFr;
    } else if (primary == "ar") {
      lang = Lang::kAr;
    } else if (primary == "en") {
      lang = Lang::kEn;
    } else {
      continue;
    }
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

const std::string& Localized::In(Lang lang) const {
  if (lang == Lang::kFr && !fr.empty()) return fr;
  if (lang == Lang::kAr && !ar.empty()) return ar;
  return en;
}

std::string Format(const char* pattern, const std::vector<std::string>& args) {
  std::string text = pattern == nullptr ? "" : pattern;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string key = "{" + std::to_string(i) + "}";
    for (size_t pos = 0; (pos = text.find(key, pos)) != std::string::npos; pos += args[i].size()) {
      text.replace(pos, key.size(), args[i]);
    }
  }
  return text;
}

Localized Render(const Text& text, const std::vector<std::string>& args) {
  return {Format(text.en, args), Format(text.fr, args), Format(text.ar, args)};
}

}  // namespace atlas::core
