// Hierarchical greedy point clustering for the map, in the spirit of
// supercluster (https://github.com/mapbox/supercluster): from the highest zoom
// down, every point or cluster not yet taken gathers the others within
// `radius` pixels (at that zoom, on a tile of `extent` pixels) into a cluster
// at their weighted centre. Each zoom keeps its nodes sorted in a uniform grid
// of cells one search radius wide (row-major keys, radix-sorted), so the
// greedy pass finds neighbours with three monotone cursors instead of a tree
// search, and a bbox query is one key range per grid row. See decision 0016.
#ifndef ATLAS_GEO_DOMAIN_CLUSTER_INDEX_H_
#define ATLAS_GEO_DOMAIN_CLUSTER_INDEX_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "geo/domain/bbox.h"

namespace atlas::geo {

inline constexpr int kMaxThemes = 16;  // theme slots per point (a bitmask)

struct ClusterOptions {
  int min_zoom = 0;
  int max_zoom = 16;        // clusters are made up to this zoom; above it, points
  double radius = 40;       // pixels
  double extent = 512;      // tile size in pixels the radius refers to
  uint32_t min_points = 2;  // fewer points than this never form a cluster
};

struct ClusterPoint {
  double lng = 0, lat = 0;
  uint16_t themes = 0;  // bit i = theme slot i
};

class ClusterIndex {
 public:
  // A feature at some zoom: one input point (`point` = its index in the
  // input) or a cluster (`cluster` = its id).
  struct Node {
    bool is_cluster = false;
    uint32_t id = 0;  // point index or cluster id
    double lng = 0, lat = 0;
    uint32_t count = 1;  // points it stands for
  };
  struct Cluster {
    double x = 0, y = 0;  // weighted centre, Web Mercator in [0, 1]
    uint32_t count = 0;
    int zoom = 0;  // the highest zoom at which it exists (it splits at zoom + 1)
    double west = 0, south = 0, east = 0, north = 0;  // bounds of its points
    std::array<uint32_t, kMaxThemes> theme_counts{};
  };

  ClusterIndex() = default;
  ClusterIndex(std::span<const ClusterPoint> points, const ClusterOptions& options);

  // Features at `zoom` (clamped to [min_zoom, max_zoom + 1]) whose position
  // lies in `box` (which may cross the antimeridian), in grid order.
  void Query(const Bbox& box, int zoom, std::vector<Node>* out) const;

  const Cluster& cluster(uint32_t id) const { return clusters_[id]; }
  size_t cluster_count() const { return clusters_.size(); }
  // The zoom at which the cluster splits into its children.
  int ExpansionZoom(uint32_t id) const { return clusters_[id].zoom + 1; }
  // Direct children (points or clusters one zoom higher).
  std::vector<Node> Children(uint32_t id) const;
  // Indexes of every input point under the cluster.
  void Leaves(uint32_t id, std::vector<uint32_t>* out) const;
  size_t point_count() const { return points_.size(); }
  const ClusterOptions& options() const { return options_; }

  static double LngToX(double lng);
  static double LatToY(double lat);
  static double XToLng(double x);
  static double YToLat(double y);

 private:
  // A zoom level's nodes in grid order (struct of arrays).
  struct Level {
    double cell = 1;     // grid cell size (Web Mercator units)
    uint64_t width = 1;  // cells per row
    std::vector<uint64_t> keys;
    std::vector<double> x, y;
    std::vector<uint32_t> ref;  // point index, or kClusterBit | cluster id
    std::vector<uint32_t> count;
  };
  static constexpr uint32_t kClusterBit = 0x80000000u;

  void Sort(Level& level) const;
  Level ClusterLevel(Level& from, int zoom);
  Node NodeOf(uint32_t ref) const;
  void QueryBox(const Level& level, double x0, double y0, double x1, double y1,
                std::vector<Node>* out) const;

  ClusterOptions options_;
  std::vector<ClusterPoint> points_;
  std::vector<Cluster> clusters_;
  std::vector<uint32_t> child_start_;  // CSR: children of cluster i
  std::vector<uint32_t> children_;     // refs
  std::vector<Level> levels_;          // index zoom - min_zoom, up to max_zoom + 1
};

}  // namespace atlas::geo

#endif  // ATLAS_GEO_DOMAIN_CLUSTER_INDEX_H_
