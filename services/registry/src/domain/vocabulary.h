// The managed vocabularies of the project record: themes, M&D mobilisation
// mechanisms, target groups, Moroccan regions and provinces, countries.
#ifndef ATLAS_REGISTRY_DOMAIN_VOCABULARY_H_
#define ATLAS_REGISTRY_DOMAIN_VOCABULARY_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::registry {

struct Term {
  std::string code;
  std::string fr, ar, en;
  std::string colour = {};  // themes: the map's colour, "#rrggbb"
  bool retired = false;     // themes: kept on the projects that have it, not offered
};

struct VocabularySet {
  std::string name;  // "themes", "mechanisms", "target_groups", "regions", ...
  std::vector<Term> terms;
};

// The theme taxonomy: data administrators edit (store/pg_themes.h), of which
// each process holds the latest copy. Hold the pointer while using the terms.
std::shared_ptr<const std::vector<Term>> Themes();
// Replaces this process's copy (the taxonomy store does, on every change).
void SetThemes(std::vector<Term> themes);
// The taxonomy an empty database is seeded with (and unit tests use).
const std::vector<Term>& DefaultThemes();
const std::vector<Term>& Mechanisms();
const std::vector<Term>& TargetGroups();
// What a Maison des Marocains du Monde offers (maison.h).
const std::vector<Term>& MaisonServices();
// MA-01 … MA-12.
const std::vector<Term>& Regions();
// ISO 3166-1 alpha-3, names from iso-codes.
const std::vector<Term>& Countries();
// All of the above plus provinces, for ListVocabularies (the current themes).
std::vector<VocabularySet> AllVocabularies();

bool IsTerm(const std::vector<Term>& terms, std::string_view code);
// The term of `terms` with `code`, or null.
const Term* FindTerm(const std::vector<Term>& terms, std::string_view code);
// ISO 3166-2:MA province or prefecture code; its region ("MA-02") or "".
std::string RegionOfProvince(std::string_view code);
// The codes of `terms`, comma-separated (for error messages).
std::string Codes(const std::vector<Term>& terms);

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_VOCABULARY_H_
