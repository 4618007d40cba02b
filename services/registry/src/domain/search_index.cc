#include "registry/domain/search_index.h"

#include <roaring/roaring.hh>

#include <algorithm>
#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "atlas/core/ids.h"

namespace atlas::registry {
namespace {

// The faceted dimensions, in the order of their fields' names (the order
// facets are answered in).
enum Dim : uint8_t {
  kCountries,
  kGoodPractice,
  kMechanism,
  kOrganisations,
  kProvinces,
  kRegions,
  kStates,
  kStatuses,
  kGroups,
  kThemes,
  kDims
};
constexpr std::array<const char*, kDims> kFields = {
    "diaspora_countries", "good_practice", "mechanism", "organisations", "province_codes",
    "region_codes",       "states",        "statuses",  "target_groups", "themes"};

// The values row `r` has in dimension `d`.
std::vector<std::string> ValuesOf(const SearchRow& r, int d) {
  switch (d) {
    case kCountries:
      return r.diaspora_countries;
    case kGoodPractice:
      return {r.good_practice ? "true" : "false"};
    case kMechanism:
      return {r.mechanism};
    case kOrganisations:
      return r.organisations;
    case kProvinces:
      return r.province_codes;
    case kRegions:
      return r.region_codes;
    case kStates:
      return {std::to_string(r.state)};
    case kStatuses:
      return {r.status};
    case kGroups:
      return r.target_groups;
    default:
      return r.themes;
  }
}

using Postings = absl::flat_hash_map<std::string, Roaring>;

void Add(Postings& postings, const std::vector<std::string>& keys, uint32_t slot) {
  for (const std::string& k : keys) postings[k].add(slot);
}

void Drop(Postings& postings, const std::vector<std::string>& keys, uint32_t slot) {
  for (const std::string& k : keys) {
    auto it = postings.find(k);
    if (it == postings.end()) continue;
    it->second.remove(slot);
    if (it->second.isEmpty()) postings.erase(it);
  }
}

// The union of `keys`' bitmaps (missing keys are empty).
Roaring AnyOf(const Postings& postings, const std::vector<std::string>& keys) {
  Roaring out;
  for (const std::string& k : keys) {
    if (auto it = postings.find(k); it != postings.end()) out |= it->second;
  }
  return out;
}

size_t StringBytes(const std::string& s) { return sizeof(std::string) + s.capacity(); }

size_t StringsBytes(const std::vector<std::string>& v) {
  size_t n = sizeof(v);
  for (const auto& s : v) n += StringBytes(s);
  return n;
}

}  // namespace

std::vector<std::string> OrganisationFilter::RoleKeys() const {
  std::vector<std::string> keys;
  keys.reserve(names.size());
  for (const std::string& n : names) keys.push_back(role + ":" + n);
  return keys;
}

OrganisationFilter OrganisationFilterOf(const v1::ListProjectsRequest& q) {
  OrganisationFilter f;
  for (const auto& o : q.organisations()) {
    f.names.push_back(absl::AsciiStrToLower(core::IdOf(o, "organisations/").value_or(o)));
  }
  if (q.organisation_role() != v1::ORGANISATION_ROLE_UNSPECIFIED) {
    f.role = v1::OrganisationRole_Name(q.organisation_role());
  }
  return f;
}

struct SearchIndex::Bitmaps {
  std::vector<std::optional<SearchRow>> slots;
  std::vector<uint32_t> free;
  // Per project, the slot of its working copy [0] and public version [1].
  absl::flat_hash_map<std::string, std::array<int64_t, 2>> by_project;
  absl::flat_hash_map<int64_t, std::array<int64_t, 2>> by_seq;
  Roaring working, published;
  Postings owner;                           // organisation id → its projects' rows
  std::array<Postings, kDims> values;       // facet values
  Postings organisations_lc, org_roles_lc;  // the organisations filter

  void Insert(SearchRow row) {
    uint32_t slot;
    if (free.empty()) {
      slot = static_cast<uint32_t>(slots.size());
      slots.emplace_back();
    } else {
      slot = free.back();
      free.pop_back();
    }
    const int version = row.public_version ? 1 : 0;
    by_project.try_emplace(row.project_id, std::array<int64_t, 2>{-1, -1}).first->second[version] =
        slot;
    by_seq.try_emplace(row.seq, std::array<int64_t, 2>{-1, -1}).first->second[version] = slot;
    (row.public_version ? published : working).add(slot);
    owner[row.organisation].add(slot);
    for (int d = 0; d < kDims; ++d) Add(values[d], ValuesOf(row, d), slot);
    Add(organisations_lc, row.organisations_lc, slot);
    Add(org_roles_lc, row.org_roles_lc, slot);
    slots[slot] = std::move(row);
  }

  void Erase(uint32_t slot) {
    const SearchRow& row = *slots[slot];
    (row.public_version ? published : working).remove(slot);
    Drop(owner, {row.organisation}, slot);
    for (int d = 0; d < kDims; ++d) Drop(values[d], ValuesOf(row, d), slot);
    Drop(organisations_lc, row.organisations_lc, slot);
    Drop(org_roles_lc, row.org_roles_lc, slot);
    by_seq.erase(row.seq);
    slots[slot].reset();
    free.push_back(slot);
  }
};

SearchIndex::SearchIndex() : b_(std::make_unique<Bitmaps>()) {}
SearchIndex::~SearchIndex() = default;

void SearchIndex::Replace(const std::string& project_id, std::vector<SearchRow> rows) {
  if (auto it = b_->by_project.find(project_id); it != b_->by_project.end()) {
    for (int64_t slot : it->second) {
      if (slot >= 0) b_->Erase(static_cast<uint32_t>(slot));
    }
    b_->by_project.erase(it);
  }
  for (SearchRow& r : rows) b_->Insert(std::move(r));
}

void SearchIndex::Clear() { b_ = std::make_unique<Bitmaps>(); }

size_t SearchIndex::size() const { return b_->slots.size() - b_->free.size(); }

size_t SearchIndex::MemoryBytes() const {
  size_t n = b_->slots.capacity() * sizeof(std::optional<SearchRow>);
  for (const auto& s : b_->slots) {
    if (!s) continue;
    n += StringBytes(s->project_id) + StringBytes(s->organisation) + StringBytes(s->status) +
         StringBytes(s->mechanism);
    for (const auto* v :
         {&s->themes, &s->region_codes, &s->province_codes, &s->diaspora_countries,
          &s->target_groups, &s->organisations, &s->organisations_lc, &s->org_roles_lc}) {
      n += StringsBytes(*v);
    }
    for (const auto& t : s->title_key) n += t.capacity();
  }
  // Hash maps: a slot per bucket, keys and values.
  n += b_->by_project.capacity() * (sizeof(std::string) + 2 * sizeof(int64_t) + 1);
  n += b_->by_seq.capacity() * (3 * sizeof(int64_t) + 1);
  auto postings = [](const Postings& p) {
    size_t bytes = p.capacity() * (sizeof(std::string) + sizeof(Roaring) + 1);
    for (const auto& [k, v] : p) bytes += k.capacity() + v.getSizeInBytes(false);
    return bytes;
  };
  n += b_->working.getSizeInBytes(false) + b_->published.getSizeInBytes(false);
  n += postings(b_->owner) + postings(b_->organisations_lc) + postings(b_->org_roles_lc);
  for (const auto& p : b_->values) n += postings(p);
  return n;
}

IndexPage SearchIndex::Query(const v1::ListProjectsRequest& q, const Viewer& viewer,
                             const TextMatches* text, std::optional<double> per_eur, int limit,
                             int64_t offset, bool with_facets) const {
  const Bitmaps& b = *b_;
  // Visibility: the rule of PgProjectStore's Visibility().
  Roaring base;
  if (viewer.sees_all) {
    base = b.working;
  } else if (viewer.organisation.empty()) {
    base = b.published;
  } else {
    base = b.published;
    if (auto it = b.owner.find(viewer.organisation); it != b.owner.end()) {
      base -= it->second;
      base |= (b.working & it->second);
    }
  }
  if (text != nullptr) {
    Roaring matched;
    for (const auto& [key, score] : *text) {
      auto it = b.by_seq.find(key.first);
      if (it != b.by_seq.end() && it->second[key.second ? 1 : 0] >= 0) {
        matched.add(static_cast<uint32_t>(it->second[key.second ? 1 : 0]));
      }
    }
    base &= matched;
  }
  // Years and budget: not faceted, tested row by row.
  const bool budget = q.budget_min() != 0 || q.budget_max() != 0;
  if (q.year_from() != 0 || q.year_to() != 0 || budget) {
    Roaring kept;
    for (uint32_t slot : base) {
      const SearchRow& r = *b.slots[slot];
      if (q.year_from() != 0) {
        const std::optional<int> last = r.year_to ? r.year_to : r.year_from;
        if (!last || *last < q.year_from()) continue;
      }
      if (q.year_to() != 0 && (!r.year_from || *r.year_from > q.year_to())) continue;
      if (budget && !per_eur) continue;
      if (q.budget_min() != 0 && !(r.budget_eur >= q.budget_min() / *per_eur)) continue;
      if (q.budget_max() != 0 && !(r.budget_eur <= q.budget_max() / *per_eur)) continue;
      kept.add(slot);
    }
    base = std::move(kept);
  }
  // Each faceted filter's rows (none: not filtered on).
  std::array<std::optional<Roaring>, kDims> flags;
  auto list = [](const auto& repeated) {
    return std::vector<std::string>(repeated.begin(), repeated.end());
  };
  auto any = [&](int d, const std::vector<std::string>& keys, const Postings& postings) {
    if (!keys.empty()) flags[d] = AnyOf(postings, keys);
  };
  any(kThemes, list(q.themes()), b.values[kThemes]);
  any(kRegions, list(q.region_codes()), b.values[kRegions]);
  any(kProvinces, list(q.province_codes()), b.values[kProvinces]);
  any(kCountries, list(q.diaspora_countries()), b.values[kCountries]);
  any(kGroups, list(q.target_groups()), b.values[kGroups]);
  std::vector<std::string> statuses, states;
  for (int s : q.statuses()) statuses.push_back(v1::ActivityStatus_Name(s));
  for (int s : q.states()) states.push_back(std::to_string(s));
  any(kStatuses, statuses, b.values[kStatuses]);
  any(kStates, states, b.values[kStates]);
  const OrganisationFilter orgs = OrganisationFilterOf(q);
  any(kOrganisations, orgs.role.empty() ? orgs.names : orgs.RoleKeys(),
      orgs.role.empty() ? b.organisations_lc : b.org_roles_lc);
  if (q.has_good_practice()) {
    any(kGoodPractice, {q.good_practice() ? "true" : "false"}, b.values[kGoodPractice]);
  }
  if (!q.mechanism().empty()) any(kMechanism, {q.mechanism()}, b.values[kMechanism]);
  // Rows under every filter but `skip`'s.
  auto under = [&](int skip) {
    Roaring rows = base;
    for (int d = 0; d < kDims; ++d) {
      if (d != skip && flags[d]) rows &= *flags[d];
    }
    return rows;
  };
  const Roaring matching = under(-1);
  IndexPage out;
  out.total = static_cast<int>(matching.cardinality());
  if (with_facets) {
    for (int d = 0; d < kDims; ++d) {
      const Roaring rows = flags[d] ? under(d) : matching;
      std::vector<FacetCount> counts;
      for (const auto& [value, posting] : b.values[d]) {
        if (value.empty()) continue;
        const auto n = static_cast<int>(rows.and_cardinality(posting));
        if (n > 0) counts.push_back({value, n});
      }
      if (counts.empty()) continue;
      std::sort(counts.begin(), counts.end(), [](const FacetCount& x, const FacetCount& y) {
        return x.count != y.count ? x.count > y.count : x.value < y.value;
      });
      out.facets.push_back({kFields[d], std::move(counts)});
    }
  }
  // Order and page: PgProjectStore's OrderBy().
  if (offset >= out.total || limit <= 0) return out;
  std::vector<uint32_t> slots(out.total);
  matching.toUint32Array(slots.data());
  std::string order = q.order_by();
  if (order.empty()) order = q.q().empty() ? "created" : "relevance";
  const int lang = q.language() == "ar" ? 1 : q.language() == "en" ? 2 : 0;
  auto row = [&](uint32_t s) -> const SearchRow& { return *b.slots[s]; };
  std::function<bool(uint32_t, uint32_t)> before;
  auto by_seq = [&](uint32_t x, uint32_t y) { return row(x).seq < row(y).seq; };
  if (order == "relevance" && text != nullptr) {
    auto score = [&](uint32_t s) { return text->at({row(s).seq, row(s).public_version}); };
    before = [&, score](uint32_t x, uint32_t y) {
      const double a = score(x), c = score(y);
      return a != c ? a > c : by_seq(x, y);
    };
  } else if (order == "recent") {
    before = [&](uint32_t x, uint32_t y) {
      const SearchRow &a = row(x), &c = row(y);
      return a.update_time_us != c.update_time_us ? a.update_time_us > c.update_time_us
                                                  : a.seq > c.seq;
    };
  } else if (order == "title") {
    before = [&](uint32_t x, uint32_t y) {
      const int c = row(x).title_key[lang].compare(row(y).title_key[lang]);
      return c != 0 ? c < 0 : by_seq(x, y);
    };
  } else if (order == "budget" || order == "-budget") {
    const bool desc = order[0] == '-';
    before = [&, desc](uint32_t x, uint32_t y) {
      const double a = row(x).budget_eur, c = row(y).budget_eur;
      if (a != c) return desc ? a > c : a < c;
      return by_seq(x, y);
    };
  } else if (order == "start" || order == "-start") {
    const bool desc = order[0] == '-';
    before = [&, desc](uint32_t x, uint32_t y) {
      const std::optional<int>&a = row(x).start_day, &c = row(y).start_day;
      if (a != c) {
        if (!a || !c) return a.has_value();  // NULLS LAST either way
        return desc ? *a > *c : *a < *c;
      }
      return by_seq(x, y);
    };
  } else {
    before = by_seq;
  }
  const auto end = static_cast<size_t>(std::min<int64_t>(offset + limit, out.total));
  std::partial_sort(slots.begin(), slots.begin() + static_cast<std::ptrdiff_t>(end), slots.end(),
                    before);
  for (size_t i = static_cast<size_t>(offset); i < end; ++i) {
    out.rows.emplace_back(row(slots[i]).project_id, row(slots[i]).public_version);
  }
  return out;
}

}  // namespace atlas::registry
