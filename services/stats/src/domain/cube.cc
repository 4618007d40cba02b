#include "stats/domain/cube.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "atlas/core/hash.h"

namespace atlas::stats {

absl::StatusOr<Cube> Cube::Build(const std::vector<Dimension>& dimensions,
                                 const std::vector<Observation>& observations,
                                 const std::function<uint64_t(const Observation&)>& record_key) {
  Cube c;
  c.dims_.resize(dimensions.size());
  c.columns_.resize(dimensions.size());
  for (size_t d = 0; d < dimensions.size(); ++d) {
    c.dims_[d].id = dimensions[d].id;
    c.columns_[d].reserve(observations.size());
  }
  c.values_.reserve(observations.size());
  c.keys_.reserve(observations.size());
  c.status_.reserve(observations.size());
  for (const Observation& o : observations) {
    if (o.key.size() != dimensions.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "an observation has ", o.key.size(), " codes for ", dimensions.size(), " dimensions"));
    }
    for (size_t d = 0; d < dimensions.size(); ++d) {
      Dim& dim = c.dims_[d];
      auto [it, added] = dim.index.try_emplace(o.key[d], static_cast<uint16_t>(dim.codes.size()));
      if (added) {
        if (dim.codes.size() == std::numeric_limits<uint16_t>::max()) {
          return absl::InvalidArgumentError(
              absl::StrCat("dimension ", dim.id, " has more than 65535 codes"));
        }
        if (o.key[d] == kTotalCode) dim.total = static_cast<int>(dim.codes.size());
        dim.codes.push_back(o.key[d]);
      }
      c.columns_[d].push_back(it->second);
    }
    c.values_.push_back(o.value.value_or(0));
    c.status_.push_back(o.value.has_value() ? o.status : 'M');
    c.keys_.push_back(o.value.value_or(0) != 0 ? record_key(o) : 0);
    if (!o.note.empty()) c.notes_[absl::StrJoin(o.key, "\x1f")] = o.note;
  }
  std::vector<uint16_t> coords(dimensions.size());
  for (size_t r = 0; r < c.values_.size(); ++r) {
    for (size_t d = 0; d < coords.size(); ++d) coords[d] = c.columns_[d][r];
    c.points_.emplace(c.PointHash(coords), static_cast<uint32_t>(r));
  }
  return c;
}

const std::string& Cube::Note(const std::vector<std::string>& key) const {
  static const std::string kNone;
  auto it = notes_.find(absl::StrJoin(key, "\x1f"));
  return it == notes_.end() ? kNone : it->second;
}

int Cube::DimIndex(std::string_view id) const {
  for (size_t d = 0; d < dims_.size(); ++d) {
    if (dims_[d].id == id) return static_cast<int>(d);
  }
  return -1;
}

uint64_t Cube::PointHash(const std::vector<uint16_t>& coords) const {
  return core::Fnv1a64(std::string_view(reinterpret_cast<const char*>(coords.data()),
                                        coords.size() * sizeof(uint16_t)));
}

// A point query answered by one lookup; false when it is not one.
bool Cube::Point(const std::vector<std::vector<bool>>& allowed, std::vector<Cell>* out) const {
  std::vector<uint16_t> coords(dims_.size());
  for (size_t d = 0; d < dims_.size(); ++d) {
    if (d >= allowed.size() || allowed[d].empty()) return false;
    int only = -1;
    for (size_t i = 0; i < allowed[d].size(); ++i) {
      if (!allowed[d][i]) continue;
      if (only >= 0) return false;
      only = static_cast<int>(i);
    }
    if (only < 0) return true;  // nothing allowed: no cell
    coords[d] = static_cast<uint16_t>(only);
  }
  auto it = points_.find(PointHash(coords));
  if (it == points_.end()) return true;  // no such observation
  const uint32_t r = it->second;
  for (size_t d = 0; d < dims_.size(); ++d) {
    if (columns_[d][r] != coords[d]) return false;  // a collision: scan instead
  }
  Cell c;
  c.rows = 1;
  if (status_[r] == 'M') {
    c.missing = 1;
  } else {
    c.sum = values_[r];
    c.key = keys_[r];
    c.estimated = status_[r] == 'E';
    c.provisional = status_[r] == 'P';
  }
  out->push_back(std::move(c));
  return true;
}

std::vector<Cube::Cell> Cube::Aggregate(const std::vector<int>& group_by,
                                        const std::vector<std::vector<bool>>& allowed) const {
  if (group_by.empty()) {
    std::vector<Cell> point;
    if (Point(allowed, &point)) return point;
  }
  // Accumulators indexed by the mixed-radix number of the grouped codes:
  // dense while there are fewer slots than rows, else a hash map (a grouping
  // of many large dimensions never allocates its full product).
  size_t slots = 1;
  for (int g : group_by) {
    slots *= dims_[static_cast<size_t>(g)].codes.size();
    if (slots > std::numeric_limits<uint32_t>::max()) break;
  }
  const bool dense = slots <= values_.size() + 1;
  std::vector<Cell> acc(dense ? slots : 0);
  absl::flat_hash_map<size_t, Cell> sparse;
  std::vector<int> filtered;
  for (size_t d = 0; d < dims_.size(); ++d) {
    if (d < allowed.size() && !allowed[d].empty()) filtered.push_back(static_cast<int>(d));
  }
  const size_t n = values_.size();
  for (size_t r = 0; r < n; ++r) {
    bool pass = true;
    for (int d : filtered) {
      if (!allowed[static_cast<size_t>(d)][columns_[static_cast<size_t>(d)][r]]) {
        pass = false;
        break;
      }
    }
    if (!pass) continue;
    size_t slot = 0;
    for (int g : group_by) {
      slot =
          slot * dims_[static_cast<size_t>(g)].codes.size() + columns_[static_cast<size_t>(g)][r];
    }
    Cell& c = dense ? acc[slot] : sparse[slot];
    ++c.rows;
    switch (status_[r]) {
      case 'M':
        ++c.missing;
        continue;
      case 'E':
        c.estimated = true;
        break;
      case 'P':
        c.provisional = true;
        break;
      default:
        break;
    }
    c.sum += values_[r];
    c.key += keys_[r];
  }
  std::vector<std::pair<size_t, Cell>> found;
  if (dense) {
    for (size_t slot = 0; slot < acc.size(); ++slot) {
      if (acc[slot].rows > 0) found.emplace_back(slot, std::move(acc[slot]));
    }
  } else {
    found.assign(std::make_move_iterator(sparse.begin()), std::make_move_iterator(sparse.end()));
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  std::vector<Cell> out;
  out.reserve(found.size());
  for (auto& [slot, cell] : found) {
    Cell c = std::move(cell);
    c.coords.resize(group_by.size());
    size_t rest = slot;
    for (size_t i = group_by.size(); i-- > 0;) {
      const size_t size = dims_[static_cast<size_t>(group_by[i])].codes.size();
      c.coords[i] = static_cast<uint16_t>(rest % size);
      rest /= size;
    }
    out.push_back(std::move(c));
  }
  return out;
}

size_t Cube::MemoryBytes() const {
  size_t bytes = values_.capacity() * sizeof(int64_t) + keys_.capacity() * sizeof(uint64_t) +
                 status_.capacity() +
                 points_.capacity() * (sizeof(uint64_t) + sizeof(uint32_t) + 1);
  for (const auto& col : columns_) bytes += col.capacity() * sizeof(uint16_t);
  for (const Dim& d : dims_) {
    for (const auto& code : d.codes) bytes += code.capacity() + sizeof(std::string) * 2 + 8;
  }
  return bytes;
}

}  // namespace atlas::stats
