// The gateway's own messages in French, Arabic and English, chosen from the
// caller's Accept-Language (English when none of the three is asked for).
#ifndef ATLAS_GATEWAY_API_I18N_H_
#define ATLAS_GATEWAY_API_I18N_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atlas::gateway {

enum class Lang { kEn, kFr, kAr };

enum class Msg {
  kRouteNotFound,     // {0} = path
  kMethodNotAllowed,  // {0} = method, {1} = path, {2} = allowed methods
  kBodyTooLarge,      // {0} = limit in bytes
  kHeadersTooLarge,
  kMalformedRequest,
  kMalformedQuery,
  kUnsupportedMediaType,
  kBackendUnavailable,  // {0} = service
  kInvalidRequest,
  kInternal,
};

// Best of fr/ar/en in an Accept-Language header (q-values honoured).
Lang PickLanguage(std::string_view accept_language);
const char* LanguageTag(Lang lang);

// The message with {0}, {1}, … replaced by `args`.
std::string Translate(Lang lang, Msg msg, const std::vector<std::string>& args = {});

}  // namespace atlas::gateway

#endif  // ATLAS_GATEWAY_API_I18N_H_
