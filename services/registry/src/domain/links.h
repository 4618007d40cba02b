// What the registry's records share about their links to other resources
// (library documents, co-construction plans): the form of each name, each
// once, a bound on how many — and the words when one names nothing.
#ifndef ATLAS_REGISTRY_DOMAIN_LINKS_H_
#define ATLAS_REGISTRY_DOMAIN_LINKS_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "atlas/core/i18n.h"
#include "atlas/core/ids.h"
#include "atlas/core/status.h"
#include "atlas/core/texts.h"

namespace atlas::registry {

inline constexpr core::Text kBadName = {"must be a resource name like {0}",
                                        "doit être un nom de ressource comme {0}",
                                        "يجب أن يكون اسم مورد مثل {0}"};
inline constexpr core::Text kLinkMissing = {
    "names {0}, which does not exist", "désigne {0}, qui n'existe pas", "يشير إلى {0} غير الموجود"};

// Adds to `out`: `field` if there are more than `max` values (then nothing
// else), `field`[i] with `text` (and `args`) for a value `ok` refuses, and
// for a value seen before.
template <typename Repeated, typename Ok>
void CheckLinks(const Repeated& values, const std::string& field, size_t max, Ok ok,
                const core::Text& text, const std::vector<std::string>& args,
                std::vector<core::FieldViolation>& out) {
  if (values.size() > static_cast<int>(max)) {
    out.push_back(core::Violation(field, core::texts::kBetween, {"0", std::to_string(max)}));
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < values.size(); ++i) {
    const std::string f = absl::StrCat(field, "[", i, "]");
    if (!ok(values[i])) {
      out.push_back(core::Violation(f, text, args));
    } else if (!seen.insert(values[i]).second) {
      out.push_back(core::Violation(f, core::texts::kDuplicate, {values[i]}));
    }
  }
}

// A check of names "<collection><id>" whose id `id_ok` accepts.
template <typename IdOk>
auto NamesOf(const char* collection, IdOk id_ok) {
  return [collection, id_ok](const std::string& name) {
    const std::optional<std::string> id = core::IdOf(name, collection);
    return id && id_ok(*id);
  };
}

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_LINKS_H_
