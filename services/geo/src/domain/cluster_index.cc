// Greedy hierarchical clustering over per-zoom uniform grids.
#include "geo/domain/cluster_index.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

namespace atlas::geo {
namespace {

// The search radius at `zoom`, in Web Mercator units ([0, 1] across the world).
double RadiusAt(const ClusterOptions& o, int zoom) {
  return o.radius / (o.extent * std::ldexp(1.0, zoom));
}

struct KeyIndex {
  uint64_t key;
  uint32_t index;
};

// Sorts `items` by key: LSD radix sort on 16-bit digits for large inputs.
void SortByKey(std::vector<KeyIndex>& items, uint64_t max_key) {
  if (items.size() < 4096) {
    std::sort(items.begin(), items.end(),
              [](const KeyIndex& a, const KeyIndex& b) { return a.key < b.key; });
    return;
  }
  const auto bits = static_cast<int>(std::bit_width(max_key));
  std::vector<KeyIndex> tmp(items.size());
  std::vector<uint32_t> counts(1 << 16);
  for (int shift = 0; shift < bits; shift += 16) {
    std::fill(counts.begin(), counts.end(), 0);
    for (const KeyIndex& it : items) ++counts[(it.key >> shift) & 0xffff];
    uint32_t sum = 0;
    for (uint32_t& c : counts) {
      const uint32_t n = c;
      c = sum;
      sum += n;
    }
    for (const KeyIndex& it : items) tmp[counts[(it.key >> shift) & 0xffff]++] = it;
    items.swap(tmp);
  }
}

}  // namespace

double ClusterIndex::LngToX(double lng) { return lng / 360 + 0.5; }

double ClusterIndex::LatToY(double lat) {
  const double s = std::sin(lat * std::numbers::pi / 180);
  const double y = 0.5 - 0.25 * std::log((1 + s) / (1 - s)) / std::numbers::pi;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

double ClusterIndex::XToLng(double x) { return (x - 0.5) * 360; }

double ClusterIndex::YToLat(double y) {
  const double y2 = (180 - y * 360) * std::numbers::pi / 180;
  return 360 * std::atan(std::exp(y2)) / std::numbers::pi - 90;
}

ClusterIndex::ClusterIndex(std::span<const ClusterPoint> points, const ClusterOptions& options)
    : options_(options), points_(points.begin(), points.end()) {
  const int levels = options_.max_zoom + 2 - options_.min_zoom;
  levels_.resize(levels);
  Level& top = levels_.back();
  const size_t n = points_.size();
  top.x.resize(n);
  top.y.resize(n);
  top.ref.resize(n);
  top.count.assign(n, 1);
  for (size_t i = 0; i < n; ++i) {
    top.x[i] = LngToX(points_[i].lng);
    top.y[i] = LatToY(points_[i].lat);
    top.ref[i] = static_cast<uint32_t>(i);
  }
  top.cell = RadiusAt(options_, options_.max_zoom);
  Sort(top);
  for (int z = options_.max_zoom; z >= options_.min_zoom; --z) {
    levels_[z - options_.min_zoom] = ClusterLevel(levels_[z + 1 - options_.min_zoom], z);
  }
  child_start_.push_back(static_cast<uint32_t>(children_.size()));
}

// Orders the level's nodes by grid cell (cells `level.cell` wide).
void ClusterIndex::Sort(Level& level) const {
  level.width = static_cast<uint64_t>(1 / level.cell) + 2;
  const size_t n = level.x.size();
  std::vector<KeyIndex> order(n);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t cx = std::min(static_cast<uint64_t>(level.x[i] / level.cell), level.width - 1);
    const uint64_t cy = std::min(static_cast<uint64_t>(level.y[i] / level.cell), level.width - 1);
    order[i] = {cy * level.width + cx, static_cast<uint32_t>(i)};
  }
  SortByKey(order, level.width * level.width);
  Level sorted;
  sorted.cell = level.cell;
  sorted.width = level.width;
  sorted.keys.resize(n);
  sorted.x.resize(n);
  sorted.y.resize(n);
  sorted.ref.resize(n);
  sorted.count.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t j = order[i].index;
    sorted.keys[i] = order[i].key;
    sorted.x[i] = level.x[j];
    sorted.y[i] = level.y[j];
    sorted.ref[i] = level.ref[j];
    sorted.count[i] = level.count[j];
  }
  level = std::move(sorted);
}

// Clusters the nodes of zoom + 1 (`from`, whose cells are one radius at
// `zoom` wide) into the nodes of `zoom`.
ClusterIndex::Level ClusterIndex::ClusterLevel(Level& from, int zoom) {
  const double r = RadiusAt(options_, zoom);
  const double r2 = r * r;
  const size_t n = from.keys.size();
  const auto w = static_cast<int64_t>(from.width);
  Level out;
  out.x.reserve(n);
  out.y.reserve(n);
  out.ref.reserve(n);
  out.count.reserve(n);
  auto emit = [&out](double x, double y, uint32_t ref, uint32_t count) {
    out.x.push_back(x);
    out.y.push_back(y);
    out.ref.push_back(ref);
    out.count.push_back(count);
  };
  std::vector<uint8_t> taken(n, 0);
  std::array<size_t, 3> cursor{0, 0, 0};  // rows above, same, below
  std::vector<uint32_t> near;
  for (size_t i = 0; i < n; ++i) {
    if (taken[i]) continue;
    taken[i] = 1;
    const auto key = static_cast<int64_t>(from.keys[i]);
    const double xi = from.x[i], yi = from.y[i];
    near.clear();
    uint32_t total = from.count[i];
    for (int d = -1; d <= 1; ++d) {
      const int64_t lo = key + d * w - 1, hi = key + d * w + 1;
      size_t& c = cursor[d + 1];
      while (c < n && static_cast<int64_t>(from.keys[c]) < lo) ++c;
      for (size_t j = c; j < n && static_cast<int64_t>(from.keys[j]) <= hi; ++j) {
        if (taken[j]) continue;
        const double dx = from.x[j] - xi, dy = from.y[j] - yi;
        if (dx * dx + dy * dy <= r2) {
          near.push_back(static_cast<uint32_t>(j));
          total += from.count[j];
        }
      }
    }
    if (near.empty() || total < options_.min_points) {
      emit(xi, yi, from.ref[i], from.count[i]);
      for (uint32_t j : near) {  // too few to cluster: they stay as they are
        taken[j] = 1;
        emit(from.x[j], from.y[j], from.ref[j], from.count[j]);
      }
      continue;
    }
    Cluster c;
    c.count = total;
    c.zoom = zoom;
    c.west = c.south = 1e9;
    c.east = c.north = -1e9;
    double wx = 0, wy = 0;
    child_start_.push_back(static_cast<uint32_t>(children_.size()));
    near.push_back(static_cast<uint32_t>(i));
    for (uint32_t j : near) {
      taken[j] = 1;
      wx += from.x[j] * from.count[j];
      wy += from.y[j] * from.count[j];
      const uint32_t ref = from.ref[j];
      children_.push_back(ref);
      if (ref & kClusterBit) {
        const Cluster& k = clusters_[ref & ~kClusterBit];
        c.west = std::min(c.west, k.west);
        c.south = std::min(c.south, k.south);
        c.east = std::max(c.east, k.east);
        c.north = std::max(c.north, k.north);
        for (int t = 0; t < kMaxThemes; ++t) c.theme_counts[t] += k.theme_counts[t];
      } else {
        const ClusterPoint& p = points_[ref];
        c.west = std::min(c.west, p.lng);
        c.south = std::min(c.south, p.lat);
        c.east = std::max(c.east, p.lng);
        c.north = std::max(c.north, p.lat);
        for (uint32_t bits = p.themes; bits != 0; bits &= bits - 1) {
          ++c.theme_counts[std::countr_zero(bits)];
        }
      }
    }
    c.x = wx / total;
    c.y = wy / total;
    const auto id = static_cast<uint32_t>(clusters_.size());
    clusters_.push_back(c);
    emit(c.x, c.y, kClusterBit | id, total);
  }
  out.cell = 2 * r;  // the next (lower) zoom's radius
  Sort(out);
  return out;
}

ClusterIndex::Node ClusterIndex::NodeOf(uint32_t ref) const {
  if (ref & kClusterBit) {
    const uint32_t id = ref & ~kClusterBit;
    const Cluster& c = clusters_[id];
    return {true, id, XToLng(c.x), YToLat(c.y), c.count};
  }
  return {false, ref, points_[ref].lng, points_[ref].lat, 1};
}

void ClusterIndex::QueryBox(const Level& level, double x0, double y0, double x1, double y1,
                            std::vector<Node>* out) const {
  const size_t n = level.keys.size();
  auto inside = [&](size_t i) {
    return level.x[i] >= x0 && level.x[i] <= x1 && level.y[i] >= y0 && level.y[i] <= y1;
  };
  const uint64_t last = level.width - 1;
  const uint64_t cx0 = std::min(static_cast<uint64_t>(x0 / level.cell), last);
  const uint64_t cx1 = std::min(static_cast<uint64_t>(x1 / level.cell), last);
  const uint64_t cy0 = std::min(static_cast<uint64_t>(y0 / level.cell), last);
  const uint64_t cy1 = std::min(static_cast<uint64_t>(y1 / level.cell), last);
  if (cy1 - cy0 + 1 > n / 8) {  // a box taller than the data is dense: scan it all
    for (size_t i = 0; i < n; ++i) {
      if (inside(i)) out->push_back(NodeOf(level.ref[i]));
    }
    return;
  }
  for (uint64_t cy = cy0; cy <= cy1; ++cy) {
    const uint64_t hi = cy * level.width + cx1;
    auto it = std::lower_bound(level.keys.begin(), level.keys.end(), cy * level.width + cx0);
    for (auto i = static_cast<size_t>(it - level.keys.begin()); i < n && level.keys[i] <= hi; ++i) {
      if (inside(i)) out->push_back(NodeOf(level.ref[i]));
    }
  }
}

void ClusterIndex::Query(const Bbox& box, int zoom, std::vector<Node>* out) const {
  if (levels_.empty()) return;
  zoom = std::clamp(zoom, options_.min_zoom, options_.max_zoom + 1);
  const Level& level = levels_[zoom - options_.min_zoom];
  const double y0 = LatToY(box.north), y1 = LatToY(box.south);
  for (const Bbox& part : SplitAtAntimeridian(box)) {
    QueryBox(level, LngToX(part.west), y0, LngToX(part.east), y1, out);
  }
}

std::vector<ClusterIndex::Node> ClusterIndex::Children(uint32_t id) const {
  std::vector<Node> out;
  for (uint32_t k = child_start_[id]; k < child_start_[id + 1]; ++k) {
    out.push_back(NodeOf(children_[k]));
  }
  return out;
}

void ClusterIndex::Leaves(uint32_t id, std::vector<uint32_t>* out) const {
  for (uint32_t k = child_start_[id]; k < child_start_[id + 1]; ++k) {
    const uint32_t ref = children_[k];
    if (ref & kClusterBit) {
      Leaves(ref & ~kClusterBit, out);
    } else {
      out->push_back(ref);
    }
  }
}

}  // namespace atlas::geo
