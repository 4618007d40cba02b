// Whether the resources a record links to exist, asked in the write's
// transaction (library documents, co-construction plans).
#ifndef ATLAS_REGISTRY_STORE_PG_LINKS_H_
#define ATLAS_REGISTRY_STORE_PG_LINKS_H_

#include <pqxx/pqxx>

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "atlas/core/status.h"
#include "registry/domain/links.h"
#include "registry/store/pg_documents.h"

namespace atlas::registry {

// The names among `names` that `sql` names back (`sql` takes the last path
// segment of each, their ids, as a JSON array $1, and answers full names).
template <typename Names>
std::set<std::string> ExistingNames(pqxx::transaction_base& tx, const char* sql,
                                    const Names& names) {
  std::set<std::string> found;
  if (names.empty()) return found;
  std::vector<std::string> ids;
  ids.reserve(names.size());
  for (const std::string& name : names) ids.push_back(name.substr(name.rfind('/') + 1));
  for (const auto& r : tx.exec_params(sql, JsonArray(ids))) found.insert(r[0].as<std::string>());
  return found;
}

// Violations (kLinkMissing) on `field`[i] for each of `names` not in `found`.
template <typename Names>
void MissingLinks(const Names& names, const std::set<std::string>& found, const std::string& field,
                  std::vector<core::FieldViolation>& bad) {
  for (int i = 0; i < static_cast<int>(names.size()); ++i) {
    if (!found.contains(names[i])) {
      bad.push_back(core::Violation(absl::StrCat(field, "[", i, "]"), kLinkMissing, {names[i]}));
    }
  }
}

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_STORE_PG_LINKS_H_
