// The registry's search rows in memory (issue 22, decision 0029): filters and
// disjunctive facet counts from roaring bitmaps, ordering and paging by
// partial sort. One SearchRow per version a viewer can be shown — exactly the
// rows of PostgreSQL's project_search, which stays the source of truth: the
// store keeps this index equal to it (PgProjectStore, search_changes), and a
// property test holds both answers equal on random queries.
#ifndef ATLAS_REGISTRY_DOMAIN_SEARCH_INDEX_H_
#define ATLAS_REGISTRY_DOMAIN_SEARCH_INDEX_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "registry/domain/project.h"
#include "registry/domain/project_store.h"
#include "registry/domain/search_text.h"

namespace atlas::registry {

// One row of project_search.
struct SearchRow {
  std::string project_id;
  bool public_version = false;
  std::string organisation;  // the owner's id
  int64_t seq = 0;
  int state = 0;
  std::string status, mechanism;
  std::vector<std::string> themes, region_codes, province_codes, diaspora_countries, target_groups;
  // As shown (facets), and lower-cased alone and as "ROLE:name" (filters).
  std::vector<std::string> organisations, organisations_lc, org_roles_lc;
  std::optional<int> year_from, year_to;
  std::optional<int> start_day;  // days since 1970-01-01
  double budget_eur = 0;
  bool good_practice = false;
  // The title order's keys, fr, ar, en: lower(unaccent(the title in that
  // language, else fr, en, ar)) as PostgreSQL computes them; compared bytewise.
  std::array<std::string, 3> title_key;
  int64_t update_time_us = 0;
  int64_t revision = 0;  // the project's (projects.revision): names the version of its documents
  // Its text's terms as PostgreSQL holds them (project_search_terms), each
  // with the weights of its positions (kWeightA…D; kNoPositions: none).
  std::vector<std::pair<std::string, uint8_t>> terms;
};
inline constexpr uint8_t kWeightA = 1, kWeightB = 2, kWeightC = 4, kWeightD = 8, kNoPositions = 16;

// The organisations filter of a query: lower-cased ids or names, and the
// role they must hold there ("" = any).
struct OrganisationFilter {
  std::vector<std::string> names;
  std::string role;
  std::vector<std::string> RoleKeys() const;  // "ROLE:name", as org_roles_lc holds them
};
OrganisationFilter OrganisationFilterOf(const v1::ListProjectsRequest& q);

// The rows of a text query: (seq, public) → relevance (PgProjectStore's
// Relevance()); absent = the query has no words.
using TextMatches = std::map<std::pair<int64_t, bool>, double>;

struct PageRow {
  std::string project_id;
  bool public_version = false;
  int64_t revision = 0;
};

struct IndexPage {
  std::vector<PageRow> rows;
  int total = 0;
  std::vector<std::pair<std::string, std::vector<FacetCount>>> facets;
};

class SearchIndex {
 public:
  SearchIndex();
  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Replaces every row of `project_id` by `rows` (none: the project has no
  // search row any more).
  void Replace(const std::string& project_id, std::vector<SearchRow> rows);
  void Clear();
  // Places the rows Replace() gave since the last call in the title orders
  // (until then a title order compares the titles themselves): call once
  // after a batch of Replace().
  void Settle();

  // The page `viewer` gets for `q` (filters, order; its text's rows and
  // relevance from PostgreSQL in `text`, or its plan matched here in
  // `words`, see CanMatch), with the total and, if asked, the facet counts —
  // what PgProjectStore's SQL answers. `per_eur`: the rate of the budget
  // filter's currency (none: unknown, the budget filter then matches nothing).
  IndexPage Query(const v1::ListProjectsRequest& q, const Viewer& viewer, const TextMatches* text,
                  std::optional<double> per_eur, int limit, int64_t offset, bool with_facets,
                  const TextQuery* words = nullptr) const;
  // Whether `words` can be matched here exactly as PostgreSQL's tsqueries
  // of the 'simple' configuration match them: every term lower-case ASCII
  // letters and digits or Arabic letters (which that configuration keeps as
  // one lexeme, as written), and every row's terms with positions.
  bool CanMatch(const TextQuery& words) const;

  size_t size() const;
  // Bitmaps and rows, approximately (strings by capacity).
  size_t MemoryBytes() const;

 private:
  struct Bitmaps;
  std::unique_ptr<Bitmaps> b_;
};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_SEARCH_INDEX_H_
