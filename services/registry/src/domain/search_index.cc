#include "registry/domain/search_index.h"

#include <roaring/roaring.hh>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
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
  bool unpositioned = false;  // a term of its text without positions
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
// query).
const std::vector<uint32_t>& Members(const Roaring& bitmap) {
  thread_local std::vector<uint32_t> buffer;
  buffer.resize(bitmap.cardinality());
  bitmap.toUint32Array(buffer.data());
  return buffer;
}

// Order-preserving unsigned keys of numbers (ascending).
uint64_t Ordered(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits & (uint64_t{1} << 63)) != 0 ? ~bits : bits | (uint64_t{1} << 63);
}
uint64_t Ordered(int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); }

// A row's place in an order: by a, then b (the slot names the row).
struct OrderKey {
  uint64_t a;
  int64_t b;
  uint32_t slot;
};

// The first `n` of `rows` in order `before` of their keys `key_of`, sorted:
// a bounded heap when few of many are asked (one comparison for most rows),
// else a selection over all.
template <typename Before, typename KeyOf>
std::vector<OrderKey> FirstRows(const std::vector<uint32_t>& rows, size_t n, Before before,
                                KeyOf key_of) {
  std::vector<OrderKey> keys;
  if (n * 8 < rows.size()) {
    keys.reserve(n);
    for (uint32_t s : rows) {
      const OrderKey k = key_of(s);
      if (keys.size() < n) {
        keys.push_back(k);
        std::push_heap(keys.begin(), keys.end(), before);
      } else if (before(k, keys.front())) {
        std::pop_heap(keys.begin(), keys.end(), before);
        keys.back() = k;
        std::push_heap(keys.begin(), keys.end(), before);
      }
    }
    std::sort_heap(keys.begin(), keys.end(), before);
    return keys;
  }
  keys.reserve(rows.size());
  for (uint32_t s : rows) keys.push_back(key_of(s));
  const auto last = keys.begin() + static_cast<std::ptrdiff_t>(std::min(n, keys.size()));
  if (last != keys.end()) std::nth_element(keys.begin(), last, keys.end(), before);
  std::sort(keys.begin(), last, before);
  keys.erase(last, keys.end());
  return keys;
}

// An id in `items`: one freed before (`free`), else a new item's.
template <typename T>
uint32_t NewId(std::vector<T>& items, std::vector<uint32_t>& free) {
  if (free.empty()) {
    items.emplace_back();
    return static_cast<uint32_t>(items.size() - 1);
  }
  const uint32_t id = free.back();
  free.pop_back();
  return id;
}

// Value → bitmap id, per kind of posting.
using Postings = absl::flat_hash_map<std::string, uint32_t>;

size_t StringBytes(const std::string& s) { return sizeof(std::string) + s.capacity(); }

// The intersection of `sets` (at least one), the smallest first: no copy of
// a large set when a small one bounds the answer.
Roaring Intersection(std::vector<const Roaring*> sets) {
  std::sort(sets.begin(), sets.end(),
            [](const Roaring* x, const Roaring* y) { return x->cardinality() < y->cardinality(); });
  if (sets.size() == 1) return *sets[0];
  Roaring out = *sets[0] & *sets[1];
  for (size_t i = 2; i < sets.size() && !out.isEmpty(); ++i) out &= *sets[i];
  return out;
}

// Rows by a number, in buckets whose key grows with it: the rows of a range
// are the buckets inside it, and those of the bucket at its end, tested one
// by one where a bucket holds more than one number.
class Ranges {
 public:
  void Add(int64_t key, uint32_t slot) {
    buckets_[key].add(slot);
    all_.add(slot);
  }
  void Remove(int64_t key, uint32_t slot) {
    auto it = buckets_.find(key);
    if (it == buckets_.end()) return;
    it->second.remove(slot);
    if (it->second.isEmpty()) buckets_.erase(it);
    all_.remove(slot);
  }
  // Rows whose key is at least `key` (above = true) or at most `key`.
  Roaring From(int64_t key, bool above) const {
    // The buckets on the asked side, or every row but the other side's:
    // whichever holds fewer rows.
    std::vector<const Roaring*> inside, outside;
    uint64_t in_rows = 0, out_rows = 0;
    for (const auto& [k, rows] : buckets_) {
      const bool in = above ? k >= key : k <= key;
      (in ? inside : outside).push_back(&rows);
      (in ? in_rows : out_rows) += rows.cardinality();
    }
    if (inside.empty()) return Roaring();
    if (in_rows <= out_rows || outside.empty()) {
      return Roaring::fastunion(inside.size(), inside.data());
    }
    return all_ - Roaring::fastunion(outside.size(), outside.data());
  }
  const Roaring* Bucket(int64_t key) const {
    auto it = buckets_.find(key);
    return it == buckets_.end() ? nullptr : &it->second;
  }
  size_t MemoryBytes() const {
    size_t n = all_.getSizeInBytes(false);
    for (const auto& [k, rows] : buckets_) n += 48 + sizeof(Roaring) + rows.getSizeInBytes(false);
    return n;
  }

 private:
  std::map<int64_t, Roaring> buckets_;
  Roaring all_;
};

// A budget's bucket: a quarter of a doubling (~19 %), growing with the
// amount; zero and below share one, above every other.
int64_t BudgetKey(double eur) {
  if (!(eur > 0)) return -100000;
  if (eur >= 1e300) return 100000;
  return static_cast<int64_t>(std::floor(std::log2(eur) * 4));
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
  std::vector<std::optional<Stored>> slots;
  std::vector<uint32_t> free_slots;
  // Slots erased and not purged yet: still in the text's bitmaps (rows keep
  // no list of their terms: 4 bytes a term, ~70 MiB at 100 000 projects),
  // harmless there — never visible, so never matched — and not reused
  // until PurgeErased() takes them out, a pass over every term that
  // Settle() makes once they are many.
  Roaring erased;
  static constexpr uint64_t kPurgeAt = 4096;
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
  // Rows by the year they run until, their first year, their budget in EUR
  // (a row without one is in none).
  Ranges by_last_year, by_first_year, by_budget;
  // The title order, fr, ar, en: slots by (title, seq), and each slot's
  // place there; rows inserted since the last Settle() are not placed yet
  // (the order then compares titles).
  std::array<std::vector<uint32_t>, 3> title_order, title_rank;
  static constexpr uint32_t kUnplaced = UINT32_MAX;  // a rank: in no order
  std::vector<uint32_t> unplaced;
  std::vector<uint32_t> unordered;  // slots erased since the last Settle()
  bool ranks_settled = true;
  // The text: per term, its rows, and those where it is in a title or an
  // organisation's name (weight A or C); terms sorted (prefixes are ranges).
  struct Lexeme {
    Roaring rows, titles;
    std::map<std::string, uint32_t>::iterator at;
  };
  std::map<std::string, uint32_t> lexicon;
  std::vector<Lexeme> lexemes;
  std::vector<uint32_t> free_lexemes;
  size_t unpositioned = 0;  // rows with a term without positions

  void AddTerms(const std::vector<std::pair<std::string, uint8_t>>& terms, uint32_t slot,
                Stored& row) {
    for (const auto& [term, weights] : terms) {
      auto [it, added] = lexicon.try_emplace(term, 0);
      if (added) {
        it->second = NewId(lexemes, free_lexemes);
        lexemes[it->second].at = it;
      }
      Lexeme& l = lexemes[it->second];
      l.rows.add(slot);
      if ((weights & (kWeightA | kWeightC)) != 0) l.titles.add(slot);
      if ((weights & kNoPositions) != 0) row.unpositioned = true;
    }
    if (row.unpositioned) ++unpositioned;
  }

  // Takes the slots erased since the last call out of the text's bitmaps
  // (one pass over the terms, whatever their number), and frees them.
  void PurgeErased() {
    if (erased.isEmpty()) return;
    for (uint32_t id = 0; id < lexemes.size(); ++id) {
      Lexeme& l = lexemes[id];
      if (l.rows.isEmpty()) continue;  // free
      l.rows -= erased;
      l.titles -= erased;
      if (l.rows.isEmpty()) {
        lexicon.erase(l.at);
        l = Lexeme();
        free_lexemes.push_back(id);
      }
    }
    for (uint32_t slot : erased) free_slots.push_back(slot);
    erased = Roaring();
  }

  // The rows of `terms`, and of every term starting with one of `prefixes`:
  // anywhere, or (titles) in a title or an organisation's name.
  Roaring TermRows(const std::vector<std::string>& terms, const std::vector<std::string>& prefixes,
                   bool titles) const {
    std::vector<const Roaring*> sets;
    auto take = [&](uint32_t id) {
      sets.push_back(titles ? &lexemes[id].titles : &lexemes[id].rows);
    };
    for (const std::string& t : terms) {
      if (auto it = lexicon.find(t); it != lexicon.end()) take(it->second);
    }
    for (const std::string& p : prefixes) {
      for (auto it = lexicon.lower_bound(p);
           it != lexicon.end() && it->first.compare(0, p.size(), p) == 0; ++it) {
        take(it->second);
      }
    }
    return sets.empty() ? Roaring() : Roaring::fastunion(sets.size(), sets.data());
  }

  // PgProjectStore's text match and Relevance(), in twentieths: per word 20
  // for its own form in a title (eA), 14 for an approximate one there (xA),
  // 10 and 7 elsewhere (e, x); the rows with any word, scored in `score`.
  Roaring MatchText(const TextQuery& words, std::vector<uint16_t>& score) const {
    Roaring all;
    for (const TextQuery::Word& w : words.words) {
      const Roaring exact_titles = TermRows(w.exact, {}, true);
      const Roaring exact = TermRows(w.exact, {}, false);
      const Roaring near_titles = TermRows(w.near, w.prefixes, true);
      const Roaring near = TermRows(w.near, w.prefixes, false);
      Roaring scored;
      auto tier = [&](const Roaring& rows, uint16_t points) {
        const Roaring fresh = rows - scored;
        for (uint32_t s : fresh) score[s] = static_cast<uint16_t>(score[s] + points);
        scored |= fresh;
      };
      tier(exact_titles, 20);
      tier(near_titles, 14);
      tier(exact, 10);
      tier(near, 7);
      all |= scored;
    }
    return all;
  }

  void SetColumns(uint32_t slot, const SearchRow& row) {
    if (seq.size() <= slot) {
      for (auto* v : {&last_year, &first_year, &start_day}) v->resize(slot + 1);
      budget.resize(slot + 1);
      seq.resize(slot + 1);
      update_time.resize(slot + 1);
      for (auto& t : title_rank) t.resize(slot + 1);
    }
    last_year[slot] = row.year_to.value_or(row.year_from.value_or(kNone));
    first_year[slot] = row.year_from.value_or(kNone);
    budget[slot] = row.budget_eur;
    seq[slot] = row.seq;
    update_time[slot] = row.update_time_us;
    start_day[slot] = row.start_day.value_or(kNone);
    if (last_year[slot] != kNone) by_last_year.Add(last_year[slot], slot);
    if (first_year[slot] != kNone) by_first_year.Add(first_year[slot], slot);
    if (!std::isnan(budget[slot])) by_budget.Add(BudgetKey(budget[slot]), slot);
    for (auto& rank : title_rank) rank[slot] = kUnplaced;  // fresh, or left an order before
    unplaced.push_back(slot);
    ranks_settled = false;
  }

  // Rows matching the budget filter `eur` (a minimum, or a maximum):
  // buckets past its own, and its own bucket's rows tested.
  Roaring Budget(double eur, bool minimum) const {
    const int64_t key = BudgetKey(eur);
    Roaring out = by_budget.From(minimum ? key + 1 : key - 1, minimum);
    if (const Roaring* edge = by_budget.Bucket(key)) {
      for (uint32_t slot : *edge) {
        if (minimum ? budget[slot] >= eur : budget[slot] <= eur) out.add(slot);
      }
    }
    return out;
  }

  // Places the rows inserted since the last call in the title orders (and
  // drops those erased): binary insertion for a few, a sort for many.
  void Settle() {
    if (erased.cardinality() >= kPurgeAt) PurgeErased();
    if (ranks_settled) return;
    // Out of the orders: the slots erased, and those given rows (again);
    // marked in a byte per slot (the rows themselves are far apart).
    std::vector<uint8_t> out(slots.size(), 0);
    for (uint32_t s : unordered) out[s] = 1;
    std::vector<uint32_t> added;  // once each, if still there
    for (uint32_t s : unplaced) {
      if (out[s] != 2 && slots[s]) added.push_back(s);
      out[s] = 2;
    }
    for (int l = 0; l < 3; ++l) {
      auto before = [this, l](uint32_t x, uint32_t y) {
        const int c = slots[x]->Title(l).compare(slots[y]->Title(l));
        return c != 0 ? c < 0 : seq[x] < seq[y];
      };
      std::vector<uint32_t>& order = title_order[l];
      std::vector<uint32_t>& rank = title_rank[l];
      // Places before the first one that changes keep their ranks.
      size_t from = order.size();
      for (const auto* leaving : {&unordered, &unplaced}) {
        for (uint32_t s : *leaving) {
          if (rank[s] != kUnplaced) from = std::min<size_t>(from, rank[s]);
        }
      }
      const auto start = order.begin() + static_cast<std::ptrdiff_t>(from);
      order.erase(std::remove_if(start, order.end(), [&](uint32_t s) { return out[s] != 0; }),
                  order.end());
      std::sort(added.begin(), added.end(), before);
      if (added.size() * 16 > order.size()) {
        const auto middle = static_cast<std::ptrdiff_t>(order.size());
        order.insert(order.end(), added.begin(), added.end());
        std::inplace_merge(order.begin(), order.begin() + middle, order.end(), before);
        from = 0;
      } else {
        for (uint32_t s : added) {
          const auto at = std::upper_bound(order.begin(), order.end(), s, before);
          from = std::min<size_t>(from, static_cast<size_t>(at - order.begin()));
          order.insert(at, s);
        }
      }
      for (size_t i = from; i < order.size(); ++i) rank[order[i]] = static_cast<uint32_t>(i);
    }
    unplaced.clear();
    unordered.clear();
    ranks_settled = true;
  }

  const Roaring* Find(const Postings& postings, const std::string& key) const {
    auto it = postings.find(key);
    return it == postings.end() ? nullptr : &bitmaps[it->second];
  }

  void Add(Postings& postings, const std::vector<std::string>& keys, uint32_t slot, Stored& row) {
    for (const std::string& k : keys) {
      auto [it, added] = postings.try_emplace(k, 0);
      if (added) it->second = NewId(bitmaps, free_bitmaps);
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
    AddTerms(row.terms, slot, s);
    const std::string& fr = row.title_key[0];
    s.titles =
        absl::StrCat(fr, std::string(1, '\0'), row.title_key[1] == fr ? "" : row.title_key[1],
                     std::string(1, '\0'), row.title_key[2] == fr ? "" : row.title_key[2]);
    s.titles.shrink_to_fit();
    s.ar_at = static_cast<uint32_t>(fr.size() + 1);
    s.en_at = static_cast<uint32_t>(s.titles.find('\0', s.ar_at) + 1);
    SetColumns(slot, row);
    slots[slot] = std::move(s);
  }

  void Erase(uint32_t slot) {
    const Stored& row = *slots[slot];
    (row.public_version ? published : working).remove(slot);
    for (uint32_t id : row.postings) {
      bitmaps[id].remove(slot);
      if (bitmaps[id].isEmpty()) ReleaseIfEmpty(id);
    }
    if (row.unpositioned) --unpositioned;
    by_seq.erase(seq[slot]);
    if (last_year[slot] != kNone) by_last_year.Remove(last_year[slot], slot);
    if (first_year[slot] != kNone) by_first_year.Remove(first_year[slot], slot);
    if (!std::isnan(budget[slot])) by_budget.Remove(BudgetKey(budget[slot]), slot);
    slots[slot].reset();
    unordered.push_back(slot);
    ranks_settled = false;
    erased.add(slot);  // freed by PurgeErased()
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

size_t SearchIndex::size() const {
  return b_->slots.size() - b_->free_slots.size() - b_->erased.cardinality();
}

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
  for (int l = 0; l < 3; ++l) {
    n += (c.title_order[l].capacity() + c.title_rank[l].capacity()) * sizeof(uint32_t);
  }
  n += c.by_last_year.MemoryBytes() + c.by_first_year.MemoryBytes() + c.by_budget.MemoryBytes();
  for (const auto& l : c.lexemes) {
    n += sizeof(l) + l.rows.getSizeInBytes(false) + l.titles.getSizeInBytes(false);
  }
  for (const auto& [term, id] : c.lexicon) n += 64 + term.capacity();
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

bool SearchIndex::CanMatch(const TextQuery& words) const {
  if (b_->unpositioned > 0) return false;
  // Lower-case ASCII letters and digits, or the Arabic letters libs/text
  // keeps (U+0621–063A, 0641–064A, 066E–06D3, 06FA–06FF; two bytes each).
  auto plain = [](const std::string& t) {
    if (t.empty() || t.size() > 2000) return false;
    if (std::all_of(t.begin(), t.end(),
                    [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); })) {
      return true;
    }
    if (t.size() % 2 != 0) return false;
    for (size_t i = 0; i < t.size(); i += 2) {
      const auto hi = static_cast<unsigned char>(t[i]), lo = static_cast<unsigned char>(t[i + 1]);
      if ((hi != 0xD8 && hi != 0xD9 && hi != 0xDA && hi != 0xDB) || (lo & 0xC0) != 0x80) {
        return false;
      }
      const unsigned cp = ((hi & 0x1Fu) << 6) | (lo & 0x3Fu);
      if (!((cp >= 0x621 && cp <= 0x63A) || (cp >= 0x641 && cp <= 0x64A) ||
            (cp >= 0x66E && cp <= 0x6D3) || (cp >= 0x6FA && cp <= 0x6FF))) {
        return false;
      }
    }
    return true;
  };
  for (const TextQuery::Word& w : words.words) {
    for (const auto* terms : {&w.exact, &w.near, &w.prefixes}) {
      if (!std::all_of(terms->begin(), terms->end(), plain)) return false;
    }
  }
  return true;
}

IndexPage SearchIndex::Query(const v1::ListProjectsRequest& q, const Viewer& viewer,
                             const TextMatches* text, std::optional<double> per_eur, int limit,
                             int64_t offset, bool with_facets, const TextQuery* words) const {
  const Bitmaps& b = *b_;
  // The rows every filter but the faceted ones leaves: visibility (the rule
  // of PgProjectStore's Visibility()), the text's rows, years and budget —
  // intersected from the smallest, the large sets never copied for nothing.
  std::vector<const Roaring*> kept;
  std::deque<Roaring> made;  // the sets built for this query (kept points at them)
  const Roaring* own = viewer.sees_all || viewer.organisation.empty()
                           ? nullptr
                           : b.Find(b.owner, viewer.organisation);
  if (viewer.sees_all) {
    kept.push_back(&b.working);
  } else if (own != nullptr) {  // its organisation's working copies instead of their public ones
    kept.push_back(&made.emplace_back((b.published - *own) | (b.working & *own)));
  } else {
    kept.push_back(&b.published);
  }
  // The text's rows, and their relevance in twentieths by slot (in a buffer
  // of the thread, zero again when the query ends).
  thread_local std::vector<uint16_t> score;
  if (score.size() < b.slots.size()) score.resize(b.slots.size());
  const bool has_text = text != nullptr || words != nullptr;
  Roaring* text_rows = has_text ? &made.emplace_back() : nullptr;
  struct Rezero {
    Roaring* rows;
    ~Rezero() {
      if (rows != nullptr) {
        for (uint32_t s : *rows) score[s] = 0;
      }
    }
  } rezero{text_rows};
  if (text != nullptr) {
    for (const auto& [key, relevance] : *text) {
      auto it = b.by_seq.find(key.first);
      if (it != b.by_seq.end() && it->second[key.second ? 1 : 0] >= 0) {
        const auto slot = static_cast<uint32_t>(it->second[key.second ? 1 : 0]);
        text_rows->add(slot);
        score[slot] = static_cast<uint16_t>(std::lround(relevance * 20));
      }
    }
  } else if (words != nullptr) {
    *text_rows = b.MatchText(*words, score);
  }
  if (text_rows != nullptr) kept.push_back(text_rows);
  // Years: rows running until year_from or later, and starting by year_to.
  if (q.year_from() != 0)
    kept.push_back(&made.emplace_back(b.by_last_year.From(q.year_from(), true)));
  if (q.year_to() != 0)
    kept.push_back(&made.emplace_back(b.by_first_year.From(q.year_to(), false)));
  if (q.budget_min() != 0 || q.budget_max() != 0) {
    if (!per_eur) {  // no rate for the currency: nothing matches
      kept.push_back(&made.emplace_back());
    } else {
      if (q.budget_min() != 0) {
        kept.push_back(&made.emplace_back(b.Budget(q.budget_min() / *per_eur, true)));
      }
      if (q.budget_max() != 0) {
        kept.push_back(&made.emplace_back(b.Budget(q.budget_max() / *per_eur, false)));
      }
    }
  }
  std::optional<Roaring> base_made;
  if (kept.size() > 1) base_made = Intersection(kept);
  const Roaring& base = base_made ? *base_made : *kept[0];
  // Each faceted filter's rows (none: not filtered on): one value's bitmap
  // itself, the union of several.
  std::array<const Roaring*, kDims> flags{};
  std::array<Roaring, kDims> unions;
  static const Roaring kEmpty;
  auto any = [&](int d, const auto& keys, const Postings& postings) {
    if (keys.empty()) return;
    std::vector<const Roaring*> found;
    for (const auto& k : keys) {
      if (const Roaring* r = b.Find(postings, std::string(k))) found.push_back(r);
    }
    if (found.size() == 1) {
      flags[d] = found[0];
    } else if (found.empty()) {
      flags[d] = &kEmpty;
    } else {
      unions[d] = Roaring::fastunion(found.size(), found.data());
      flags[d] = &unions[d];
    }
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
    std::vector<const Roaring*> sets = {&base};
    for (int d = 0; d < kDims; ++d) {
      if (d != skip && flags[d] != nullptr) sets.push_back(flags[d]);
    }
    return Intersection(std::move(sets));
  };
  const Roaring matching = under(-1);
  IndexPage out;
  out.total = static_cast<int>(matching.cardinality());
  if (with_facets) {
    for (int d = 0; d < kDims; ++d) {
      std::optional<Roaring> its_own;  // under every filter but d's
      if (flags[d] != nullptr) its_own = under(d);
      const Roaring& rows = its_own ? *its_own : matching;
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
  // Order and page (PgProjectStore's OrderBy()): the first offset + limit
  // rows by their keys, then the page.
  if (offset >= out.total || limit <= 0) return out;
  std::string order = q.order_by();
  if (order.empty()) order = q.q().empty() ? "created" : "relevance";
  const int lang = q.language() == "ar" ? 1 : q.language() == "en" ? 2 : 0;
  const auto end = static_cast<size_t>(std::min<int64_t>(offset + limit, out.total));
  // The title order compares titles only where they are not placed yet.
  const bool by_title = order == "title", title_text = by_title && !b.ranks_settled;
  auto before = [&b, lang, title_text](const OrderKey& x, const OrderKey& y) {
    if (x.a != y.a) return x.a < y.a;
    if (title_text) {
      const int c = b.slots[x.slot]->Title(lang).compare(b.slots[y.slot]->Title(lang));
      if (c != 0) return c < 0;
    }
    return x.b < y.b;
  };
  const std::vector<uint32_t>& rows = Members(matching);
  std::vector<OrderKey> first;
  if (order == "relevance" && has_text) {
    first = FirstRows(rows, end, before, [&](uint32_t s) {
      return OrderKey{~uint64_t{score[s]}, b.seq[s], s};  // the most relevant first
    });
  } else if (order == "recent") {
    first = FirstRows(rows, end, before, [&](uint32_t s) {
      return OrderKey{Ordered(-b.update_time[s]), -b.seq[s], s};
    });
  } else if (order == "budget" || order == "-budget") {
    const double sign = order[0] == '-' ? -1 : 1;
    first = FirstRows(rows, end, before, [&](uint32_t s) {
      return OrderKey{Ordered(sign * b.budget[s]), b.seq[s], s};
    });
  } else if (order == "start" || order == "-start") {
    const int64_t sign = order[0] == '-' ? -1 : 1;
    first = FirstRows(rows, end, before, [&](uint32_t s) {  // NULLS LAST either way
      return OrderKey{b.start_day[s] == kNone ? ~uint64_t{0} : Ordered(sign * b.start_day[s]),
                      b.seq[s], s};
    });
  } else if (by_title) {
    first = FirstRows(rows, end, before, [&](uint32_t s) {
      return OrderKey{title_text ? 0 : b.title_rank[lang][s], b.seq[s], s};
    });
  } else {  // created, relevance without words
    first = FirstRows(rows, end, before, [&](uint32_t s) { return OrderKey{0, b.seq[s], s}; });
  }
  for (size_t i = static_cast<size_t>(offset); i < first.size(); ++i) {
    const Stored& r = *b.slots[first[i].slot];
    out.rows.push_back({*r.project_id, r.public_version, r.revision});
  }
  return out;
}

void SearchIndex::Settle() { b_->Settle(); }

}  // namespace atlas::registry
