// Messages in French, Arabic and English — the platform's three languages.
//
// Code that reports something to a person writes a Text (the three
// translations of one message, with {0}, {1}… for arguments) and renders it
// with Render(); the caller's language is chosen at the edge (gRPC
// `accept-language` metadata, HTTP Accept-Language) with PickLanguage().
#ifndef ATLAS_CORE_I18N_H_
#define ATLAS_CORE_I18N_H_

#include <string>
#include <string_view>
#include <vector>

namespace atlas::core {

enum class Lang { kEn = 0, kFr = 1, kAr = 2 };

// The best of fr/ar/en in an Accept-Language value (q-values honoured);
// English when none of the three is asked for.
Lang PickLanguage(std::string_view accept_language);
const char* LanguageTag(Lang lang);

// One message in the three languages.
struct Text {
  const char* en;
  const char* fr;
  const char* ar;
};

// A message rendered in the three languages.
struct Localized {
  std::string en, fr, ar;
  // The message in `lang`, falling back to English where a translation is missing.
  const std::string& In(Lang lang) const;
  bool operator==(const Localized&) const = default;
};

// `text` with {i} replaced by args[i], in every language.
Localized Render(const Text& text, const std::vector<std::string>& args = {});
std::string Format(const char* pattern, const std::vector<std::string>& args);

}  // namespace atlas::core

#endif  // ATLAS_CORE_I18N_H_
