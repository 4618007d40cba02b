#include "registry/domain/search_index.h"

#include <roaring/roaring.hh>

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
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

constexpr int32_t kNone = INT32_MIN;  // an absent year or date

// A row as kept (its numbers filters and orders read are in the index's
// columns): the ids of the bitmaps it is in, one string of its title keys
// ("fr\0ar\0en", ar or en empty when equal to fr).
struct Stored {
  const std::string* project_id = nullptr;  // the key of by_project (stable)
  int64_t revision = 0;
  bool public_version = false;
  std::vector<uint32_t> postings;
  std::string titles;

  uint32_t ar_at = 0, en_at = 0;  // where the ar and en keys start in `titles`

  std::string_view Title(int lang) const {
    const std::string_view all(titles);
    const std::string_view fr = all.substr(0, ar_at - 1);
    const std::string_view t = lang == 0   ? fr
                               : lang == 1 ? all.substr(ar_at, en_at - 1 - ar_at)
                                           : all.substr(en_at);
    return t.empty() ? fr : t;
  }
};

// `bitmap`'s members in a buffer kept by the thread (no fresh pages per
// query); two in turn, so that one may be read while the other is filled.
std::vector<uint32_t>& Scratch(const Roaring& bitmap) {
  thread_local std::array<std::vector<uint32_t>, 2> buffers;
  thread_local size_t next = 0;
  std::vector<uint32_t>& out = buffers[next++ % 2];
  out.resize(bitmap.cardinality());
  bitmap.toUint32Array(out.data());
  return out;
}

// Order-preserving unsigned keys of numbers (ascending).
uint64_t OrderKey(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits & (uint64_t{1} << 63)) != 0 ? ~bits : bits | (uint64_t{1} << 63);
}
uint64_t OrderKey(int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); }

// Value → bitmap id, per kind of posting.
using Postings = absl::flat_hash_map<std::string, uint32_t>;

size_t StringBytes(const std::string& s) { return sizeof(std::string) + s.capacity(); }

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
  std::vector<std::optional<Stored>> slots;
  std::vector<uint32_t> free_slots;
  // Per project, the slot of its working copy [0] and public version [1]
  // (node map: the rows point at its keys).
  absl::node_hash_map<std::string, std::array<int64_t, 2>> by_project;
  absl::flat_hash_map<int64_t, std::array<int64_t, 2>> by_seq;
  Roaring working, published;
  // Every bitmap, by id; ids of emptied bitmaps are reused.
  std::vector<Roaring> bitmaps;
  std::vector<uint32_t> free_bitmaps;
  Postings owner;                           // organisation id → its projects' rows
  std::array<Postings, kDims> values;       // facet values
  Postings organisations_lc, org_roles_lc;  // the organisations filter
  // What filters and orders read, by slot, side by side (a scan of 100 000
  // rows stays in cache): the year a project runs until (year_to, else
  // year_from), its first year, budget, and order keys (see OrderKey).
  std::vector<int32_t> last_year, first_year;
  std::vector<double> budget;
  std::vector<int64_t> seq, update_time;
  std::vector<int32_t> start_day;
  std::array<std::vector<uint64_t>, 3> title_prefix;  // fr, ar, en: first 8 bytes

  void SetColumns(uint32_t slot, const SearchRow& row, const Stored& s) {
    if (seq.size() <= slot) {
      for (auto* v : {&last_year, &first_year, &start_day}) v->resize(slot + 1);
      budget.resize(slot + 1);
      seq.resize(slot + 1);
      update_time.resize(slot + 1);
      for (auto& t : title_prefix) t.resize(slot + 1);
    }
    last_year[slot] = row.year_to.value_or(row.year_from.value_or(kNone));
    first_year[slot] = row.year_from.value_or(kNone);
    budget[slot] = row.budget_eur;
    seq[slot] = row.seq;
    update_time[slot] = row.update_time_us;
    start_day[slot] = row.start_day.value_or(kNone);
    for (int l = 0; l < 3; ++l) {
      const std::string_view t = s.Title(l);
      uint64_t prefix = 0;
      for (size_t i = 0; i < 8; ++i) {
        prefix = (prefix << 8) | (i < t.size() ? static_cast<unsigned char>(t[i]) : 0);
      }
      title_prefix[l][slot] = prefix;
    }
  }

  const Roaring* Find(const Postings& postings, const std::string& key) const {
    auto it = postings.find(key);
    return it == postings.end() ? nullptr : &bitmaps[it->second];
  }

  void Add(Postings& postings, const std::vector<std::string>& keys, uint32_t slot, Stored& row) {
    for (const std::string& k : keys) {
      auto [it, added] = postings.try_emplace(k, 0);
      if (added) {
        if (free_bitmaps.empty()) {
          it->second = static_cast<uint32_t>(bitmaps.size());
          bitmaps.emplace_back();
        } else {
          it->second = free_bitmaps.back();
          free_bitmaps.pop_back();
        }
      }
      Roaring& b = bitmaps[it->second];
      if (b.contains(slot)) continue;  // a list repeating a value
      b.add(slot);
      row.postings.push_back(it->second);
    }
  }

  void Insert(SearchRow row) {
    uint32_t slot;
    if (free_slots.empty()) {
      slot = static_cast<uint32_t>(slots.size());
      slots.emplace_back();
    } else {
      slot = free_slots.back();
      free_slots.pop_back();
    }
    const int version = row.public_version ? 1 : 0;
    auto project = by_project.try_emplace(row.project_id, std::array<int64_t, 2>{-1, -1}).first;
    project->second[version] = slot;
    by_seq.try_emplace(row.seq, std::array<int64_t, 2>{-1, -1}).first->second[version] = slot;
    (row.public_version ? published : working).add(slot);
    Stored s;
    s.project_id = &project->first;
    s.revision = row.revision;
    s.public_version = row.public_version;
    Add(owner, {row.organisation}, slot, s);
    for (int d = 0; d < kDims; ++d) Add(values[d], ValuesOf(row, d), slot, s);
    Add(organisations_lc, row.organisations_lc, slot, s);
    Add(org_roles_lc, row.org_roles_lc, slot, s);
    s.postings.shrink_to_fit();
    const std::string& fr = row.title_key[0];
    s.titles =
        absl::StrCat(fr, std::string(1, '\0'), row.title_key[1] == fr ? "" : row.title_key[1],
                     std::string(1, '\0'), row.title_key[2] == fr ? "" : row.title_key[2]);
    s.titles.shrink_to_fit();
    s.ar_at = static_cast<uint32_t>(fr.size() + 1);
    s.en_at = static_cast<uint32_t>(s.titles.find('\0', s.ar_at) + 1);
    SetColumns(slot, row, s);
    slots[slot] = std::move(s);
  }

  void Erase(uint32_t slot) {
    const Stored& row = *slots[slot];
    (row.public_version ? published : working).remove(slot);
    for (uint32_t id : row.postings) {
      bitmaps[id].remove(slot);
      if (bitmaps[id].isEmpty()) ReleaseIfEmpty(id);
    }
    by_seq.erase(seq[slot]);
    slots[slot].reset();
    free_slots.push_back(slot);
  }

  // Drops the key of emptied bitmap `id` (values no row has any more).
  void ReleaseIfEmpty(uint32_t id) {
    for (Postings* p : AllPostings()) {
      for (auto it = p->begin(); it != p->end(); ++it) {
        if (it->second == id) {
          p->erase(it);
          free_bitmaps.push_back(id);
          return;
        }
      }
    }
  }

  std::vector<Postings*> AllPostings() {
    std::vector<Postings*> all = {&owner, &organisations_lc, &org_roles_lc};
    for (auto& v : values) all.push_back(&v);
    return all;
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

size_t SearchIndex::size() const { return b_->slots.size() - b_->free_slots.size(); }

size_t SearchIndex::MemoryBytes() const {
  size_t n = b_->slots.capacity() * sizeof(std::optional<Stored>);
  for (const auto& s : b_->slots) {
    if (s) n += s->postings.capacity() * sizeof(uint32_t) + s->titles.capacity();
  }
  const Bitmaps& c = *b_;  // the columns
  n += (c.last_year.capacity() + c.first_year.capacity() + c.start_day.capacity()) *
           sizeof(int32_t) +
       c.budget.capacity() * sizeof(double) +
       (c.seq.capacity() + c.update_time.capacity()) * sizeof(int64_t);
  for (const auto& t : c.title_prefix) n += t.capacity() * sizeof(uint64_t);
  n += b_->by_project.size() * (StringBytes("") + 36 + 2 * sizeof(int64_t) + 16);
  n += b_->by_seq.capacity() * (3 * sizeof(int64_t) + 1);
  for (const auto& b : b_->bitmaps) n += sizeof(Roaring) + b.getSizeInBytes(false);
  n += b_->working.getSizeInBytes(false) + b_->published.getSizeInBytes(false);
  for (Postings* p : b_->AllPostings()) {
    n += p->capacity() * (sizeof(std::string) + sizeof(uint32_t) + 1);
    for (const auto& [k, v] : *p) n += k.capacity();
  }
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
    if (const Roaring* own = b.Find(b.owner, viewer.organisation)) {
      base -= *own;
      base |= (b.working & *own);
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
    std::vector<uint32_t>& slots = Scratch(base);
    size_t kept = 0;
    for (uint32_t slot : slots) {
      if (q.year_from() != 0 && (b.last_year[slot] == kNone || b.last_year[slot] < q.year_from())) {
        continue;
      }
      if (q.year_to() != 0 && (b.first_year[slot] == kNone || b.first_year[slot] > q.year_to())) {
        continue;
      }
      if (budget && !per_eur) continue;
      if (q.budget_min() != 0 && !(b.budget[slot] >= q.budget_min() / *per_eur)) continue;
      if (q.budget_max() != 0 && !(b.budget[slot] <= q.budget_max() / *per_eur)) continue;
      slots[kept++] = slot;
    }
    base = Roaring(kept, slots.data());
  }
  // Each faceted filter's rows (none: not filtered on).
  std::array<std::optional<Roaring>, kDims> flags;
  auto any = [&](int d, const auto& keys, const Postings& postings) {
    if (keys.empty()) return;
    Roaring rows;
    for (const auto& k : keys) {
      if (const Roaring* r = b.Find(postings, std::string(k))) rows |= *r;
    }
    flags[d] = std::move(rows);
  };
  any(kThemes, q.themes(), b.values[kThemes]);
  any(kRegions, q.region_codes(), b.values[kRegions]);
  any(kProvinces, q.province_codes(), b.values[kProvinces]);
  any(kCountries, q.diaspora_countries(), b.values[kCountries]);
  any(kGroups, q.target_groups(), b.values[kGroups]);
  std::vector<std::string> statuses, states;
  for (int s : q.statuses()) statuses.push_back(v1::ActivityStatus_Name(s));
  for (int s : q.states()) states.push_back(std::to_string(s));
  any(kStatuses, statuses, b.values[kStatuses]);
  any(kStates, states, b.values[kStates]);
  const OrganisationFilter orgs = OrganisationFilterOf(q);
  any(kOrganisations, orgs.role.empty() ? orgs.names : orgs.RoleKeys(),
      orgs.role.empty() ? b.organisations_lc : b.org_roles_lc);
  if (q.has_good_practice()) {
    any(kGoodPractice, std::vector<std::string>{q.good_practice() ? "true" : "false"},
        b.values[kGoodPractice]);
  }
  if (!q.mechanism().empty()) {
    any(kMechanism, std::vector<std::string>{q.mechanism()}, b.values[kMechanism]);
  }
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
      for (const auto& [value, id] : b.values[d]) {
        if (value.empty()) continue;
        const auto n = static_cast<int>(rows.and_cardinality(b.bitmaps[id]));
        if (n > 0) counts.push_back({value, n});
      }
      if (counts.empty()) continue;
      std::sort(counts.begin(), counts.end(), [](const FacetCount& x, const FacetCount& y) {
        return x.count != y.count ? x.count > y.count : x.value < y.value;
      });
      out.facets.push_back({kFields[d], std::move(counts)});
    }
  }
  // Order and page (PgProjectStore's OrderBy()): each matching row's sort
  // key, then the first offset + limit selected and sorted.
  if (offset >= out.total || limit <= 0) return out;
  std::string order = q.order_by();
  if (order.empty()) order = q.q().empty() ? "created" : "relevance";
  const int lang = q.language() == "ar" ? 1 : q.language() == "en" ? 2 : 0;
  // Each matching row's key: a, then b, then (title order) the whole title.
  struct Key {
    uint64_t a;
    int64_t b;
    uint32_t slot;
  };
  thread_local std::vector<Key> keys;  // kept: no fresh pages per query
  keys.clear();
  const std::vector<uint32_t>& rows = Scratch(matching);
  keys.reserve(rows.size());
  if (order == "relevance" && text != nullptr) {
    for (uint32_t s : rows) {
      keys.push_back({OrderKey(-text->at({b.seq[s], b.slots[s]->public_version})), b.seq[s], s});
    }
  } else if (order == "recent") {
    for (uint32_t s : rows) keys.push_back({OrderKey(-b.update_time[s]), -b.seq[s], s});
  } else if (order == "budget" || order == "-budget") {
    const double sign = order[0] == '-' ? -1 : 1;
    for (uint32_t s : rows) keys.push_back({OrderKey(sign * b.budget[s]), b.seq[s], s});
  } else if (order == "start" || order == "-start") {
    const int64_t sign = order[0] == '-' ? -1 : 1;
    for (uint32_t s : rows) {  // NULLS LAST either way
      keys.push_back(
          {b.start_day[s] == kNone ? ~uint64_t{0} : OrderKey(sign * b.start_day[s]), b.seq[s], s});
    }
  } else if (order == "title") {
    for (uint32_t s : rows) keys.push_back({b.title_prefix[lang][s], b.seq[s], s});
  } else {  // created, relevance without words
    for (uint32_t s : rows) keys.push_back({0, b.seq[s], s});
  }
  const auto end = static_cast<size_t>(std::min<int64_t>(offset + limit, out.total));
  const auto last = keys.begin() + static_cast<std::ptrdiff_t>(end);
  // The first `end` keys in order (a comparator known to the compiler: the
  // selection runs over every matching row).
  auto select = [&](auto before) {
    if (end < keys.size()) std::nth_element(keys.begin(), last, keys.end(), before);
    std::sort(keys.begin(), last, before);
  };
  if (order == "title") {
    select([&b, lang](const Key& x, const Key& y) {
      if (x.a != y.a) return x.a < y.a;
      const int c = b.slots[x.slot]->Title(lang).compare(b.slots[y.slot]->Title(lang));
      return c != 0 ? c < 0 : x.b < y.b;
    });
  } else {
    select([](const Key& x, const Key& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  }
  for (size_t i = static_cast<size_t>(offset); i < end; ++i) {
    const Stored& r = *b.slots[keys[i].slot];
    out.rows.push_back({*r.project_id, r.public_version, r.revision});
  }
  return out;
}

}  // namespace atlas::registry
